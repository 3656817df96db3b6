"""The directory tables: an entry's facts, its texts per language, and every saved version of it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class DirectoryEntry(SQLModel, table=True):
    """A service or an opportunity near a centre. `version` goes up with every save: a save names the version it
    started from, so of two editors who changed one entry only the first is stored."""

    __tablename__ = "directory_entry"

    id: int | None = Field(default=None, primary_key=True)
    centre_id: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    neighbourhood: str = Field(default="", sa_column=Column(String(80), nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    themes: str = Field(default="", sa_column=Column(String(200), nullable=False))  # barrier theme ids, by commas
    steps: str = Field(default="", sa_column=Column(String(40), nullable=False))  # step numbers, by commas
    address: str = Field(default="", sa_column=Column(String(200), nullable=False))
    phone: str = Field(default="", sa_column=Column(String(20), nullable=False))  # E.164, "" for none
    hours: str = Field(default="", sa_column=Column(Text, nullable=False))  # "mon 09:00-12:00,13:00-17:00;tue …"
    website: str = Field(default="", sa_column=Column(String(300), nullable=False))
    languages: str = Field(default="", sa_column=Column(String(80), nullable=False))  # language codes, by commas
    free: bool | None = Field(default=None, sa_column=Column(Boolean, nullable=True))  # None: not known
    transport: str = Field(default="", sa_column=Column(String(200), nullable=False))
    checked_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    # The language the texts are written in first; the others are translations of it.
    source_locale: str = Field(sa_column=Column(String(16), nullable=False))
    text_version: int = Field(default=1, sa_column=Column(Integer, nullable=False))  # up when the source text changes
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False))
    updated_by: str = Field(sa_column=Column(String(64), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class DirectoryText(SQLModel, table=True):
    """An entry's name and "what it helps with" in one language. A translation records the source text version it
    was made from: when the source changes after, it needs review (the guide's translation states)."""

    __tablename__ = "directory_text"
    __table_args__ = (UniqueConstraint("entry_id", "locale", name="uq_directory_text_entry_locale"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("directory_entry.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    locale: str = Field(sa_column=Column(String(16), nullable=False))
    name: str = Field(sa_column=Column(String(120), nullable=False))
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    source_version: int = Field(sa_column=Column(Integer, nullable=False))


class DirectoryRevision(SQLModel, table=True):
    """Every saved version of an entry, facts and texts, as JSON: its history. (entry, version) is unique, so the
    database refuses the second of two saves that started from the same version."""

    __tablename__ = "directory_revision"
    __table_args__ = (UniqueConstraint("entry_id", "version", name="uq_directory_revision_version"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("directory_entry.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    version: int = Field(sa_column=Column(Integer, nullable=False))
    author: str = Field(sa_column=Column(String(64), nullable=False))
    origin: str = Field(sa_column=Column(String(16), nullable=False))  # editor | import | checked
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    snapshot: str = Field(sa_column=Column(Text, nullable=False))
