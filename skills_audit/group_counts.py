"""People by age band and by gender (issue 15): per partner and quarter, for the results report's indicators that
count people (started the guide, and each kind of outcome), how many gave each answer to the optional questions of
guide.about, with "prefer not to say" and "not asked or not answered" as groups of their own.

The partner's total of each indicator is the results report's figure (skills_audit.activity_counts,
skills_audit.outcome_counts: activity totals, shown there as they are), so here it is `fixed`: shown, known to the
attacker, and the groups' figures are protected around it through skills_audit.breakdown, counts under k hidden
and no hidden count recoverable from the total minus the figures shown. Each question's column is protected on its
own: the only figure two of them share is a fixed total, which ties nothing (the attacker knows it anyway). A partner
with fewer than k in an indicator is a small group: each of its groups is hidden, zeros included. Where the fixed
total leaves no way to protect a column (see `_column`), all its groups are hidden. Only ids, centres and the
answers' codes are read, never anything typed.

The answers' codes are the guide's (guide.about.service), handed in by the caller with the partners that ask each
question; a partner's question is shown when it asks it now or someone of it answered it in the quarter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from guide.core.i18n import N_
from skills_audit.aggregate import AuditError, Bind, rows
from skills_audit.breakdown import Breakdown, Earlier, Row, Shown, protected_table
from skills_audit.outcome_counts import KINDS
from skills_audit.places import Places
from skills_audit.protection import NoProtection
from skills_audit.sources import Journey, JourneyAbout, Outcome
from skills_audit.suppression import Group, Relation

TITLE = N_("People by age group and by gender")
QUESTIONS: tuple[str, ...] = ("age_band", "gender")  # guide.about.service.QUESTIONS
COLUMNS: tuple[str, ...] = ("started", *KINDS)  # skills_audit.activity_counts and outcome_counts keys
NOT_ANSWERED = "not_answered"  # not asked, skipped, or removed
TOTAL = ""  # the answer key of a partner's total row
WHOLE = "whole"  # why an answer is hidden: its whole column could not be protected otherwise


def _bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    return start, date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)


def counts(bind: Bind, year: int, quarter: int, places: Places) -> dict[tuple[str, str, str, str], int]:
    """(partner, question, answer code or NOT_ANSWERED, column of COLUMNS) -> count in the quarter, counted as the
    results report counts the column: journeys started in the quarter, outcomes started in a month of it."""
    first, after = _bounds(year, quarter)
    with_about = Journey.TABLE.outerjoin(JourneyAbout.TABLE, JourneyAbout.journey_id == Journey.id)
    started = (
        select(Journey.centre_id, JourneyAbout.age_band, JourneyAbout.gender, func.count())
        .select_from(with_about)
        .where(Journey.created_at >= datetime(first.year, first.month, 1, tzinfo=UTC),
               Journey.created_at < datetime(after.year, after.month, 1, tzinfo=UTC))
        .group_by(Journey.centre_id, JourneyAbout.age_band, JourneyAbout.gender)
    )
    outcomes = (
        select(Journey.centre_id, JourneyAbout.age_band, JourneyAbout.gender, Outcome.kind, func.count())
        .select_from(Outcome.TABLE.join(Journey.TABLE, Journey.id == Outcome.journey_id)
                     .outerjoin(JourneyAbout.TABLE, JourneyAbout.journey_id == Journey.id))
        .where(Outcome.started_month >= first, Outcome.started_month < after)
        .group_by(Journey.centre_id, JourneyAbout.age_band, JourneyAbout.gender, Outcome.kind)
    )
    found: dict[tuple[str, str, str, str], int] = defaultdict(int)

    def add(centre: str, age_band: str | None, gender: str | None, column: str, n: int) -> None:
        info = places.centres.get(centre)
        if info is None or column not in COLUMNS:
            return
        for question, answer in zip(QUESTIONS, (age_band, gender), strict=True):
            found[(info.partner, question, answer or NOT_ANSWERED, column)] += int(n)

    for centre, age_band, gender, n in rows(bind, started):
        add(centre, age_band, gender, "started", n)
    for centre, age_band, gender, kind, n in rows(bind, outcomes):
        add(centre, age_band, gender, kind, n)
    return dict(found)


def shown_questions(found: Mapping[tuple[str, str, str, str], int], partner: str, asking: Iterable[str]) -> list[str]:
    """The questions of a partner's tables: those it asks now, and those someone of it answered in the quarter."""
    answered = {q for (p, q, answer, _c), n in found.items() if p == partner and answer != NOT_ANSWERED and n}
    wanted = set(asking) | answered
    return [q for q in QUESTIONS if q in wanted]


def group_breakdown(bind: Bind, year: int, quarter: int, places: Places, answers: Mapping[str, Sequence[str]],
                    asking: Mapping[str, Iterable[str]], k: int, earlier: Earlier = ()) -> Breakdown:
    """The protected table of a quarter: per partner and question, a row per answer of `answers[question]` (the
    guide's codes, in their order), then NOT_ANSWERED, then the partner's total row (TOTAL: fixed, the results
    report's figure); a column per COLUMNS. Rows are (partner, question, answer). `asking`: partner -> the questions
    it asks now. Partners that show no question have no rows."""
    found = counts(bind, year, quarter, places)
    unknown = {(p, q, a) for (p, q, a, _c) in found if a != NOT_ANSWERED and a not in answers.get(q, ())}
    values: dict[tuple[Row, str], int] = defaultdict(int)
    for (partner, question, answer, column), n in found.items():
        # an answer the guide no longer offers counts as not answered (never a row of its own, never lost)
        key = (partner, question, NOT_ANSWERED if (partner, question, answer) in unknown else answer)
        values[(key, column)] += n
    shown: list[Row] = []
    cells: dict[tuple[Row, str], Shown] = {}
    relations: list[Relation] = []
    totals: list[Row] = []
    period = f"{year}-Q{quarter}"
    for partner in places.partners():
        for question in shown_questions(found, partner, asking.get(partner, ())):
            parts: tuple[Row, ...] = tuple((partner, question, a) for a in (*answers[question], NOT_ANSWERED))
            total: Row = (partner, question, TOTAL)
            shown += [*parts, total]
            totals.append(total)
            for column in COLUMNS:  # each column of each question is a table of its own: no figure ties two
                part = _column(period, k, parts, total, column, values, earlier)
                cells.update(part.cells)
                relations += part.relations
    return Breakdown(period, k, tuple(shown), COLUMNS, frozenset(totals), cells,
                     tuple(relations))


def _column(period: str, k: int, parts: tuple[Row, ...], total: Row, column: str,
            values: Mapping[tuple[Row, str], int], earlier: Earlier = ()) -> Breakdown:
    """One question's answers in one column, protected around the fixed total. Where no protection exists (the
    total fixed and every way of hiding pinned down by the labels: 6 = 5 + 1, "fewer than k" at least 1 and a
    complement at least k), every answer of the column is hidden (WHOLE): the total then tells only that they add
    up to it. A time-out stays an AuditError: nothing is shown."""
    group = Group((total, column), tuple((p, column) for p in parts))
    try:
        return protected_table(period, k, (*parts, total), (column,), values, [(total, parts)], fixed_rows=[total],
                               groups=[group], earlier=earlier)
    except AuditError as exc:
        if not isinstance(exc.__cause__, NoProtection):
            raise
    cells = {(p, column): Shown(None, WHOLE) for p in parts}
    cells[(total, column)] = Shown(sum(values.get((p, column), 0) for p in parts))
    return Breakdown(period, k, (*parts, total), (column,), frozenset({total}), cells,
                     (Relation((total, column), tuple((p, column) for p in parts)),))
