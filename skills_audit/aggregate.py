"""The audit's figures for one period, counted by the database and suppressed once for the whole period.

Who counts: every journey with a self-assessment take finished in the period, with the levels of its LATEST take
finished in the period (ties on the finishing time: the higher take id). Periods are a calendar year ("2026") or
quarter ("2026-Q1"), in UTC; the reports use ONE kind only (`report_period`, the setting TENSTEPS_AUDIT_PERIOD),
because a year and its quarters overlap: suppression works per period, so a hidden quarter could be worked out as
the year minus the quarters shown.

What is counted (two GROUP BYs in one statement; no answer or level row is ever loaded into Python):
- respondents per centre and sector (the sector chosen in step 3; no sector is its own group, NO_SECTOR);
- per centre, sector, competence and level (1..4): how many respondents have that level. Respondents without a
  level for a competence (too few answers) are the rest: "none".
Those counts per centre are then added up (sums of a few hundred counts) into regions, partners, all centres, and
all sectors; with the employers' required level of the region and sector (see `requirements`) each group also gets
"above" (at or above the required level) and "below".

The whole table of the period (every centre, region, partner and sector) goes through
skills_audit.suppression at once, with every additive relation between its figures, so that every report and
export cut from it hides the same figures and no two of them can be subtracted from each other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final, Literal

from sqlalchemy import CTE, Integer, String, case, func, literal, select, union_all
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.sql import Executable
from sqlmodel import Session, col

from guide.core.i18n import N_
from guide.core.messages import Message
from skills_audit.framework import Framework
from skills_audit.models import EmployerRequirement, EmployerSurvey
from skills_audit.places import NO_SECTOR, Places
from skills_audit.protection import NoProtection, Protection, ProtectionTimeout, protect
from skills_audit.sources import AssessmentLevel, AssessmentTake, Journey
from skills_audit.suppression import Group, Relation

ALL_SECTORS = "*"
N = ("n",)
NONE = "none"
ABOVE = "above"
BELOW = "below"
# Employers' surveys older than this many years before the end of the period no longer count.
NEEDS_WINDOW_YEARS = 2

Place = tuple[str, str]  # ("centre", id) | ("region", NUTS code) | ("partner", name) | ("all", "")
ALL_PLACES: Place = ("all", "")
Bind = Engine | Connection | Session


class AuditError(ValueError):
    """Bad input to the audit (an unknown region, a period that does not parse, no data): `message` says which."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid % dict(message.params) if message.params else message.msgid)
        self.message = message


# --- periods ---

YEAR: Final = "year"
QUARTER: Final = "quarter"
PeriodKind = Literal["year", "quarter"]
PERIOD_KINDS: tuple[PeriodKind, ...] = (YEAR, QUARTER)


@dataclass(frozen=True)
class Period:
    label: str  # "2026" or "2026-Q1"
    start: datetime  # inclusive, UTC
    end: datetime  # exclusive, UTC

    @property
    def kind(self) -> PeriodKind:
        return QUARTER if "-Q" in self.label else YEAR

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.date().toordinal() - 1)


_PERIOD_RE = re.compile(r"^\s*(\d{4})(?:-?[Qq]([1-4]))?\s*$")

# Per kind of report period: what to write when the text is no period at all, and when it is of the other kind
# (with an example in the year the person typed).
_NOT_A_PERIOD = {
    YEAR: N_("“%(value)s” is not a period. Reports are made per year: write a year, like 2026."),
    QUARTER: N_("“%(value)s” is not a period. Reports are made per quarter: write a quarter, like 2026-Q1."),
}
_OTHER_KIND = {
    YEAR: N_("“%(value)s” is a quarter, but reports are made per year. Write a year, like %(example)s."),
    QUARTER: N_("“%(value)s” is a year, but reports are made per quarter. Write a quarter, like %(example)s."),
}


def _period(year: int, quarter: int | None) -> Period:
    if quarter is None:
        return Period(str(year), datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC))
    start = datetime(year, 3 * quarter - 2, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC) if quarter == 4 else datetime(year, 3 * quarter + 1, 1, tzinfo=UTC)
    return Period(f"{year}-Q{quarter}", start, end)


def _match(text: str) -> tuple[int, int | None] | None:
    """(year, quarter or None) of "2026", "2026-Q1", "2026q1"…; None when the text is no period."""
    match = _PERIOD_RE.match(text or "")
    if not match or not 2000 <= int(match.group(1)) <= 2999:
        return None
    return int(match.group(1)), None if match.group(2) is None else int(match.group(2))


def parse_period(text: str) -> Period:
    """"2026" (a year) or "2026-Q1" (a quarter); AuditError otherwise. Either kind: for counting (build_cube, the
    benchmark). What is published (pages, exports, the command line) goes through `report_period`."""
    parsed = _match(text)
    if parsed is None:
        raise AuditError(
            Message(N_("“%(value)s” is not a period. Write a year (2026) or a quarter (2026-Q1)."), {"value": text})
        )
    return _period(*parsed)


def report_period(text: str, kind: PeriodKind) -> Period:
    """The period of a report, which must be of the configured kind (a year, or a quarter); AuditError otherwise,
    saying what to write instead. Only one kind is ever published: figures hidden in a quarter could otherwise be
    worked out from its year and the other quarters (suppression is done per period)."""
    parsed = _match(text)
    if parsed is None:
        raise AuditError(Message(_NOT_A_PERIOD[kind], {"value": text}))
    year, quarter = parsed
    if (quarter is None) != (kind == YEAR):
        example = str(year) if kind == YEAR else f"{year}-Q1"
        raise AuditError(Message(_OTHER_KIND[kind], {"value": text.strip(), "example": example}))
    return _period(year, quarter)


def available_periods(bind: Bind, today: date, kind: PeriodKind) -> tuple[str, ...]:
    """The periods a report can be asked for, newest first, of the one kind reports are made in: each year (or each
    quarter) from the first finished self-assessment up to today's (or the last one with data, whichever is later)."""
    stmt = select(func.min(AssessmentTake.finished_at), func.max(AssessmentTake.finished_at))
    first, last = rows(bind, stmt)[0]
    first_day = first.date() if first else today
    newest = max(today, last.date() if last else today)
    if kind == YEAR:
        return tuple(str(year) for year in range(newest.year, first_day.year - 1, -1))
    # quarters counted from year 0: 4 * year + quarter - 1
    newest_q = 4 * newest.year + (newest.month - 1) // 3
    oldest_q = 4 * first_day.year + (first_day.month - 1) // 3
    return tuple(f"{q // 4}-Q{q % 4 + 1}" for q in range(newest_q, oldest_q - 1, -1))


def anyone_answered(bind: Bind, period: Period) -> bool:
    """Whether anyone finished a self-assessment in the period: a fact about nobody (a release publishes it too),
    so that a period with no one in it can say so before it is released."""
    stmt = select(AssessmentTake.id).where(
        AssessmentTake.finished_at >= period.start, AssessmentTake.finished_at < period.end
    ).limit(1)
    return bool(rows(bind, stmt))


def no_one_answered(period: Period) -> Message:
    return Message(N_("No one finished a self-assessment in %(period)s."), {"period": period.label})


# --- employers' requirements ---


@dataclass(frozen=True)
class Requirement:
    """What the employers of one region and sector require in one competence.

    level: the highest level that employers offering at least half of the vacancies require or exceed (a weighted
    upper median; an employer that expects no vacancies weighs as one). importance: the same median of importance.
    """

    level: int
    importance: int
    employers: int
    vacancies: int


def _upper_median(weights: dict[int, int]) -> int:
    total = sum(weights.values())
    running = 0
    for value in sorted(weights, reverse=True):
        running += weights[value]
        if 2 * running >= total:
            return value
    raise ValueError("no weights")


def _connection(bind: Bind) -> tuple[Connection, bool]:
    if isinstance(bind, Session):
        return bind.connection(), False
    if isinstance(bind, Engine):
        return bind.connect(), True
    return bind, False


def dialect_name(bind: Bind) -> str:
    """The database's dialect ("sqlite", "postgresql"), where a query's cheapest shape differs between them."""
    return bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name


def rows(bind: Bind, statement: Executable) -> list[Row[*tuple[Any, ...]]]:
    """Run a SELECT on an Engine, a Connection or a Session's connection."""
    conn, owned = _connection(bind)
    try:
        return list(conn.execute(statement))
    finally:
        if owned:
            conn.close()


def needs_window(period: Period) -> tuple[date, date]:
    """Surveys dated from this first day up to and including this last day count for the period: the
    NEEDS_WINDOW_YEARS years that end with the period (periods end on the last day of March, June, September or
    December, so the same day some years earlier always exists)."""
    end = period.last_day
    first = date(end.year - NEEDS_WINDOW_YEARS, end.month, end.day)
    return date.fromordinal(first.toordinal() + 1), end


def requirements(bind: Bind, period: Period) -> dict[tuple[str, str, str], Requirement]:
    """(region, sector, competence) -> Requirement, from the surveys in the period's window (grouped in SQL)."""
    first, last = needs_window(period)
    # An employer expecting no vacancies still tells what it needs: it weighs as one.
    weight = case((col(EmployerSurvey.vacancies) > 0, col(EmployerSurvey.vacancies)), else_=1)
    in_window = (col(EmployerSurvey.surveyed_on) >= first, col(EmployerSurvey.surveyed_on) <= last)
    stmt = (
        select(
            col(EmployerSurvey.region),
            col(EmployerSurvey.sector),
            col(EmployerRequirement.competence_id),
            col(EmployerRequirement.level),
            col(EmployerRequirement.importance),
            func.count(),
            func.sum(weight),
            func.sum(col(EmployerSurvey.vacancies)),
        )
        .join(EmployerRequirement, col(EmployerRequirement.survey_id) == col(EmployerSurvey.id))
        .where(*in_window)
        .group_by(
            col(EmployerSurvey.region),
            col(EmployerSurvey.sector),
            col(EmployerRequirement.competence_id),
            col(EmployerRequirement.level),
            col(EmployerRequirement.importance),
        )
    )
    levels: dict[tuple[Any, ...], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    importances: dict[tuple[Any, ...], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    employers: dict[tuple[Any, ...], int] = defaultdict(int)
    vacancies: dict[tuple[Any, ...], int] = defaultdict(int)
    for region, sector, competence, level, importance, count, weight_sum, vacancy_sum in rows(bind, stmt):
        key = (region, sector, competence)
        levels[key][level] += int(weight_sum)
        importances[key][importance] += int(weight_sum)
        employers[key] += int(count)
        vacancies[key] += int(vacancy_sum)
    return {
        key: Requirement(
            level=_upper_median(levels[key]),
            importance=_upper_median(importances[key]),
            employers=employers[key],
            vacancies=vacancies[key],
        )
        for key in levels
    }


@dataclass(frozen=True)
class Surveys:
    employers: int
    vacancies: int


def surveys(bind: Bind, period: Period) -> dict[tuple[str, str], Surveys]:
    """(region, sector) -> how many employers were surveyed in the period's window, and their vacancies."""
    first, last = needs_window(period)
    stmt = (
        select(
            col(EmployerSurvey.region),
            col(EmployerSurvey.sector),
            func.count(),
            func.sum(col(EmployerSurvey.vacancies)),
        )
        .where(col(EmployerSurvey.surveyed_on) >= first, col(EmployerSurvey.surveyed_on) <= last)
        .group_by(col(EmployerSurvey.region), col(EmployerSurvey.sector))
    )
    return {(r, s): Surveys(int(n), int(v or 0)) for r, s, n, v in rows(bind, stmt)}


# --- the self-assessment counts ---


def latest_takes(period: Period) -> CTE:
    """Each journey's latest take finished in the period: (take_id, journey_id)."""
    rank = func.row_number().over(
        partition_by=AssessmentTake.journey_id,
        order_by=(AssessmentTake.finished_at.desc(), AssessmentTake.id.desc()),
    )
    ranked = (
        select(
            AssessmentTake.id.label("take_id"),
            AssessmentTake.journey_id.label("journey_id"),
            rank.label("rank"),
        )
        .where(AssessmentTake.finished_at >= period.start, AssessmentTake.finished_at < period.end)
        .subquery("ranked")
    )
    return select(ranked.c.take_id, ranked.c.journey_id).where(ranked.c.rank == 1).cte("latest")


def count_period(
    bind: Bind, period: Period
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str, str, int], int]]:
    """Respondents per (centre, sector), and per (centre, sector, competence, level 1..4), in ONE statement: both
    GROUP BYs over the same latest takes (a CTE), joined with UNION ALL, so the takes are ranked once."""
    latest = latest_takes(period)
    respondents = (
        select(
            Journey.centre_id,
            Journey.sector,
            literal(None, String).label("competence_id"),
            literal(None, Integer).label("level"),
            func.count().label("n"),
        )
        .select_from(latest)
        .join(Journey.TABLE, Journey.id == latest.c.journey_id)
        .group_by(Journey.centre_id, Journey.sector)
    )
    levels = (
        select(
            Journey.centre_id,
            Journey.sector,
            AssessmentLevel.competence_id,
            AssessmentLevel.level,
            func.count(),
        )
        .select_from(latest)
        .join(Journey.TABLE, Journey.id == latest.c.journey_id)
        .join(AssessmentLevel.TABLE, AssessmentLevel.take_id == latest.c.take_id)
        .where(AssessmentLevel.level.is_not(None))
        .group_by(
            Journey.centre_id, Journey.sector, AssessmentLevel.competence_id, AssessmentLevel.level
        )
    )
    by_group: dict[tuple[str, str], int] = {}
    by_level: dict[tuple[str, str, str, int], int] = {}
    for centre, sector, competence, level, n in rows(bind, union_all(respondents, levels)):
        if competence is None:
            by_group[(centre, sector or NO_SECTOR)] = int(n)
        else:
            by_level[(centre, sector or NO_SECTOR, competence, int(level))] = int(n)
    return by_group, by_level


# --- the table of the period ---


@dataclass
class Cube:
    """Every figure of a period, with the hidden ones. Keys: (place, sector, measure), where measure is N or
    (competence, 1..4 | NONE | ABOVE | BELOW)."""

    period: Period
    k: int
    places: Places
    competences: tuple[str, ...]
    scale: tuple[int, ...]
    sectors: tuple[str, ...]  # every sector with figures, NO_SECTOR included; ALL_SECTORS is their sum
    centres: tuple[str, ...]  # every centre with figures or in the content
    requirements: dict[tuple[str, str, str], Requirement]
    surveys: dict[tuple[str, str], Surveys]
    values: dict[tuple[Any, ...], int] = field(default_factory=dict)
    hidden: set[Hashable] = field(default_factory=set)  # every figure not shown: protected ones and unpublished ones
    relations: list[Relation] = field(default_factory=list)
    published: set[tuple[Any, ...]] = field(default_factory=set)  # every figure a page, download or export shows
    protection: Protection = field(default_factory=Protection)  # which hidden figures are small, and how long

    @property
    def primary(self) -> set[Hashable]:
        """Hidden because small: labelled "fewer than k"."""
        return self.protection.primary

    def hidden_reason(self, place: Place, sector: str, measure: tuple[Any, ...]) -> str | None:
        """Why a figure is not shown: "small" (fewer than k, true of it), "protect" (it would give a small one
        away), None when it is shown."""
        key = (place, sector, measure)
        if key not in self.hidden:
            return None
        return "small" if key in self.primary else "protect"

    # A released table (skills_audit.releases) keeps only what was published, and per place whether anyone
    # answered; None for a table counted now.
    people: set[Place] | None = None

    def get(self, place: Place, sector: str, measure: tuple[Any, ...]) -> int | None:
        """The figure, or None when it is suppressed (or, in a released table, was not published)."""
        key = (place, sector, measure)
        if key in self.hidden or (self.people is not None and key not in self.published):
            return None
        return self.values.get(key, 0)

    def anyone(self, place: Place = ALL_PLACES) -> bool:
        """Whether anyone in the place answered (a fact about nobody; never shown as a count)."""
        if self.people is not None:
            return place in self.people
        return self.values.get((place, ALL_SECTORS, N), 0) > 0

    def respondents(self, place: Place, sector: str) -> int | None:
        return self.get(place, sector, N)

    def total_respondents(self) -> int:
        """Everyone in the period (not for showing: it may be hidden in the table)."""
        return self.values.get((ALL_PLACES, ALL_SECTORS, N), 0)

    def requirement(self, region: str, sector: str, competence: str) -> Requirement | None:
        return self.requirements.get((region, sector, competence))

    def region_of(self, place: Place) -> str | None:
        """The one region a place lies in (a centre, a region), None for partners and all places."""
        if place[0] == "region":
            return place[1]
        if place[0] == "centre":
            centre = self.places.centres.get(place[1])
            return centre.region if centre else None
        return None


def _aggregate_places(places: Places, centres: Iterable[str]) -> dict[Place, tuple[str, ...]]:
    """Every place above a centre, with its centres (regions, partners, all)."""
    centres = tuple(sorted(centres))
    groups: dict[Place, tuple[str, ...]] = {}
    for region in places.regions():
        groups[("region", region)] = tuple(c for c in centres if c in places.centres_in_region(region))
    for partner in places.partners():
        groups[("partner", partner)] = tuple(c for c in centres if c in places.centres_of_partner(partner))
    groups[ALL_PLACES] = centres
    return groups


def build_cube(bind: Bind, period: Period, places: Places, framework: Framework, k: int,
               earlier: Sequence[Mapping[Any, int]] = ()) -> Cube:
    """Count the period in the database, add the counts up, and suppress (see the module's docstring). `earlier`:
    the figures each earlier release of the period showed (skills_audit.protection.changed_cells)."""
    respondents, levels = count_period(bind, period)
    return cube_from_counts(
        period,
        places,
        framework,
        k,
        respondents=respondents,
        levels=levels,
        reqs=requirements(bind, period),
        survey_counts=surveys(bind, period),
        earlier=earlier,
    )


def cube_from_counts(
    period: Period,
    places: Places,
    framework: Framework,
    k: int,
    respondents: dict[tuple[str, str], int],
    levels: dict[tuple[str, str, str, int], int],
    reqs: dict[tuple[str, str, str], Requirement],
    survey_counts: dict[tuple[str, str], Surveys] | None = None,
    time_limit: float = 60.0,
    earlier: Sequence[Mapping[Any, int]] = (),
) -> Cube:
    """The suppressed table from the database's counts (respondents per centre and sector, levels per centre, sector,
    competence and level): sums, relations, then skills_audit.suppression."""
    scale = framework.scale_values()
    competences = framework.competence_ids()
    centres = tuple(sorted(set(places.centres) | {c for c, _ in respondents}))
    sectors = tuple(
        sorted(set(places.sectors) | {NO_SECTOR} | {s for _, s in respondents}, key=lambda s: (s == NO_SECTOR, s))
    )
    cube = Cube(
        period=period,
        k=k,
        places=places,
        competences=competences,
        scale=scale,
        sectors=sectors,
        centres=centres,
        requirements=reqs,
        surveys=survey_counts or {},
    )
    values = cube.values
    relations = cube.relations
    level_measures = [(comp, level) for comp in competences for level in (*scale, NONE)]
    base_measures = [N, *level_measures]

    # Leaves: each centre and sector, straight from the database.
    for (centre, sector), n in respondents.items():
        values[(("centre", centre), sector, N)] = n
    for (centre, sector, comp, level), n in levels.items():
        if comp in competences and level in scale:
            values[(("centre", centre), sector, (comp, level))] = n
    for (centre, sector), n in respondents.items():
        for comp in competences:
            rated = sum(values.get((("centre", centre), sector, (comp, lv)), 0) for lv in scale)
            values[(("centre", centre), sector, (comp, NONE))] = n - rated

    above_below: list[tuple[Place, str, str, int]] = []  # (place, sector, competence, required level)
    for centre in centres:
        region = places.centres[centre].region if centre in places.centres else ""
        for sector in sectors:
            for comp in competences:
                req = reqs.get((region, sector, comp))
                if req is not None:
                    above_below.append((("centre", centre), sector, comp, req.level))
    for region in places.regions():
        for sector in sectors:
            for comp in competences:
                req = reqs.get((region, sector, comp))
                if req is not None:
                    above_below.append((("region", region), sector, comp, req.level))

    def add(total: tuple[Any, ...], parts: list[tuple[Any, ...]]) -> None:
        values[total] = sum(values.get(p, 0) for p in parts)
        relations.append(Relation(total, tuple(parts)))

    # All sectors of each centre.
    for centre in centres:
        place = ("centre", centre)
        for measure in base_measures:
            add((place, ALL_SECTORS, measure), [(place, s, measure) for s in sectors])
    # Regions, partners and all centres, per sector and for all sectors.
    aggregates = _aggregate_places(places, centres)
    for place, members in aggregates.items():
        for sector in (*sectors, ALL_SECTORS):
            for measure in base_measures:
                add((place, sector, measure), [(("centre", c), sector, measure) for c in members])
        # ...and their all-sectors figures are also the sum of their sectors.
        for measure in base_measures:
            relations.append(Relation((place, ALL_SECTORS, measure), tuple((place, s, measure) for s in sectors)))
    # Within a group: respondents = the four levels + none; above and below the employers' level.
    for place in [("centre", c) for c in centres] + list(aggregates):
        for sector in (*sectors, ALL_SECTORS):
            for comp in competences:
                relations.append(
                    Relation((place, sector, N), tuple((place, sector, (comp, lv)) for lv in (*scale, NONE)))
                )
    for place, sector, comp, required in above_below:
        add((place, sector, (comp, ABOVE)), [(place, sector, (comp, lv)) for lv in scale if lv >= required])
        add((place, sector, (comp, BELOW)), [(place, sector, (comp, lv)) for lv in scale if lv < required])
    # The region's above/below is also the sum of its centres'.
    for place, sector, comp, _ in above_below:
        if place[0] == "region":
            members = aggregates.get(place, ())
            for measure in ((comp, ABOVE), (comp, BELOW)):
                relations.append(
                    Relation((place, sector, measure), tuple((("centre", c), sector, measure) for c in members))
                )

    cube.published = published_cells(cube)
    groups: dict[tuple[Place, str], list[tuple[Any, ...]]] = defaultdict(list)
    # every figure of a group, the zeros no statement counted included (a centre's level nobody is at)
    for key in sorted(set(values) | cube.published, key=repr):
        place, sector, measure = key
        if measure != N:
            groups[(place, sector)].append(key)
    # Respondents and the regions' figures are what readers need most: hidden only when nothing cheaper protects.
    totals = {key for key in cube.published if key[2] == N or key[0][0] == "region"}
    try:
        protection = protect(
            values,
            relations,
            cube.published,
            [Group((place, sector, N), tuple(cells)) for (place, sector), cells in groups.items()],
            k,
            time_limit=time_limit,
            totals=totals,
            earlier=earlier,
        )
    except NoProtection as exc:
        raise AuditError(
            Message(N_("The figures of %(period)s cannot be shown: no way was found to hide the small counts without "
                       "giving them away. Nothing is shown."), {"period": period.label})
        ) from exc
    except ProtectionTimeout as exc:
        raise AuditError(
            Message(N_("The figures of %(period)s could not be protected in time. Nothing is shown: try again later."),
                    {"period": period.label})
        ) from exc
    cube.protection = protection
    # What no page shows is never shown: only the published figures were protected.
    unpublished = set() if k < 2 else set(values) - cube.published
    cube.hidden = protection.hidden | unpublished
    return cube


def published_cells(cube: Cube) -> set[tuple[Any, ...]]:
    """Every figure a report, a download or an export can show, for every auditable sector: each partner region and
    each of its centres, their respondents, levels, "not enough answers", "at or above" the employers' level and
    "below" it (which the share shown gives away)."""
    places = cube.places
    out: set[tuple[Any, ...]] = set()
    for region in places.regions():
        for place in [("region", region), *(("centre", c) for c in places.centres_in_region(region))]:
            for sector in places.auditable_sectors():
                out.add((place, sector, N))
                for comp in cube.competences:
                    for level in (*cube.scale, NONE):
                        out.add((place, sector, (comp, level)))
                    if cube.requirement(region, sector, comp) is not None:
                        out.add((place, sector, (comp, ABOVE)))
                        out.add((place, sector, (comp, BELOW)))
    return out
