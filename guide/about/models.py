"""The tables of "About you": a partner's switch for the optional questions, and a journey's answers.

The switch is keyed by the partner's id string (the centres' `partner`), in a table of its own, so it stands apart
from however partners themselves are stored. The answers are chosen from lists, never typed; they hang off the
journey and go with it ("Delete my data": guide.journeys.service.delete_journey; the foreign key cascades too).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, false
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class PartnerQuestion(SQLModel, table=True):
    """Which optional questions a partner's journeys are asked, and which admin last set it, when."""

    __tablename__ = "partner_question"

    partner: str = Field(sa_column=Column(String(64), primary_key=True))
    ask_age_band: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    ask_gender: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    updated_by: str = Field(default="", sa_column=Column(String(128), nullable=False, server_default=""))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class JourneyAbout(SQLModel, table=True):
    """A journey's answers: an age band and a gender (guide.about.service), NULL where not answered."""

    __tablename__ = "journey_about"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    age_band: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    gender: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
