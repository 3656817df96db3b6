"""The content tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class ContentRevision(SQLModel, table=True):
    """One saved version of one text (an item, e.g. "step/3/title") in one language. Never updated in place, except
    that a draft becomes published; restoring an old text adds a new revision.

    A translation records the source text it was made from (language, revision, hash and the text itself), so that
    a later change to the source marks it "needs review" and the old and new source can be shown side by side.
    """

    __tablename__ = "content_revision"
    # seq numbers an item's revisions in one language 1, 2, 3…: a save based on revision n writes n + 1, so of two
    # editors who started from the same revision only the first can save (the database refuses the second).
    __table_args__ = (UniqueConstraint("item_key", "locale", "seq", name="uq_content_revision_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    item_key: str = Field(sa_column=Column(String(200), nullable=False))
    locale: str = Field(sa_column=Column(String(16), nullable=False))
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))  # draft | published
    # Staff username; no foreign key yet (staff accounts arrive in their own issue).
    author: str = Field(sa_column=Column(String(64), nullable=False))
    origin: str = Field(sa_column=Column(String(16), nullable=False))  # editor | restore | import | exchange | review
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    published_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    published_by: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    # The revision the editor started from (optimistic locking); NULL for the first revision of an item.
    based_on_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("content_revision.id", ondelete="SET NULL"), nullable=True)
    )
    restored_from_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("content_revision.id", ondelete="SET NULL"), nullable=True)
    )
    source_locale: str | None = Field(default=None, sa_column=Column(String(16), nullable=True))
    source_revision_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("content_revision.id", ondelete="SET NULL"), nullable=True)
    )
    source_hash: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    source_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ContentItemSetting(SQLModel, table=True):
    """Per-item settings that differ from the defaults: the language an item is translated from (English unless
    set here)."""

    __tablename__ = "content_item_setting"

    item_key: str = Field(sa_column=Column(String(200), primary_key=True))
    source_locale: str = Field(sa_column=Column(String(16), nullable=False))
    updated_by: str = Field(sa_column=Column(String(64), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class ContentState(SQLModel, table=True):
    """One row: a token that changes whenever what job seekers see changes (a publish, a source language). Every
    worker compares it with the token of its cached content, one primary-key read, and rebuilds when it differs."""

    __tablename__ = "content_state"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    token: str = Field(sa_column=Column(String(32), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())



class ContentPictogram(SQLModel, table=True):
    """The pictogram an editor chose for a step (on its title's key) or a checklist item, in every language; an item
    without a row shows the default of content/pictograms.yml."""

    __tablename__ = "content_pictogram"

    item_key: str = Field(sa_column=Column(String(200), primary_key=True))
    pictogram: str = Field(sa_column=Column(String(40), nullable=False))
    updated_by: str = Field(sa_column=Column(String(64), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
