"""Database tables. A journey holds no personal data: only a keyed hash of its resume code."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(**kw) -> Column:  # noqa: ANN003
    return Column(DateTime(timezone=True), nullable=False, **kw)


class Journey(SQLModel, table=True):
    __tablename__ = "journey"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    centre_id: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    locale: str = Field(sa_column=Column(String(8), nullable=False))
    # Sector chosen in step 3; the skills audit groups by it.
    sector: str | None = Field(default=None, sa_column=Column(String(32), nullable=True, index=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_activity_at: datetime = Field(default_factory=utcnow, sa_column=_ts(index=True))


class StepProgress(SQLModel, table=True):
    __tablename__ = "step_progress"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    step: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))  # in_progress | completed
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ChecklistTick(SQLModel, table=True):
    __tablename__ = "checklist_tick"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    step: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    item_id: str = Field(sa_column=Column(String(64), primary_key=True))
    ticked_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Answer(SQLModel, table=True):
    __tablename__ = "answer"

    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True)
    )
    step: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    question_id: str = Field(sa_column=Column(String(64), primary_key=True))
    text: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class BrowserSession(SQLModel, table=True):
    """A signed-in browser. The cookie carries a random token; only its hash is stored."""

    __tablename__ = "browser_session"

    token_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class RateLimitHit(SQLModel, table=True):
    """Counters for rate limits, kept in the database so every worker sees the same count."""

    __tablename__ = "rate_limit"

    key: str = Field(sa_column=Column(String(128), primary_key=True))
    window_start: datetime = Field(sa_column=_ts())
    count: int = Field(default=0, sa_column=Column(Integer, nullable=False))


class AssessmentTake(SQLModel, table=True):
    """One sitting of the soft-skills self-assessment. A journey keeps every take, each with its dates."""

    __tablename__ = "assessment_take"

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    started_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
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
    answered_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


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


# --- content revisions: partners' edits layered over the content/ files ---------------------------------------


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
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
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
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ContentState(SQLModel, table=True):
    """One row: a token that changes whenever what job seekers see changes (a publish, a source language). Every
    worker compares it with the token of its cached content, one primary-key read, and rebuilds when it differs."""

    __tablename__ = "content_state"

    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    token: str = Field(sa_column=Column(String(32), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
