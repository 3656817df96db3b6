"""A partner's recording of one text a job seeker can listen to, in one language."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Float, Index, Integer, String
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


class AudioRecording(SQLModel, table=True):
    """One recording of one text (an editor's item key, and which of the item's Listen texts: a step's body has one
    per part) in one language. Never changed: a new recording adds a row, the newest row of (item, part, language) is
    the current one and the older ones are kept as its revisions (their files too).

    `source_hash` is the hash of the words read (guide.listen.recordings.text_hash): once the published text
    differs, the recording no longer matches, job seekers get the synthetic speech again and the editors see
    "needs a new recording"."""

    __tablename__ = "audio_recording"
    __table_args__ = (Index("ix_audio_recording_item", "item_key", "locale", "part"),)

    id: int | None = Field(default=None, primary_key=True)
    item_key: str = Field(sa_column=Column(String(200), nullable=False))
    part: int = Field(sa_column=Column(Integer, nullable=False))
    locale: str = Field(sa_column=Column(String(16), nullable=False))
    source_hash: str = Field(sa_column=Column(String(24), nullable=False))
    file_name: str = Field(sa_column=Column(String(40), nullable=False))  # <sha256 of the bytes, 24>.<extension>
    media_type: str = Field(sa_column=Column(String(32), nullable=False))
    duration_seconds: float = Field(sa_column=Column(Float, nullable=False))
    size_bytes: int = Field(sa_column=Column(Integer, nullable=False))
    recorded_by: str = Field(sa_column=Column(String(64), nullable=False))
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
