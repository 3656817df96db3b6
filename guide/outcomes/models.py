"""The outcomes tables: what a job seeker started after (or while) using the guide, and the check-ins after a job,
a training or work experience.

No name, no employer, no free text: an outcome is a kind chosen from a list, a detail chosen from lists (a job's
hours band and contract) and the month it started. Both tables hang off the journey and go with it ("Delete my
data", guide.journeys.service.delete_journey; the foreign keys cascade too).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class Outcome(SQLModel, table=True):
    """One thing a person started: `kind` (guide.outcomes.service.KINDS) in the month `started_month`."""

    __tablename__ = "outcome"
    # the results report (skills_audit.outcome_counts): a centre's outcomes of a kind started in a quarter (0027)
    __table_args__ = (Index("ix_outcome_centre_kind_month", "centre_id", "kind", "started_month"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    # The journey's centre (chosen when it starts, never changed), copied so the report needs no join (0027); every
    # writer sets it (tests/skills_audit/test_centre_copies.py), "" only as the migration had to add the column.
    centre_id: str = Field(sa_column=Column(String(64), nullable=False, server_default=""))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    # a job's "hours/contract" codes (guide.outcomes.service.HOURS, CONTRACTS), "" for the other kinds
    detail: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    started_month: date = Field(sa_column=Column(Date, nullable=False))  # the first day of the month
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    # when a check-in said "stopped"
    ended_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    # who entered it: the person ("person") or a coach they share with ("coach"); no coach's name is kept here
    entered_by: str = Field(default="person", sa_column=Column(String(8), nullable=False, server_default="person"))
    # when a coach the person shares with confirmed it ("checked": funders value confirmed outcomes)
    checked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class CheckIn(SQLModel, table=True):
    """One aftercare check-in of a job, training or work experience: due `due_week` weeks after its start, on
    `due_on`."""

    __tablename__ = "outcome_checkin"
    __table_args__ = (
        UniqueConstraint("outcome_id", "due_week", name="uq_outcome_checkin_week"),
        Index("ix_outcome_checkin_due", "due_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    outcome_id: int = Field(
        sa_column=Column(Integer, ForeignKey("outcome.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    due_week: int = Field(sa_column=Column(Integer, nullable=False))  # 4, 13 or 26
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    answered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    status: str = Field(default="", sa_column=Column(String(16), nullable=False, server_default=""))
    # the codes of guide.outcomes.service.HARD_THINGS, space-separated
    hard_things: str = Field(default="", sa_column=Column(String(120), nullable=False, server_default=""))
    wants_coach: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    followed_up_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
