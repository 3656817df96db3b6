"""What the analysts' pages show: one frozen view per page, whose fields are the template's names, and the presenters
that build them from skills_audit's plain data (the routes read the request, call these and render; nothing here
imports a route). Every figure arrives suppressed: these only word it in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import NamedTuple

from babel.dates import format_date
from sqlmodel import Session

from guide.audit_pages.places import get_places
from guide.core import i18n
from guide.core.db import reading
from guide.core.i18n import N_
from guide.core.messages import Message, Percent, Problems, format_value
from guide.core.settings import get_settings
from guide.core.timeutil import as_utc
from guide.web.charts import BarChart, bar_chart, nice_maximum
from skills_audit.aggregate import AuditError, Period, PeriodKind, available_periods, report_period
from skills_audit.export import csv_style
from skills_audit.framework import Framework, get_framework
from skills_audit.needs import (
    IMPORTANCE,
    IMPORTANCE_SUFFIX,
    LEVEL_SUFFIX,
    MAX_EMPLOYER_LENGTH,
    REQUIRED_COLUMNS,
    SurveyRow,
    columns,
)
from skills_audit.releases import ReleaseInfo
from skills_audit.report import (
    PROTECT,
    SHARE_SMALL,
    SMALL,
    CompetenceFigures,
    Report,
    check_region,
    check_sector,
    hidden_label,
    name_resolver,
)
from skills_audit.sheets import MAX_FILE_BYTES

IMPORTANCE_NAMES = {1: N_("Low"), 2: N_("Medium"), 3: N_("High")}
REPORT_FIELDS = ("region", "sector", "period")  # the report form's fields, in the page's order
# The need form's own problems (no competence given, recorded already) go with its competences' fieldset.
NEED_FORM_WHOLE = "competences"

Choices = Sequence[tuple[str, str]]


def worded(message: Message, locale: str) -> str:
    """A message of skills_audit in the reader's language, with the content's names of places and competences."""
    return message.render(locale, name_resolver(get_places(), get_framework()))


def period_kind() -> PeriodKind:
    # One kind of period only (years, or quarters): suppression is done per period, so publishing a year and its
    # quarters would let a hidden quarter be worked out as the year minus the quarters shown.
    return get_settings().audit_period


# --- employers' needs ----------------------------------------------------------------------------------------------


class NeedRow(NamedTuple):
    employer: str
    sector: str
    region: str
    surveyed_on: str
    vacancies: int
    competences: int


@dataclass(frozen=True)
class NeedsPage:
    rows: Sequence[NeedRow]
    notice: str
    total: int  # competences in the framework


def needs_page(surveys: Sequence[SurveyRow], locale: str, saved: str, imported: int) -> NeedsPage:
    places = get_places()
    notice = ""
    if saved:
        notice = i18n.gettext("The survey is saved.")
    elif imported > 0:
        notice = i18n.ngettext("Imported %(num)s survey.", "Imported %(num)s surveys.", imported)
    rows = [
        NeedRow(row.employer, places.sector_name(row.sector, locale), places.region_name(row.region, locale),
                format_date(row.surveyed_on, format="long", locale=locale), row.vacancies, row.competences)
        for row in surveys
    ]
    return NeedsPage(rows=rows, notice=notice, total=len(get_framework().competence_ids()))


@dataclass(frozen=True)
class NeedFormPage:
    typed: Mapping[str, str]
    errors: Mapping[str, str]
    sectors: Choices
    regions: Choices
    competences: Sequence[tuple[str, str, str]]  # id, name, description
    levels: Sequence[tuple[int, str]]
    importances: Sequence[tuple[int, str]]
    max_employer: int = MAX_EMPLOYER_LENGTH
    level_suffix: str = LEVEL_SUFFIX
    importance_suffix: str = IMPORTANCE_SUFFIX


def _need_fields(framework: Framework) -> tuple[str, ...]:
    """The need form's fields in the order the page shows them, so the error summary lists its errors the same way."""
    fields, required = columns(framework), len(REQUIRED_COLUMNS)
    return (*fields[:required], NEED_FORM_WHOLE, *fields[required:])


def need_form_page(locale: str, typed: Mapping[str, str], problems: Problems | None = None) -> NeedFormPage:
    places, framework = get_places(), get_framework()
    errors = problems.worded(locale, _need_fields(framework), name_resolver(places, framework)) if problems else {}
    return NeedFormPage(
        typed=typed,
        errors=errors,
        sectors=[(s, places.sector_name(s, locale)) for s in places.auditable_sectors()],
        regions=[(r, places.region_name(r, locale)) for r in places.regions()],
        competences=[
            (c, framework.competence_name(c, locale), framework.competence_description(c, locale))
            for c in framework.competence_ids()
        ],
        levels=[(v, framework.scale_label(v, locale)) for v in framework.scale_values()],
        importances=[(v, i18n.gettext(IMPORTANCE_NAMES[v])) for v in sorted(IMPORTANCE.values())],
    )


class ImportProblem(NamedTuple):
    line: int | None  # None: the file as a whole
    column: str | None
    message: str


@dataclass(frozen=True)
class ImportPage:
    problems: Sequence[ImportProblem] = ()
    error: str = ""
    max_mb: int = MAX_FILE_BYTES // (1024 * 1024)


# --- the report ----------------------------------------------------------------------------------------------------


class CompetenceRow(NamedTuple):
    id: str
    name: str
    required: str
    importance: str
    respondents: str
    levels: Sequence[str]
    no_level: str
    share: str
    gap_words: str
    level_gap: int | None
    hidden: bool


class CrossCell(NamedTuple):
    share: str
    required: str


@dataclass(frozen=True)
class ReleaseForm:
    """The offer to release the period asked: the form's hidden fields, and whether it offers the interim choice."""

    region: str
    sector: str
    period: str
    period_open: bool


@dataclass(frozen=True)
class Correction:
    """A new release of a period released already: the button, then (`confirm`) the step that says what it does."""

    hidden: Mapping[str, str]  # the release form's fields that say what is released
    period: str
    period_open: bool  # whether to offer the interim choice
    number: int  # the new release's
    confirm: bool


def correction(release: ReleaseInfo | None, hidden: Mapping[str, str], period: Period,
               confirm: bool) -> Correction | None:
    """The offer of a new release, on the newest release of a period only (a correction starts from it)."""
    if release is None or release.number != release.newest:
        return None
    return Correction(hidden, period.label, period.end > datetime.now(UTC), release.newest + 1, confirm)


@dataclass(frozen=True)
class ReportPage:
    """The report page: the form, what is wrong or the offer to release the period, or the released report."""

    region_choices: Choices
    sector_choices: Choices
    period_choices: Sequence[str]
    typed: Mapping[str, str]
    errors: Mapping[str, str] = field(default_factory=dict)
    no_data: str = ""
    not_released: str = ""
    release_form: ReleaseForm | None = None
    release_error: str = ""
    notice: str = ""
    report: Report | None = None
    # the report's parts, worded (empty without a report)
    region_name: str = ""
    sector_name: str = ""
    respondents: str = ""
    rows: Sequence[CompetenceRow] = ()
    sentences: Sequence[str] = ()
    centres: Sequence[tuple[str, str]] = ()  # name, job seekers
    scale_labels: Sequence[str] = ()
    cross_regions: Sequence[str] = ()
    cross_respondents: Sequence[str] = ()
    cross_rows: Sequence[tuple[str, Sequence[CrossCell]]] = ()
    query: str = ""
    release_text: str = ""
    releases: Sequence[ReleaseChoice] = ()  # every release of the period, once it has more than one
    correction: Correction | None = None  # the offer of a new release (on the newest release only)
    csv_separator: str = ""
    share_chart: BarChart | None = None
    levels_chart: BarChart | None = None


def check_report_input(region: str, sector: str, period: str, locale: str) -> dict[str, str]:
    """Each field checked on its own (the domain's checks), so the error summary can point at the one to fix."""
    places, framework = get_places(), get_framework()
    errors: dict[str, Message] = {}
    for name, check in (
        ("region", lambda: check_region(places, region)),
        ("sector", lambda: check_sector(places, sector)),
        ("period", lambda: report_period(period, period_kind())),
    ):
        try:
            check()
        except AuditError as exc:
            errors[name] = exc.message
    return Problems(errors).worded(locale, REPORT_FIELDS, name_resolver(places, framework))


def report_page(db: Session, locale: str, typed: Mapping[str, str], errors: Mapping[str, str] | None = None,
                report: Report | None = None, release_error: str = "", notice: str = "",
                fresh: bool = False, confirm: bool = False) -> ReportPage:
    """The report page for what was asked (`typed`): the released `report`, or `errors` to show ("no_data" and
    "not_released" say why there is no report; the other keys are fields). `fresh`: nothing asked yet, so the
    newest period is chosen. `confirm`: the step before a new release of the period shown."""
    places = get_places()
    errors = errors or {}
    with reading(db):
        periods = available_periods(db, date.today(), period_kind())
    not_released = errors.get("not_released", "")
    page = ReportPage(
        region_choices=[(r, places.region_name(r, locale)) for r in places.regions()],
        sector_choices=[(s, places.sector_name(s, locale)) for s in places.auditable_sectors()],
        period_choices=periods,
        typed={**typed, "period": periods[0]} if fresh else typed,
        errors={k: v for k, v in errors.items() if k not in ("no_data", "not_released")},
        no_data=errors.get("no_data", ""),
        not_released=not_released,
        release_form=_release_form(typed["region"], typed["sector"], typed["period"]) if not_released else None,
        release_error=release_error,
        notice=notice,
    )
    return page if report is None else _with_report(page, report, locale, confirm)


def _release_form(region: str, sector: str, period: str) -> ReleaseForm:
    places = get_places()
    parsed = report_period(period, period_kind())
    return ReleaseForm(region=check_region(places, region), sector=check_sector(places, sector),
                       period=parsed.label, period_open=parsed.end > datetime.now(UTC))


def _hidden_text(reason: str | None = SMALL) -> str:
    """The label of a hidden figure, true of it: "fewer than k" only beside a count of fewer than k."""
    return hidden_label(reason, get_settings().audit_min_group, i18n.gettext)


def _count(value: int | None, reason: str | None = SMALL) -> str:
    return _hidden_text(reason) if value is None else i18n.fmt_number(value)


def _percent(share: float | None, reason: str | None = PROTECT) -> str:
    if share is None:
        return _hidden_text(SHARE_SMALL if reason == SMALL else PROTECT)
    return format_value(Percent(share), i18n.get_locale())


def _competence_row(figures: CompetenceFigures, locale: str, framework: Framework) -> CompetenceRow:
    required = figures.required
    scale = framework.scale_values()
    return CompetenceRow(
        id=figures.competence,
        name=framework.competence_name(figures.competence, locale),
        required=framework.scale_label(required.level, locale) if required else "",
        importance=i18n.gettext(IMPORTANCE_NAMES[required.importance]) if required else "",
        respondents=_count(figures.respondents, figures.reason("respondents")),
        levels=[_count(figures.levels.get(level), figures.reason(level)) for level in scale],
        no_level=_count(figures.no_level, figures.reason("no_level")),
        share=_percent(figures.share, figures.share_reason) if required else "",
        gap_words=i18n.gettext(figures.gap_words.msgid) if figures.gap_words else "",
        level_gap=figures.level_gap,
        hidden=figures.respondents is None or any(figures.levels.get(lv) is None for lv in scale)
        or (required is not None and figures.share is None),
    )


def _share_chart(report: Report, locale: str, framework: Framework) -> BarChart | None:
    """The share at or above the employers' level, per competence they named. A hidden figure draws no bar and says
    so in words."""
    share_rows = []
    for f in report.gap.region_figures.competences:
        if f.required is None:
            continue
        value = None if f.share is None else round(100 * f.share)
        share_rows.append(
            (framework.competence_name(f.competence, locale), [(value, _percent(f.share, f.share_reason))])
        )
    if not share_rows:
        return None
    return bar_chart(share_rows, 100, [i18n.gettext("Share at or above the level employers ask")])


def levels_chart(competences: tuple[CompetenceFigures, ...], locale: str, framework: Framework) -> BarChart:
    """How many people rate themselves at each level, per competence. Bars are counts on one scale, not shares of
    the group: a share needs the group's size, which is often the figure hidden, and every count shown still
    draws its bar."""
    scale = framework.scale_values()
    shown = [f.levels.get(level) for f in competences for level in scale]
    top = nice_maximum(max((c for c in shown if c is not None), default=0))
    rows = []
    for f in competences:
        values = []
        for level in scale:
            count = f.levels.get(level)
            values.append((count, _count(count, f.reason(level))))
        rows.append((framework.competence_name(f.competence, locale), values))
    return bar_chart(rows, top, [framework.scale_label(level, locale) for level in scale])


def _with_report(page: ReportPage, report: Report, locale: str, confirm: bool = False) -> ReportPage:
    places, framework = get_places(), get_framework()
    query = f"region={report.region}&sector={report.sector}&period={report.period_label}"
    release = report.release
    newest = release is None or release.number == release.newest
    names = name_resolver(places, framework)
    gap, cross = report.gap, report.cross_border
    return ReportPage(
        region_choices=page.region_choices,
        sector_choices=page.sector_choices,
        period_choices=page.period_choices,
        typed=page.typed,
        errors=page.errors,
        release_error=page.release_error,
        notice=page.notice,
        report=report,
        region_name=places.region_name(report.region, locale),
        sector_name=places.sector_name(report.sector, locale),
        respondents=_count(gap.region_figures.respondents, gap.region_figures.respondents_reason),
        rows=[_competence_row(f, locale, framework) for f in gap.region_figures.competences],
        sentences=[s.render(locale, names) for s in gap.sentences if s is not None],
        centres=[
            (places.centre_name(c.place[1], locale), _count(c.respondents, c.respondents_reason)) for c in gap.centres
        ],
        scale_labels=[framework.scale_label(level, locale) for level in framework.scale_values()],
        cross_regions=[places.region_name(r, locale) for r in cross.regions],
        cross_respondents=[
            _count(n, why) for n, why in zip(cross.respondents, cross.respondents_reasons, strict=True)
        ],
        cross_rows=[
            (framework.competence_name(comp, locale), [
                CrossCell(share=_percent(f.share, f.share_reason) if f.required else "",
                          required=framework.scale_label(f.required.level, locale) if f.required else "")
                for f in per_region
            ])
            for comp, per_region in cross.rows
        ],
        query=query if newest or release is None else f"{query}&release={release.number}",
        release_text=_release_text(report),
        releases=release_choices(release, query),
        correction=correction(release, {"region": report.region, "sector": report.sector,
                                        "period": report.period_label}, report.cube.period, confirm),
        csv_separator=csv_style(locale).delimiter,
        share_chart=_share_chart(report, locale, framework),
        levels_chart=levels_chart(gap.region_figures.competences, locale, framework),
    )


def _release_text(report: Report) -> str:
    """Which release the page shows: when it was made, and whether before the period ended."""
    release = report.release
    if release is None:  # the pages show releases only (build_report): a table cut before its release says nothing
        return ""
    return release_words(release, report.period_label)


def release_words(release: ReleaseInfo, period: str = "") -> str:
    """Which release a page shows (its number once the period has more than one), when it was made, and whether
    before its period ended (the report's and the breakdowns' pages)."""
    when = i18n.fmt_datetime(as_utc(release.made_at)) + " UTC"  # analysts of three countries read the same release
    if release.newest == 1:  # the period's only release: no number to tell apart
        if release.interim:
            return i18n.gettext("Interim release of %(date)s, made before the period ended: these figures stay as "
                                "they were then.", date=when)
        return i18n.gettext("Release of %(date)s: these figures stay as they were released.", date=when)
    words = {"number": release.number, "period": period, "date": when, "earlier": release.number - 1,
             "newest": release.newest}
    if release.number < release.newest:
        text = i18n.gettext("Release %(number)s of %(period)s, made on %(date)s. Release %(newest)s has replaced it: "
                            "these are the figures as they were published then.", **words)
    elif release.number == 2:
        text = i18n.gettext("Release %(number)s of %(period)s, made on %(date)s. It replaces release 1, which stays "
                            "on record.", **words)
    else:
        text = i18n.gettext("Release %(number)s of %(period)s, made on %(date)s. It replaces releases 1 to "
                            "%(earlier)s, which stay on record.", **words)
    if release.interim:
        text += " " + i18n.gettext("It was made before the period ended.")
    return text


@dataclass(frozen=True)
class ReleaseChoice:
    """A link to one release of the period shown (`current`: the one the page shows)."""

    number: int
    label: str
    query: str
    current: bool


def release_choices(release: ReleaseInfo | None, query: str) -> list[ReleaseChoice]:
    """Every release of the period, to read an earlier one again (none while the period has one release)."""
    if release is None or release.newest == 1:
        return []
    return [ReleaseChoice(n, i18n.gettext("Release %(number)s", number=n) + (
                " " + i18n.gettext("(the newest)") if n == release.newest else ""),
            f"{query}&release={n}", n == release.number) for n in range(1, release.newest + 1)]
