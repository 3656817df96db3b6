"""Database tables. A journey holds no personal data: only a keyed hash of its resume code."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    String,
)
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def ts_column(**kw: Any) -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=False, **kw)


class _HasId(Protocol):
    @property
    def id(self) -> int | None: ...


def saved_id(row: _HasId) -> int:
    """The id of a row already inserted (flushed, committed or loaded). The models type ids `int | None`, None
    only until the insert: this says so to the type checker, and fails loudly if a row was not saved after all."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was not saved")
    return row.id


class RateLimitHit(SQLModel, table=True):
    """Counters for rate limits, kept in the database so every worker sees the same count."""

    __tablename__ = "rate_limit"

    key: str = Field(sa_column=Column(String(128), primary_key=True))
    window_start: datetime = Field(sa_column=ts_column())
    count: int = Field(default=0, sa_column=Column(Integer, nullable=False))


# --- staff: coaches, editors, analysts and admins at the partner organisations ---------------------------------


# --- consent: a job seeker shares their progress with a coach --------------------------------------------------


# --- content revisions: partners' edits layered over the content/ files ---------------------------------------


