"""The skills audit tables."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from guide.core.models import ts_column, utcnow


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
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


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



class AuditRelease(SQLModel, table=True):
    """The protected table of one period as published, once (skills_audit.releases): every page, download and
    export of a released period is cut from it, so that new takes, deletions and new employers' surveys change no
    figure once published, and two downloads can never be subtracted from each other.

    `figures`: JSON, every published figure of the period as shown (a number, or hidden with its reason), the
    employers' levels as they were, and no figure that was hidden (the hidden counts are not kept).
    `number`: 1 for the period's first release, 2 for the correction after it, ...: each stays on record, the pages
    show the newest.
    """

    __tablename__ = "audit_release"
    # One release per number: the same correction made twice at once fails on this and changes nothing.
    __table_args__ = (UniqueConstraint("period", "number", name="uq_audit_release_period_number"),)

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(sa_column=Column(String(16), nullable=False))
    number: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    made_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    interim: bool = Field(sa_column=Column(Boolean, nullable=False))
    k: int = Field(sa_column=Column(Integer, nullable=False))
    figures: str = Field(sa_column=Column(Text, nullable=False))


class TableRelease(SQLModel, table=True):
    """A quarterly breakdown table as published, once per kind and quarter (skills_audit.releases.make_table_release):
    the barrier map, the workshops by topic, where people stop, and any later table about people. Its page and
    downloads are cut from it, so new answers and deletions change no figure once published.

    `kind`: the table's name (guide.audit_pages.tables.KINDS); `figures`: JSON, every published figure as shown (a
    number, or hidden with its reason), never a hidden count. `number`: 1, 2, ... per kind and quarter, as for
    AuditRelease.
    """

    __tablename__ = "table_release"
    # One release per kind, quarter and number: the same one made twice at once fails on this and changes nothing.
    __table_args__ = (UniqueConstraint("kind", "period", "number", name="uq_table_release_kind_period_number"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    period: str = Field(sa_column=Column(String(16), nullable=False))
    number: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    made_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    interim: bool = Field(sa_column=Column(Boolean, nullable=False))
    k: int = Field(sa_column=Column(Integer, nullable=False))
    figures: str = Field(sa_column=Column(Text, nullable=False))


class ProgrammeTarget(SQLModel, table=True):
    """A partner's target for one indicator and one period, as set at one moment (skills_audit.targets).

    History is kept: every change is a new row with who made it and when; the latest row of a partner, indicator
    and period wins. `period` is a quarter ("2026-Q1") or PROGRAMME ("programme": the target of the whole
    programme, to date). `target` NULL: the target was taken away ("no target").
    `indicator` is a key of one of the report's sources (skills_audit.results.SOURCES).
    """

    __tablename__ = "programme_target"
    __table_args__ = (
        CheckConstraint("target IS NULL OR target >= 0", name="ck_programme_target_target"),
        Index("ix_programme_target_partner_period", "partner", "period", "indicator", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    partner: str = Field(sa_column=Column(String(128), nullable=False))
    indicator: str = Field(sa_column=Column(String(64), nullable=False))
    period: str = Field(sa_column=Column(String(16), nullable=False))
    target: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    set_by: str = Field(sa_column=Column(String(200), nullable=False))  # a username, or "import: <file>"
    set_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
