"""The workshops tables: a workshop at a centre, and who joined it (a journey, never a name).

A workshop's code is never stored: the row holds a random seed, the code is made from it with the app's secret
(guide.workshops.service.code_of), and only a keyed hash of the code is kept to find the workshop when a participant
types it. A copy of the database alone gives no code away.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, SmallInteger, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class Workshop(SQLModel, table=True):
    """One session at one of a partner's centres, on one topic (a step's number, "assessment" or "barriers"), in one
    language."""

    __tablename__ = "workshop"
    __table_args__ = (Index("ix_workshop_partner_starts", "partner", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    partner: str = Field(sa_column=Column(String(128), nullable=False))
    centre_id: str = Field(sa_column=Column(String(64), nullable=False))
    starts_at: datetime = Field(sa_column=ts_column())
    ends_at: datetime = Field(sa_column=ts_column())
    topic: str = Field(sa_column=Column(String(16), nullable=False))  # "1".."10", "assessment" or "barriers"
    language: str = Field(sa_column=Column(String(8), nullable=False))
    code_seed: str = Field(sa_column=Column(String(32), nullable=False))
    code_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_by: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True),
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    series_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True, index=True))
    # the quick poll ("How ready do you feel for an interview?"), opened by the facilitator; NULL: not asked
    poll_opened_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class WorkshopAttendance(SQLModel, table=True):
    """A journey joined a workshop: the attendance that counts. Leaving hides the banner; the attendance stays."""

    __tablename__ = "workshop_attendance"
    __table_args__ = (
        UniqueConstraint("workshop_id", "journey_id", name="uq_workshop_attendance"),
        Index("ix_workshop_attendance_journey", "journey_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(
        sa_column=Column(Integer, ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False)
    )
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False)
    )
    joined_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    left_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    poll_answer: int | None = Field(default=None, sa_column=Column(SmallInteger, nullable=True))  # 1..4
