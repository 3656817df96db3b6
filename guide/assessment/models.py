"""The assessment tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class AssessmentTake(SQLModel, table=True):
    """One sitting of the soft-skills self-assessment. A journey keeps every take, each with its dates."""

    __tablename__ = "assessment_take"
    __table_args__ = (
        # a journey's takes by date (its latest finished one)
        Index("ix_assessment_take_journey_finished", "journey_id", "finished_at"),
        # the skills audit: every take finished in a period, latest per journey
        Index("ix_assessment_take_finished", "finished_at", "journey_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    started_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    # Set when the person reaches the result; a finished take accepts no more answers.
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class AssessmentAnswer(SQLModel, table=True):
    """An answer to one statement; value NULL means the person skipped it."""

    __tablename__ = "assessment_answer"

    take_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment_take.id", ondelete="CASCADE"), primary_key=True)
    )
    statement_id: str = Field(sa_column=Column(String(64), primary_key=True))
    value: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    answered_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class AssessmentLevel(SQLModel, table=True):
    """A competence's level in a finished take, written by skills_audit.scoring when the take finishes.

    Kept as rows so that the audit can aggregate levels with SQL GROUP BY; level NULL: not enough answers.
    """

    __tablename__ = "assessment_level"

    take_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment_take.id", ondelete="CASCADE"), primary_key=True)
    )
    competence_id: str = Field(sa_column=Column(String(64), primary_key=True))
    level: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))

