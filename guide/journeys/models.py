"""The journeys tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class Journey(SQLModel, table=True):
    __tablename__ = "journey"
    # a centre's journeys, and (the results report, skills_audit.indicators) those started in a quarter (0027)
    __table_args__ = (Index("ix_journey_centre_created", "centre_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    centre_id: str = Field(sa_column=Column(String(64), nullable=False))
    locale: str = Field(sa_column=Column(String(8), nullable=False))
    # Sector chosen in step 3; the skills audit groups by it.
    sector: str | None = Field(default=None, sa_column=Column(String(32), nullable=True, index=True))
    # The neighbourhood the person said they live in, where their centre has some (guide.places); "": not said.
    neighbourhood: str = Field(default="", sa_column=Column(String(80), nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    last_activity_at: datetime = Field(default_factory=utcnow, sa_column=ts_column(index=True))


_COMPLETED = text("status = 'completed'")  # guide.journeys.service.COMPLETED


class StepProgress(SQLModel, table=True):
    __tablename__ = "step_progress"
    # The results report (skills_audit.indicators): the steps completed per centre, step and quarter, each count a
    # range of the first index; the journeys whose ten steps are completed, one pass in journey order of the second.
    __table_args__ = (
        Index("ix_step_progress_completed_by_centre", "centre_id", "step", "updated_at",
              sqlite_where=_COMPLETED, postgresql_where=_COMPLETED),
        Index("ix_step_progress_completed_by_journey", "journey_id", "updated_at",
              sqlite_where=_COMPLETED, postgresql_where=_COMPLETED),
    )

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    step: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))  # in_progress | completed
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    # The journey's centre (chosen when it starts, never changed), copied so the report needs no join (0027); every
    # writer sets it (tests/skills_audit/test_centre_copies.py), "" only as the migration had to add the column.
    centre_id: str = Field(sa_column=Column(String(64), nullable=False, server_default=""))


class ChecklistTick(SQLModel, table=True):
    __tablename__ = "checklist_tick"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    step: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    item_id: str = Field(sa_column=Column(String(64), primary_key=True))
    ticked_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class Answer(SQLModel, table=True):
    __tablename__ = "answer"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    step: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    question_id: str = Field(sa_column=Column(String(64), primary_key=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())

