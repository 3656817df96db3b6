"""The sharing tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class ShareCode(SQLModel, table=True):
    """A one-time code a job seeker gives a coach; only its keyed hash is stored, and it lives 15 minutes."""

    __tablename__ = "share_code"

    code_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    show_answers: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    show_barriers: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    record_outcomes: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    expires_at: datetime = Field(sa_column=ts_column())


class CoachLink(SQLModel, table=True):
    """A journey shared with one coach. Deleting it (the job seeker stops sharing) ends the coach's access."""

    __tablename__ = "coach_link"
    __table_args__ = (UniqueConstraint("journey_id", "account_id", name="uq_coach_link_journey_account"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    show_answers: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    # "What stands in my way" (guide.barriers): off unless the job seeker chose it, also for shares made before.
    show_barriers: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    # "Let my coach record what I started" (guide.outcomes): off unless chosen, also for shares made before 0021.
    record_outcomes: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    # The coach's private label (e.g. initials): seen by that coach only.
    label: str = Field(default="", sa_column=Column(String(40), nullable=False))
    # "Bring your CV": shown to the job seeker at the top of their task list, after "Next time:".
    next_step: str = Field(default="", sa_column=Column(String(200), nullable=False))
    next_step_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class StepMark(SQLModel, table=True):
    """The coach's view of one step: strength, needs support, or not yet explored (no row)."""

    __tablename__ = "step_mark"

    link_id: int = Field(
        sa_column=Column(Integer, ForeignKey("coach_link.id", ondelete="CASCADE"), primary_key=True)
    )
    step: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    mark: str = Field(sa_column=Column(String(16), nullable=False))


class ClientView(SQLModel, table=True):
    """Each time a coach opened a client's page; the job seeker sees this log. Kept after sharing stops."""

    __tablename__ = "client_view"

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="CASCADE"), nullable=False)
    )
    viewed_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())

