"""The outreach tallies: how many contacts of one kind a partner made on a day at one of its centres.

A tally counts contacts, never people by name (a neighbourhood is one of the centre's list, never an
address): there is no column for a name, an address or a note, and nothing typed as free text is stored. Who
recorded it is kept (the staff account, for the partner's own list), not whom.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class ReachTally(SQLModel, table=True):
    """One tally: on `day`, at `centre_id` (a centre of content/centres/), `count` contacts of `kind`."""

    __tablename__ = "reach_tally"
    __table_args__ = (Index("ix_reach_tally_centre_day", "centre_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    centre_id: str = Field(sa_column=Column(String(64), nullable=False))
    # one of the centre's neighbourhoods (content/centres/<id>.yml), "" for the whole area
    neighbourhood: str = Field(default="", sa_column=Column(String(80), nullable=False, server_default=""))
    day: date = Field(sa_column=Column(Date, nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))  # guide.outreach.service.KINDS
    count: int = Field(sa_column=Column(Integer, nullable=False))
    recorded_by: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
