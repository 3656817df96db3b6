"""skills_audit.group_counts (issue 15): the results report's counts of people by age band and by gender, per
partner and quarter, against a data set worked out by hand; through the audit's one protection with the partners'
totals fixed (k-1 hidden, k and k+1 shown, a partner under k shows no group, and the attacker of issue 13 recovers
no hidden count given the totals: tests/skills_audit/attack.py)."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, date, datetime

import pytest

from guide.about.service import CHOICES
from skills_audit import activity_counts, group_counts, outcome_counts
from skills_audit.breakdown import Breakdown
from tests.about.factories import people
from tests.skills_audit.attack import attack, recovered
from tests.skills_audit.factories import TWO_PARTNERS

K = 5
PLACES = TWO_PARTNERS
Q1 = datetime(2026, 2, 10, 9, tzinfo=UTC)
BOTH = {"Partner A": ("age_band", "gender"), "Partner B": ("gender",)}
NA = group_counts.NOT_ANSWERED


@pytest.fixture
def by_hand(db):  # noqa: ANN001, ANN201
    """Partner A, Q1 2026: 17 started (6 under 25 women, 5 aged 25-54 men of whom 2 at Great Yarmouth, 2 aged 55+
    who prefer not to give a gender, 1 who prefers not to give an age and answers "another", 3 who answered
    nothing); 6 jobs (5 of the young women, and 1 of a man of 25-54 who started in December), 1 training (someone
    who answered nothing). Not counted: a job in April, and a journey of a centre no longer in the content.
    Partner B: 3 started, women who gave no age."""
    people(db, "medway", 5, Q1, "under_25", "woman", (("job", date(2026, 3, 1)),))
    people(db, "medway", 1, Q1, "under_25", "woman", (("job", date(2026, 4, 1)),))
    people(db, "medway", 3, Q1, "25_54", "man")
    people(db, "great-yarmouth", 2, Q1, "25_54", "man")
    people(db, "medway", 2, Q1, "55_over", "prefer_not")
    people(db, "medway", 1, Q1, "prefer_not", "another")
    people(db, "medway", 2, Q1)
    people(db, "great-yarmouth", 1, Q1, outcomes=(("training", date(2026, 1, 1)),))
    people(db, "medway", 1, datetime(2025, 12, 20, tzinfo=UTC), "25_54", "man", (("job", date(2026, 2, 1)),))
    people(db, "elsewhere", 4, Q1, "under_25", "woman")
    people(db, "kortrijk", 3, Q1, None, "woman")


def test_the_counts_are_the_ones_worked_out_by_hand(db, by_hand):
    found = group_counts.counts(db, 2026, 1, PLACES)
    assert found == {
        ("Partner A", "age_band", "under_25", "started"): 6,
        ("Partner A", "age_band", "25_54", "started"): 5,
        ("Partner A", "age_band", "55_over", "started"): 2,
        ("Partner A", "age_band", "prefer_not", "started"): 1,
        ("Partner A", "age_band", NA, "started"): 3,
        ("Partner A", "gender", "woman", "started"): 6,
        ("Partner A", "gender", "man", "started"): 5,
        ("Partner A", "gender", "prefer_not", "started"): 2,
        ("Partner A", "gender", "another", "started"): 1,
        ("Partner A", "gender", NA, "started"): 3,
        ("Partner A", "age_band", "under_25", "job"): 5,
        ("Partner A", "age_band", "25_54", "job"): 1,
        ("Partner A", "gender", "woman", "job"): 5,
        ("Partner A", "gender", "man", "job"): 1,
        ("Partner A", "age_band", NA, "training"): 1,
        ("Partner A", "gender", NA, "training"): 1,
        ("Partner B", "age_band", NA, "started"): 3,
        ("Partner B", "gender", "woman", "started"): 3,
    }


def test_the_totals_are_the_results_reports_figures_and_stay_shown(db, by_hand):
    table = group_counts.group_breakdown(db, 2026, 1, PLACES, CHOICES, BOTH, K)
    activity = activity_counts.counts(db, 2026, PLACES)
    outcomes = outcome_counts.counts(db, 2026, PLACES)
    for partner in ("Partner A", "Partner B"):
        report = {**activity.get((partner, 1), {}), **outcomes.get((partner, 1), {})}
        for question in BOTH[partner]:
            for column in group_counts.COLUMNS:
                shown = table.cell((partner, question, group_counts.TOTAL), column)
                assert shown.value == report.get(column, 0), (partner, question, column)
    assert table.cell(("Partner A", "age_band", ""), "started").value == 17
    assert table.cell(("Partner A", "gender", ""), "job").value == 6


def test_a_partner_shows_the_questions_it_asks_or_that_were_answered(db, by_hand):
    table = group_counts.group_breakdown(db, 2026, 1, PLACES, CHOICES, BOTH, K)
    questions = {(row[0], row[1]) for row in table.rows if isinstance(row, tuple)}
    # Partner B asks only the gender, and nobody of it gave an age
    assert questions == {("Partner A", "age_band"), ("Partner A", "gender"), ("Partner B", "gender")}
    # Partner A switched both off since: the answers given in the quarter are still counted
    later = group_counts.group_breakdown(db, 2026, 1, PLACES, CHOICES, {}, K)
    assert {(row[0], row[1]) for row in later.rows if isinstance(row, tuple)} == questions
    # in the second quarter only the April job counts: one of a young woman
    april = group_counts.group_breakdown(db, 2026, 2, PLACES, CHOICES, {}, K)
    assert {(row[0], row[1]) for row in april.rows if isinstance(row, tuple)} == {("Partner A", "age_band"),
                                                                                 ("Partner A", "gender")}
    assert group_counts.group_breakdown(db, 2026, 3, PLACES, CHOICES, {}, K).rows == ()


def _truth(table: Breakdown, found: dict[tuple[str, str, str, str], int]) -> dict[Hashable, int]:
    truth: dict[Hashable, int] = {(row, c): 0 for row in table.rows for c in table.columns}
    for (partner, question, answer, column), n in found.items():
        if (partner, question, answer) in table.rows:
            truth[((partner, question, answer), column)] += n
            truth[((partner, question, group_counts.TOTAL), column)] += n
    return truth


def _published(table: Breakdown) -> dict[Hashable, tuple[int | None, str | None]]:
    return {key: (shown.value, shown.reason) for key, shown in table.cells.items()}


def test_no_hidden_count_is_recovered_from_the_totals_and_the_figures_shown(db, by_hand):
    table = group_counts.group_breakdown(db, 2026, 1, PLACES, CHOICES, BOTH, K)
    truth = _truth(table, group_counts.counts(db, 2026, 1, PLACES))
    young = ("Partner A", "age_band", "under_25")
    assert table.cell(young, "started").value == 6
    assert table.cell(("Partner A", "age_band", "55_over"), "started").reason == "small"
    assert table.cell(("Partner A", "gender", "another"), "started").reason == "small"
    # the three small groups of 17 who started add up to 6: each may be 1 to 4, as far as anyone can tell
    assert table.cell(("Partner A", "age_band", NA), "started").reason == "small"
    # 6 jobs = 5 young + 1: hiding the 5 "to protect" (so at least 5) would still pin the 1 down, and so would
    # hiding a zero: every group of that column is hidden, and the total alone says nothing of any of them
    jobs = [table.cell((p, q, a), "job") for p, q, a in table.rows if p == "Partner A" and a]
    assert {shown.reason for shown in jobs} == {group_counts.WHOLE}
    assert table.cell(("Partner A", "age_band", ""), "job").value == 6
    # Partner B has fewer than k: every group hidden, zeros too; its total stays
    partner_b = [row for row in table.rows if isinstance(row, tuple) and row[0] == "Partner B" and row[2]]
    assert all(table.cell(row, "started").value is None for row in partner_b)
    assert table.cell(("Partner B", "gender", ""), "started").value == 3
    # the groups of a column whose total is 1 to k-1 (a small group): "fewer than k" means 0 to k-1 there
    small = {(row, c) for row, c in table.cells if row[2] and 0 < truth[((*row[:2], ""), c)] < K}
    assert {(row, "started") for row in partner_b} <= small
    intervals = attack([_published(table)], table.relations, K, small)
    assert recovered(truth, intervals, K) == {}
    # and the attacker's work is real: without the protection, the 1 job would be found
    naive = {key: (truth[key], None) if truth[key] == 0 or truth[key] >= K or key[0][2] == "" else (None, "small")
             for key in table.cells}
    assert recovered(truth, attack([naive], table.relations, K, small), K)


@pytest.mark.parametrize(("n", "hidden"), [(K - 1, True), (K, False), (K + 1, False)])
def test_a_group_under_k_is_hidden_and_k_and_more_are_shown(db, n, hidden):
    people(db, "medway", 10, Q1, "under_25", "woman")
    people(db, "medway", 10, Q1, "25_54", "woman")
    people(db, "medway", n, Q1, "55_over", "woman")
    table = group_counts.group_breakdown(db, 2026, 1, PLACES, CHOICES, {"Partner A": ("age_band",)}, K)
    older = table.cell(("Partner A", "age_band", "55_over"), "started")
    assert (older.value is None) is hidden
    if hidden:
        assert older.reason == "small"
        # 24 - 10 - 10 would give the 4 away: another figure is hidden, to protect it
        assert table.hidden() >= 2
    else:
        assert older.value == n
        assert table.hidden() == 0
    assert table.cell(("Partner A", "age_band", ""), "started").value == 20 + n
