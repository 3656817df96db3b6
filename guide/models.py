"""Database tables. A journey holds no personal data: only a keyed hash of its resume code."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
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


# --- staff: coaches, editors, analysts and admins at the partner organisations ---------------------------------


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
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
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


class StaffSession(SQLModel, table=True):
    """A signed-in staff browser. Kept apart from job seekers' sessions; only the token's hash is stored."""

    __tablename__ = "staff_session"

    token_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("staff_account.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


# --- consent: a job seeker shares their progress with a coach --------------------------------------------------


class ShareCode(SQLModel, table=True):
    """A one-time code a job seeker gives a coach; only its keyed hash is stored, and it lives 15 minutes."""

    __tablename__ = "share_code"

    code_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    journey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    show_answers: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    expires_at: datetime = Field(sa_column=_ts())


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
    # The coach's private label (e.g. initials): seen by that coach only.
    label: str = Field(default="", sa_column=Column(String(40), nullable=False))
    # "Next time: bring your CV": shown to the job seeker at the top of their task list.
    next_step: str = Field(default="", sa_column=Column(String(200), nullable=False))
    next_step_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


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
    viewed_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
class EmployerSurvey(SQLModel, table=True):
    """What one employer said it needs, recorded by an analyst (skills_audit.needs validates it first).

    The employer's name is for analysts only: the audit's reports and exports never show it.
    `sector` is a sector id of content/sectors/ (the same ids journeys store), `region` a partner region's NUTS code.
    """

    __tablename__ = "employer_survey"
    __table_args__ = (
        # The same employer, sector, region and date twice is a double entry, not a second survey.
        UniqueConstraint("employer_name", "sector", "region", "surveyed_on", name="uq_employer_survey"),
        CheckConstraint("vacancies >= 0", name="ck_employer_survey_vacancies"),
        # The report reads the surveys of one region and sector in a window of dates.
        Index("ix_employer_survey_region_sector_date", "region", "sector", "surveyed_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employer_name: str = Field(sa_column=Column(String(200), nullable=False))
    sector: str = Field(sa_column=Column(String(32), nullable=False))
    region: str = Field(sa_column=Column(String(16), nullable=False))
    surveyed_on: date = Field(sa_column=Column(Date, nullable=False))
    vacancies: int = Field(sa_column=Column(Integer, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class EmployerRequirement(SQLModel, table=True):
    """The level (1..4, the self-assessment's scale) an employer requires in one competence, and how much it matters
    (importance 1 low, 2 medium, 3 high)."""

    __tablename__ = "employer_requirement"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 4", name="ck_employer_requirement_level"),
        CheckConstraint("importance BETWEEN 1 AND 3", name="ck_employer_requirement_importance"),
    )

    survey_id: int = Field(
        sa_column=Column(Integer, ForeignKey("employer_survey.id", ondelete="CASCADE"), primary_key=True)
    )
    competence_id: str = Field(sa_column=Column(String(64), primary_key=True))
    level: int = Field(sa_column=Column(Integer, nullable=False))
    importance: int = Field(sa_column=Column(Integer, nullable=False))
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
