"""Readers' feedback: one row per answer to "Was this clear?", anonymous by construction.

A row names the text (a step or the self-assessment), the language, the centre and the revision the reader saw,
never the reader: there is no link to a journey or a session, and the comment is the only free text (short, no
markup, with a hint not to write names). Rows are deleted after TENSTEPS_FEEDBACK_DAYS (guide.purge).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String, Text
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class ReaderFeedback(SQLModel, table=True):
    __tablename__ = "reader_feedback"
    __table_args__ = (
        Index("ix_reader_feedback_about", "about", "locale", "revision_id"),
        Index("ix_reader_feedback_created", "created_at"),  # the purge deletes by age
    )

    id: int | None = Field(default=None, primary_key=True)
    about: str = Field(sa_column=Column(String(16), nullable=False))  # a step number "1".."10", or "assessment"
    locale: str = Field(sa_column=Column(String(16), nullable=False))  # the language the text was read in
    centre_id: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    # The text's revision the reader saw: the newest published content_revision.id among the texts of that step
    # (or of the self-assessment) in that language; 0 (revisions.FILE_VERSION) when they read the files' text.
    revision_id: int = Field(sa_column=Column(Integer, nullable=False))
    clear: str = Field(sa_column=Column(String(8), nullable=False))  # yes | partly | no
    hard: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))  # "a b", of HARD
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # at most 500
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    handled_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    handled_by: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="SET NULL"), nullable=True),
    )
