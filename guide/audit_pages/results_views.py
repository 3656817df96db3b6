"""The results pages (issue 15) as views: the targets form of a partner and a year, and the quarterly results
against the targets, per partner and for the programme, grouped by source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from guide.core import i18n
from guide.core.i18n import fmt_datetime
from guide.core.timeutil import as_utc
from skills_audit.results import SOURCES, Figure, ResultsReport, partner_words
from skills_audit.targets import PROGRAMME, TargetChange, TargetTable, quarter_period, year_periods


def field_name(key: str, period: str) -> str:
    """The targets form's field of an indicator and a period: "t-house_visit-2026-Q1"."""
    return f"t-{key}-{period}"


def period_words(period: str) -> str:
    return i18n.gettext("Whole programme") if period == PROGRAMME else period


@dataclass(frozen=True)
class TargetCell:
    name: str  # the field's name and id
    label: str  # what a screen reader says: the indicator and the period
    value: str


@dataclass(frozen=True)
class TargetRow:
    label: str
    cells: Sequence[TargetCell]


@dataclass(frozen=True)
class TargetGroup:
    title: str
    rows: Sequence[TargetRow]


@dataclass(frozen=True)
class ShownChange:
    indicator: str
    period: str
    target: str  # "20", or "no target"
    who: str
    when: str


@dataclass(frozen=True)
class TargetsPage:
    partners: Sequence[str]  # the partners this admin may choose (one: their own)
    partner: str
    years: Sequence[str]
    year: str
    periods: Sequence[str]  # the columns' headings
    groups: Sequence[TargetGroup] = ()
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""
    changes: Sequence[ShownChange] = ()
    nothing_stored: bool = False


def labels() -> dict[str, str]:
    """Every indicator's label in the page's language, by key."""
    return {key: i18n.gettext(source.LABELS[key]) for source in SOURCES for key in source.KEYS}


def targets_page(partners: Sequence[str], partner: str, years: Sequence[str], year: int,
                 typed: Mapping[str, str] | None, targets: TargetTable, changes: Sequence[TargetChange],
                 errors: Mapping[str, str] | None = None, notice: str = "",
                 nothing_stored: bool = False) -> TargetsPage:
    """The form: what was typed when it is shown again, else the targets as they are now."""
    periods = year_periods(year)
    words = labels()
    groups = []
    for source in SOURCES:
        rows = []
        for key in source.KEYS:
            cells = []
            for period in periods:
                name = field_name(key, period)
                stored = targets.get((partner, key, period))
                value = typed.get(name, "") if typed is not None else ("" if stored is None else str(stored))
                cells.append(TargetCell(name, f"{words[key]}, {period_words(period)}", value))
            rows.append(TargetRow(words[key], cells))
        groups.append(TargetGroup(i18n.gettext(source.TITLE), rows))
    shown = [ShownChange(words.get(c.indicator, c.indicator), period_words(c.period),
                         i18n.fmt_number(c.target) if c.target is not None else i18n.gettext("no target"), c.set_by,
                         fmt_datetime(as_utc(c.set_at)) + " UTC") for c in changes]
    return TargetsPage(partners=partners, partner=partner, years=years, year=str(year),
                       periods=[period_words(p) for p in periods], groups=groups, errors=dict(errors or {}),
                       notice=notice, changes=shown, nothing_stored=nothing_stored)


# --- the results against the targets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownFigure:
    figure: str  # "12 / 20", or "12" with no target
    gap: str  # "8 short of 20"


@dataclass(frozen=True)
class ShownRow:
    label: str
    quarter: ShownFigure
    year_to_date: ShownFigure
    programme_to_date: ShownFigure


@dataclass(frozen=True)
class ShownGroup:
    title: str
    rows: Sequence[ShownRow]


@dataclass(frozen=True)
class ShownPartner:
    name: str
    groups: Sequence[ShownGroup]


@dataclass(frozen=True)
class ResultsPage:
    years: Sequence[str]
    year: str
    quarter: str
    period: str = ""  # "2026-Q3"
    first_year: str = ""
    partners: Sequence[ShownPartner] = ()
    errors: Mapping[str, str] = field(default_factory=dict)
    quarter_options: Sequence[tuple[str, str]] = field(default_factory=lambda: quarter_options())


def quarter_options() -> list[tuple[str, str]]:
    return [(str(q), i18n.gettext("Quarter %(number)s", number=q)) for q in range(1, 5)]


def shown_figure(figure: Figure, locale: str) -> ShownFigure:
    achieved = i18n.fmt_number(figure.achieved)
    text = achieved if figure.target is None else i18n.gettext(
        "%(achieved)s / %(target)s", achieved=achieved, target=i18n.fmt_number(figure.target))
    return ShownFigure(text, figure.gap.render(locale))


def results_page(years: Sequence[str], report: ResultsReport, locale: str) -> ResultsPage:
    partners = [
        ShownPartner(partner_words(p.partner, locale), [
            ShownGroup(i18n.gettext(group.title), [
                ShownRow(i18n.gettext(row.label), shown_figure(row.quarter, locale),
                         shown_figure(row.year_to_date, locale), shown_figure(row.programme_to_date, locale))
                for row in group.rows])
            for group in p.groups])
        for p in report.partners
    ]
    return ResultsPage(years=years, year=str(report.year), quarter=str(report.quarter),
                       period=quarter_period(report.year, report.quarter), first_year=str(report.first_year),
                       partners=partners)
