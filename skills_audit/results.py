"""The programme's results against its targets (issue 15): every source of partner figures, and the quarterly
report built over them.

A source is a module of skills_audit in the seam's shape: TITLE (the group's name, N_), KEYS (its indicators, in
report order), LABELS (key -> N_ label) and counts(bind, year, places) -> (partner, quarter) -> key -> count.
A source may name DISTINCT keys (people, not events: a person counted in two quarters is one person over the year)
and give distinct(bind, year, places) -> (partner, quarter) -> key -> ids, from which the year and the programme to
date count different people. A source may also give counts_years(bind, first, last, places) -> year -> its counts
for the years first..last, counted in one pass where one year costs as much as several (a scan of every journey's
steps); the report then asks it once. Adding a source is one line in SOURCES. Every figure is an activity total per
partner, shown exactly: a breakdown below a partner would have to go through skills_audit.protection instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType

from guide.core.i18n import N_, translations
from guide.core.messages import Message
from skills_audit import activity_counts, outcome_counts, reach_counts, workshop_counts
from skills_audit.aggregate import Bind
from skills_audit.export import to_xlsx
from skills_audit.places import Places
from skills_audit.targets import PROGRAMME, TargetTable, current_targets, quarter_period

SOURCES: tuple[ModuleType, ...] = (
    reach_counts,
    activity_counts,
    workshop_counts,
    outcome_counts,
)


def indicator_keys(sources: tuple[ModuleType, ...] = SOURCES) -> tuple[str, ...]:
    """Every indicator key of every source, in report order (a key names one indicator in one source only)."""
    return tuple(key for source in sources for key in source.KEYS)


# --- the quarterly report -------------------------------------------------------------------------------------------

PROGRAMME_TOTAL = ""  # the partner key of the whole programme's figures (every partner added up)


@dataclass(frozen=True)
class Figure:
    """An indicator's achieved count against its target (None: no target)."""

    achieved: int
    target: int | None

    @property
    def gap(self) -> Message:
        """The gap in words: "3 short of 20", "5 above the target", "on target", "no target"."""
        if self.target is None:
            return Message(N_("no target"))
        if self.achieved < self.target:
            return Message(N_("%(short)s short of %(target)s"), {"short": self.target - self.achieved,
                                                                  "target": self.target})
        if self.achieved > self.target:
            return Message(N_("%(above)s above the target"), {"above": self.achieved - self.target})
        return Message(N_("on target"))


@dataclass(frozen=True)
class ResultRow:
    key: str
    label: str  # a msgid (the source's LABELS)
    quarters: tuple[Figure, ...]  # Q1 .. the quarter chosen
    year_to_date: Figure
    programme_to_date: Figure

    @property
    def quarter(self) -> Figure:
        """The quarter chosen."""
        return self.quarters[-1]


@dataclass(frozen=True)
class ResultGroup:
    title: str  # a msgid (the source's TITLE)
    rows: tuple[ResultRow, ...]


@dataclass(frozen=True)
class PartnerResults:
    partner: str  # PROGRAMME_TOTAL for the whole programme
    groups: tuple[ResultGroup, ...]


@dataclass(frozen=True)
class ResultsReport:
    year: int
    quarter: int
    first_year: int  # the programme to date counts from 1 January of this year
    partners: tuple[PartnerResults, ...]  # partners in name order, then the whole programme


Counts = dict[tuple[str, int], dict[str, int]]
People = dict[tuple[str, int], dict[str, set[int]]]  # a source's `distinct`: the ids behind a DISTINCT key


def _add(targets: Iterable[int | None]) -> int | None:
    """Targets added up: None when none of them is set."""
    found = [t for t in targets if t is not None]
    return sum(found) if found else None


def programme_first_year(targets: TargetTable, year: int) -> int:
    """The programme counts from the first year that has a quarter's target (the year asked when none has)."""
    years = [int(period[:4]) for _p, _k, period in targets if period[:4].isdigit()]
    return min([*years, year])


def results_report(bind: Bind, year: int, quarter: int, places: Places,
                   sources: tuple[ModuleType, ...] = SOURCES) -> ResultsReport:
    """Every partner's results for a quarter of a year, and the whole programme's, against the targets stored.

    Per indicator: each quarter of the year up to the one asked, the year to date (its quarters' targets added
    up) and the programme to date (from 1 January of its first year, against the programme's target)."""
    partners = places.partners()
    targets = current_targets(bind, partners)
    first_year = programme_first_year(targets, year)
    years = range(first_year, year + 1)
    found = [source.counts_years(bind, first_year, year, places) if hasattr(source, "counts_years")
             else {y: source.counts(bind, y, places) for y in years} for source in sources]
    by_year: dict[int, list[Counts]] = {y: [source_years.get(y, {}) for source_years in found] for y in years}
    # The people behind a DISTINCT key, for the figures over several quarters (see reached()).
    people_by_year: dict[int, list[People]] = {
        y: [source.distinct(bind, y, places) if getattr(source, "DISTINCT", ()) else {} for source in sources]
        for y in years}

    def achieved(index: int, key: str, who: Sequence[str], y: int, quarters: Iterable[int]) -> int:
        counts = by_year[y][index]
        return sum(counts.get((p, q), {}).get(key, 0) for p in who for q in quarters)

    def reached(index: int, key: str, who: Sequence[str], periods: Iterable[tuple[int, Iterable[int]]]) -> int:
        """A DISTINCT key over several quarters: the different people, not the sum of the quarters' figures."""
        people: set[int] = set()
        for y, quarters in periods:
            for p in who:
                for q in quarters:
                    people |= people_by_year[y][index].get((p, q), {}).get(key, set())
        return len(people)

    def target(key: str, who: Sequence[str], period: str) -> int | None:
        return _add(targets.get((p, key, period)) for p in who)

    def results(who: Sequence[str], name: str) -> PartnerResults:
        groups = []
        for index, source in enumerate(sources):
            rows = []
            for key in source.KEYS:
                quarters = tuple(Figure(achieved(index, key, who, year, (q,)),
                                        target(key, who, quarter_period(year, q))) for q in range(1, quarter + 1))
                if key in getattr(source, "DISTINCT", ()):
                    done = reached(index, key, who, [(year, range(1, quarter + 1))])
                    since = reached(index, key, who, [(y, range(1, 5)) for y in range(first_year, year)]
                                    + [(year, range(1, quarter + 1))])
                else:
                    done = sum(f.achieved for f in quarters)
                    since = sum(achieved(index, key, who, y, range(1, 5)) for y in range(first_year, year)) + done
                year_to_date = Figure(done, _add(f.target for f in quarters))
                programme = Figure(since, target(key, who, PROGRAMME))
                rows.append(ResultRow(key, source.LABELS[key], quarters, year_to_date, programme))
            groups.append(ResultGroup(source.TITLE, tuple(rows)))
        return PartnerResults(name, tuple(groups))

    return ResultsReport(year, quarter, first_year,
                         (*(results((p,), p) for p in partners), results(partners, PROGRAMME_TOTAL)))


# --- the spreadsheet a funder's report can paste --------------------------------------------------------------------


def partner_words(partner: str, locale: str) -> str:
    return translations(locale).gettext(N_("Whole programme")) if partner == PROGRAMME_TOTAL else partner


def results_table(report: ResultsReport, locale: str) -> list[list[object]]:
    """One row per indicator (under its source's title), one column group per partner and period: each quarter up
    to the one asked, the year to date and the programme to date, each as achieved and target. Figures are
    numbers; a missing target is an empty cell."""
    words = translations(locale).gettext
    periods = [quarter_period(report.year, q) for q in range(1, report.quarter + 1)]
    periods += [words(N_("Year to date")), words(N_("Programme to date"))]
    head_partner: list[object] = [words(N_("Results against targets"))]
    head_period: list[object] = [quarter_period(report.year, report.quarter)]
    head_figure: list[object] = [words(N_("Indicator"))]
    for partner in report.partners:
        for index, period in enumerate(periods):
            head_partner += [partner_words(partner.partner, locale) if index == 0 else None, None]
            head_period += [period, None]
            head_figure += [words(N_("Achieved")), words(N_("Target"))]
    table: list[list[object]] = [head_partner, head_period, head_figure]
    for g, group in enumerate(report.partners[0].groups):
        table.append([words(group.title)])
        for r, row in enumerate(group.rows):
            line: list[object] = [words(row.label)]
            for partner in report.partners:
                mine = partner.groups[g].rows[r]
                for figure in (*mine.quarters, mine.year_to_date, mine.programme_to_date):
                    line += [figure.achieved, figure.target]
            table.append(line)
    return table


def results_xlsx(report: ResultsReport, locale: str) -> bytes:
    return to_xlsx(results_table(report, locale), quarter_period(report.year, report.quarter))
