"""skills_audit.stops, where people stop (issue 15): of the journeys started in a quarter, the steps reached and
the quiet ones per centre go through the audit's one protection (k-1 hidden, k and k+1 shown, nothing recovered by
subtraction: tests/skills_audit/attack.py), and a median of days is shown only for a shown count of k or more."""

from __future__ import annotations

import secrets
from collections.abc import Hashable, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from guide.core.db import writing
from guide.journeys.models import Journey, StepProgress
from skills_audit import stops
from skills_audit.barrier_map import ALL
from skills_audit.breakdown import Breakdown
from tests.skills_audit.attack import attack, recovered
from tests.skills_audit.factories import TWO_PARTNERS

K = 5
PLACES = TWO_PARTNERS
START = datetime(2026, 2, 2, 9, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)  # every journey of the tests last did something before NOW - 30 days
MEDWAY, YARMOUTH, KORTRIJK = ("centre", "medway"), ("centre", "great-yarmouth"), ("centre", "kortrijk")
PARTNER_A = ("partner", "Partner A")


def _people(db, centre: str, n: int, days: Sequence[int] = (), started: datetime = START,  # noqa: ANN001
            last_activity: datetime | None = None) -> None:
    """n journeys at the centre, started at `started`, that reached steps 1..len(days): step s `days[s-1]` days
    after the step before (after the start for step 1)."""
    for _ in range(n):
        with writing(db):
            journey = Journey(code_hash=secrets.token_hex(32), centre_id=centre, locale="en", created_at=started,
                              last_activity_at=last_activity or started + timedelta(days=sum(days)))
            db.add(journey)
            db.flush()
            at = started
            for step, gap in enumerate(days, start=1):
                at += timedelta(days=gap, hours=1)
                db.add(StepProgress(journey_id=journey.id, centre_id=journey.centre_id, step=step, status="completed",
                                    updated_at=at))


def _truth(table: Breakdown, values: dict[tuple[Hashable, str], int]) -> dict[Hashable, int]:
    truth: dict[Hashable, int] = {(row, column): 0 for row in table.rows for column in table.columns}
    truth |= values
    for column in table.columns:
        truth[(PARTNER_A, column)] = truth[(MEDWAY, column)] + truth[(YARMOUTH, column)]
        truth[(ALL, column)] = truth[(PARTNER_A, column)] + truth[(KORTRIJK, column)]
    return truth


def _recovered(table, truth) -> dict:  # noqa: ANN001
    published = {key: (shown.value, shown.reason) for key, shown in table.cells.items()}
    return recovered(truth, attack([published], table.relations, table.k, set()), table.k)


@pytest.mark.parametrize(("n", "shown"), [(K - 1, None), (K, K), (K + 1, K + 1)])
def test_a_centre_under_k_is_hidden_k_and_more_shown_and_nothing_is_recovered(db, n, shown):
    _people(db, "medway", n, (2,))
    _people(db, "great-yarmouth", 7, (3, 4))
    _people(db, "kortrijk", 9, (1,))
    found = stops.stops(db, "2026-Q1", PLACES, K, NOW)
    table = found.counts
    assert table.columns == (*(f"step_{s}" for s in range(1, 11)), "quiet")
    assert table.rows == (YARMOUTH, MEDWAY, PARTNER_A, KORTRIJK, ALL)
    assert table.cell(MEDWAY, "step_1").value == shown
    assert table.cell(YARMOUTH, "step_2").value == 7 and table.cell(KORTRIJK, "step_2").value == 0
    if shown is None:
        assert table.cell(MEDWAY, "step_1").reason == "small"
        assert table.hidden() >= 2  # Partner A's total less Great Yarmouth would give Medway away
        assert found.median(MEDWAY, "step_1") == stops.Median(None, stops.HIDDEN_COUNT)  # never a hidden group's
    else:
        assert found.median(MEDWAY, "step_1").days == 2
    truth = _truth(table, {(MEDWAY, "step_1"): n, (MEDWAY, "quiet"): n, (YARMOUTH, "step_1"): 7,
                           (YARMOUTH, "step_2"): 7, (YARMOUTH, "quiet"): 7, (KORTRIJK, "step_1"): 9,
                           (KORTRIJK, "quiet"): 9})
    assert _recovered(table, truth) == {}


def test_the_medians_worked_out_by_hand(db):
    # Kortrijk: step 1 after 1, 2, 2, 3, 10 days (median 2); step 2 three days after it for all five (median 3)
    for gap in (1, 2, 2, 3, 10):
        _people(db, "kortrijk", 1, (gap, 3))
    _people(db, "medway", 6, (0,))  # step 1 the same day: 0 days
    found = stops.stops(db, "2026-Q1", PLACES, K, NOW)
    assert found.median(KORTRIJK, "step_1") == stops.Median(2)
    assert found.median(KORTRIJK, "step_2") == stops.Median(3)
    assert found.median(MEDWAY, "step_1") == stops.Median(0)
    assert found.median(MEDWAY, "step_3") == stops.Median(None)  # nobody got there: nothing to hide
    # the programme's step 1: 0 x6, 1, 2, 2, 3, 10: the median of all eleven
    assert found.median(ALL, "step_1") == stops.Median(0)
    assert found.counts.cell(ALL, "step_1").value == 11


def test_a_median_of_fewer_than_k_is_hidden_even_when_its_count_is_shown(db):
    # Kortrijk: 6 reached step 2, but only 3 of them reached step 1 too: the days from step 1 describe three people
    _people(db, "kortrijk", 3, (1, 4))
    for _ in range(3):
        with writing(db):
            journey = Journey(code_hash=secrets.token_hex(32), centre_id="kortrijk", locale="en", created_at=START,
                              last_activity_at=START)
            db.add(journey)
            db.flush()
            db.add(StepProgress(journey_id=journey.id, centre_id=journey.centre_id, step=2, status="in_progress",
                                updated_at=START))
    _people(db, "medway", 9, (1,))
    _people(db, "great-yarmouth", 8, (1,))
    found = stops.stops(db, "2026-Q1", PLACES, K, NOW)
    assert found.counts.cell(KORTRIJK, "step_2").value == 6
    assert found.median(KORTRIJK, "step_2") == stops.Median(None, stops.SMALL)


def test_only_journeys_started_in_the_quarter_count_and_quiet_means_30_days_without_activity(db):
    _people(db, "kortrijk", 6, (1,), last_activity=NOW - timedelta(days=31))
    _people(db, "kortrijk", 5, (1,), last_activity=NOW - timedelta(days=29))
    _people(db, "kortrijk", 7, (1,), started=datetime(2026, 4, 2, tzinfo=UTC))  # Q2
    _people(db, "elsewhere", 4, (1,))  # a centre no longer in the content: placed nowhere
    table = stops.stops(db, "2026-Q1", PLACES, K, NOW).counts
    assert table.cell(KORTRIJK, "step_1").value == 11
    assert table.cell(KORTRIJK, "quiet").value == 6
    assert table.cell(ALL, "step_1").value == 11
    assert stops.stops(db, "2026-Q2", PLACES, K, NOW).counts.cell(KORTRIJK, "step_1").value == 7


def test_a_quarter_with_nobody_shows_zeros_and_no_medians(db):
    found = stops.stops(db, "2026-Q3", PLACES, K, NOW)
    assert {shown.value for shown in found.counts.cells.values()} == {0}
    assert set(found.medians.values()) == {stops.Median(None)}
