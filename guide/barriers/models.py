"""The barriers table: one answer per journey and theme, chosen from a list (no free text is stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class BarrierAnswer(SQLModel, table=True):
    """The job seeker's answer about one theme (guide.barriers.service.THEMES), and what their coach does about it."""

    __tablename__ = "barrier_answer"
    __table_args__ = (UniqueConstraint("journey_id", "theme", name="uq_barrier_answer_journey_theme"),)

    id: int | None = Field(default=None, primary_key=True)
    # Cascade: "Delete my data" takes the answers with the journey.
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    theme: str = Field(sa_column=Column(String(32), nullable=False))
    answer: str = Field(sa_column=Column(String(16), nullable=False))  # no_problem | want_help | not_now
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    # Set by a coach the person shares their barriers with: "working_on", or None.
    coach_status: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
