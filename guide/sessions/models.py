"""The sessions tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
)
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class BrowserSession(SQLModel, table=True):
    """A signed-in browser. The cookie carries a random token; only its hash is stored."""

    __tablename__ = "browser_session"

    token_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class StaffSession(SQLModel, table=True):
    """A signed-in staff browser. Kept apart from job seekers' sessions; only the token's hash is stored."""

    __tablename__ = "staff_session"

    token_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())

