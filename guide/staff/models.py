"""The staff tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
)
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class StaffAccount(SQLModel, table=True):
    """A person at a partner organisation who signs in with a username and password (argon2 hash only)."""

    __tablename__ = "staff_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    # What job seekers see of their coach ("Anna, Medway Council"); staff choose it, it is not an identity check.
    display_name: str = Field(sa_column=Column(String(80), nullable=False))
    password_hash: str = Field(sa_column=Column(String(255), nullable=False))
    # A partner of content/centres/*.yml (its `partner` field).
    partner: str = Field(sa_column=Column(String(128), nullable=False, index=True))
    # An admin with this flag manages the accounts of every partner; everyone else stays within their own.
    all_partners: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    disabled_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class StaffRole(SQLModel, table=True):
    """One role of an account: coach, editor, analyst or admin (an account may hold several)."""

    __tablename__ = "staff_role"

    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="CASCADE"), primary_key=True)
    )
    role: str = Field(sa_column=Column(String(16), primary_key=True))


class StaffLanguage(SQLModel, table=True):
    """A language an editor may edit (the editor's language scope)."""

    __tablename__ = "staff_language"

    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="CASCADE"), primary_key=True)
    )
    locale: str = Field(sa_column=Column(String(8), primary_key=True))

