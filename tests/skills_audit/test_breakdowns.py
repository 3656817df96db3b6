"""skills_audit.breakdown, barrier_map and workshop_counts.topic_breakdown: breakdowns below a partner go through the
audit's one protection: counts under k hidden (k-1 hidden, k and k+1 shown), and no hidden count recovered from a
total and the figures shown beside it, by the attacker of issue 13 (tests/skills_audit/attack.py)."""

from __future__ import annotations

import random
from collections.abc import Hashable
from datetime import UTC, datetime, timedelta

import pytest

from guide.barriers.service import THEME_IDS, WANT_HELP, save_answers
from guide.core.db import writing
from guide.journeys.service import start_journey
from guide.workshops.service import TOPICS
from skills_audit import barrier_map, workshop_counts
from skills_audit.aggregate import AuditError
from skills_audit.breakdown import Breakdown, protected_table
from tests.skills_audit.attack import attack, recovered
from tests.skills_audit.factories import TWO_PARTNERS
from tests.workshops.factories import add_workshop, secret

K = 5
PLACES = TWO_PARTNERS
Q1 = datetime(2026, 2, 10, 9, tzinfo=UTC)


def _published(table: Breakdown) -> dict[Hashable, tuple[int | None, str | None]]:
    return {key: (shown.value, shown.reason) for key, shown in table.cells.items()}


def _recovered(table: Breakdown, truth: dict[Hashable, int], small_group: set[Hashable] | None = None) -> dict:
    intervals = attack([_published(table)], table.relations, table.k, small_group or set())
    return recovered(truth, intervals, table.k)


def _plain(values: dict[str, int], k: int = K) -> tuple[Breakdown, dict[Hashable, int]]:
    """Rows a, b, c and their total, one column."""
    cells = {(row, "x"): n for row, n in values.items()}
    table = protected_table("2026-Q1", k, ("a", "b", "c", "all"), ("x",), cells, [("all", ("a", "b", "c"))])
    truth = {**cells, ("all", "x"): sum(values.values())}
    return table, truth


@pytest.mark.parametrize(("n", "hidden"), [(K - 1, True), (K, False), (K + 1, False)])
def test_a_count_under_k_is_hidden_and_k_and_more_are_shown(n, hidden):
    table, _truth = _plain({"a": n, "b": 20, "c": 30})
    assert (table.cell("a", "x").value is None) is hidden
    if hidden:
        assert table.cell("a", "x").reason == "small"
    else:
        assert table.cell("a", "x").value == n
        assert table.hidden() == 0


def test_the_total_minus_the_figures_shown_does_not_give_a_hidden_one_away():
    table, truth = _plain({"a": 2, "b": 8, "c": 30})
    assert table.cell("a", "x").reason == "small"
    # total - b - c would be a: one more figure is hidden, labelled for why
    assert table.hidden() >= 2
    assert {table.cell(r, "x").reason for r in ("b", "c", "all")} >= {"protect"}
    assert _recovered(table, truth) == {}


def test_zeros_are_shown_and_a_lone_small_count_takes_its_total_with_it():
    table, truth = _plain({"a": 3, "b": 0, "c": 0})
    assert table.cell("b", "x").value == 0 and table.cell("c", "x").value == 0
    assert table.cell("a", "x").value is None and table.cell("all", "x").value is None
    assert _recovered(table, truth) == {}


def test_no_small_count_is_ever_recovered_from_random_tables():
    rnd = random.Random(16)
    for _ in range(25):
        k = rnd.choice((3, 5))
        values = {r: rnd.choice((0, 1, 2, 3, 4, 5, 6, 9, 14)) for r in "abc"}
        table, truth = _plain(values, k)
        assert _recovered(table, truth) == {}, values
        for row, n in values.items():
            if 0 < n < k:
                assert table.cell(row, "x").value is None


# --- the barrier map ----------------------------------------------------------------------------------------------


def _asked(db, centre: str, n: int, themes: tuple[str, ...] = ("childcare",), when: datetime = Q1,
           answer: str = WANT_HELP) -> list[int]:
    made = []
    for _ in range(n):
        with writing(db):
            journey, _code = start_journey(db, secret(), centre, "en")
            save_answers(db, journey.id, dict.fromkeys(themes, answer), now=when)
        made.append(journey.id)
    return made


def test_the_map_counts_people_who_asked_for_help_per_centre_and_theme_in_the_quarter(db):
    _asked(db, "medway", 2, ("childcare", "money"))
    _asked(db, "medway", 1, ("childcare",), answer="not_now")  # not asked
    _asked(db, "kortrijk", 1, ("housing",), when=datetime(2026, 4, 1, tzinfo=UTC))  # Q2
    _asked(db, "elsewhere", 1)  # a centre no longer in the content: counted by the database, placed nowhere
    assert barrier_map.counts(db, "2026-Q1") == {("medway", "childcare"): 2, ("medway", "money"): 2,
                                                 ("elsewhere", "childcare"): 1}
    assert barrier_map.counts(db, "2026-Q2") == {("kortrijk", "housing"): 1}


@pytest.mark.parametrize(("n", "shown"), [(K - 1, None), (K, K), (K + 1, K + 1)])
def test_the_map_hides_a_centre_under_k_and_shows_k_and_more(db, n, shown):
    _asked(db, "medway", n)
    _asked(db, "great-yarmouth", 7)
    _asked(db, "kortrijk", 9)
    table = barrier_map.barrier_map(db, "2026-Q1", PLACES, THEME_IDS, K)
    medway = ("centre", "medway")
    assert table.cell(medway, "childcare").value == shown
    assert table.cell(medway, "money").value == 0  # nobody: a zero describes nobody
    assert table.rows == (("centre", "great-yarmouth"), medway, ("partner", "Partner A"), ("centre", "kortrijk"),
                          barrier_map.ALL)
    truth = {(row, theme): 0 for row in table.rows for theme in THEME_IDS}
    truth |= {(medway, "childcare"): n, (("centre", "great-yarmouth"), "childcare"): 7,
              (("centre", "kortrijk"), "childcare"): 9, (("partner", "Partner A"), "childcare"): n + 7,
              (barrier_map.ALL, "childcare"): n + 16}
    if shown is None:
        assert table.cell(medway, "childcare").reason == "small"
        # Partner A's total less Great Yarmouth, or the programme's less the others, would give Medway away
        assert table.hidden() >= 2
    assert _recovered(table, truth) == {}


def test_the_map_of_a_quarter_with_nobody_shows_zeros(db):
    table = barrier_map.barrier_map(db, "2026-Q3", PLACES, THEME_IDS, K)
    assert {shown.value for shown in table.cells.values()} == {0}


# --- workshops by topic -------------------------------------------------------------------------------------------


def _workshop(db, centre: str, topic: str, people: int, when: datetime = Q1) -> None:
    made = []
    for _ in range(people):
        with writing(db):
            journey, _code = start_journey(db, secret(), centre, "en")
        made.append(journey.id)
    add_workshop(db, centre=centre, topic=topic, starts_at=when, ends_at=when + timedelta(hours=2),
                 attendees=tuple(made))


def _topic_truth(table: Breakdown, found: dict[tuple[str, str], tuple[int, int]]) -> dict[Hashable, int]:
    truth: dict[Hashable, int] = {key: 0 for key in table.cells}
    for (partner, topic), (held, attendances) in found.items():
        truth[((partner, topic), "workshops_held")] = held
        truth[((partner, topic), "attendances")] = attendances
        for key, n in (("workshops_held", held), ("attendances", attendances)):
            truth[((partner, workshop_counts.TOTAL), key)] += n
    return truth


def test_topics_are_counted_per_partner_and_the_totals_are_the_results_reports(db):
    _workshop(db, "medway", "2", 6)
    _workshop(db, "great-yarmouth", "2", 3)
    _workshop(db, "medway", "assessment", 2)
    _workshop(db, "kortrijk", "barriers", 1, when=datetime(2026, 5, 1, tzinfo=UTC))  # Q2
    found = workshop_counts.topic_counts(db, 2026, 1, PLACES)
    assert found == {("Partner A", "2"): (2, 9), ("Partner A", "assessment"): (1, 2)}
    table = workshop_counts.topic_breakdown(db, 2026, 1, PLACES, TOPICS, K)
    total = ("Partner A", workshop_counts.TOTAL)
    results = workshop_counts.counts(db, 2026, PLACES)[("Partner A", 1)]
    # the totals are shown exactly, as the results report shows them, whatever is hidden around them
    assert table.cell(total, "attendances").value == results["attendances"] == 11
    assert table.cell(total, "workshops_held").value == results["workshops_held"] == 3
    assert table.cell(("Partner A", "assessment"), "attendances").reason == "small"
    # 11 - 2 would give the assessment's 2 away: step 2's 9 is hidden too
    assert table.cell(("Partner A", "2"), "attendances").value is None
    assert table.cell(("Partner A", "5"), "attendances").value == 0
    assert _recovered(table, _topic_truth(table, found)) == {}


def test_a_partner_with_fewer_than_k_attendances_shows_no_topic_and_its_total_stays(db):
    _workshop(db, "kortrijk", "barriers", 3)
    table = workshop_counts.topic_breakdown(db, 2026, 1, PLACES, TOPICS, K)
    topics = [row for row in table.rows if row[0] == "Partner B" and row[1] != workshop_counts.TOTAL]
    assert ("Partner B", "barriers") in topics
    assert all(table.cell(row, key).value is None for row in topics for key in workshop_counts.TOPIC_KEYS)
    assert table.cell(("Partner B", workshop_counts.TOTAL), "attendances").value == 3
    found = workshop_counts.topic_counts(db, 2026, 1, PLACES)
    small = {(row, key) for row in topics for key in workshop_counts.TOPIC_KEYS}
    assert _recovered(table, _topic_truth(table, found), small) == {}


def test_no_protection_is_an_audit_error_with_nothing_shown():
    # one part only, fixed total 2: the total is the part, no hiding can protect it
    with pytest.raises(AuditError) as raised:
        protected_table("2026-Q1", K, ("a", "t"), ("x",), {("a", "x"): 2}, [("t", ("a",))], fixed_rows=("t",))
    assert "cannot be shown" in raised.value.message.msgid


def test_workshops_held_are_shown_beside_their_attendances_and_hidden_with_them(db):
    # one workshop each on two topics, the partner's 2 workshops held shown exactly in the results report: the
    # held figures do not go through the protection (activity), they follow their attendances
    _workshop(db, "medway", "2", 6)
    _workshop(db, "medway", "assessment", 2)
    table = workshop_counts.topic_breakdown(db, 2026, 1, PLACES, TOPICS, K)
    assert table.cell(("Partner A", "assessment"), "workshops_held").reason == workshop_counts.WITH
    assert table.cell(("Partner A", "2"), "workshops_held").reason == workshop_counts.WITH  # its 6 protects the 2
    assert table.cell(("Partner A", "1"), "workshops_held").value == 0
    assert table.cell(("Partner A", workshop_counts.TOTAL), "workshops_held").value == 2
    _workshop(db, "medway", "2", 7)
    table = workshop_counts.topic_breakdown(db, 2026, 1, PLACES, TOPICS, K)
    # 13 on step 2 and 2 on the assessment: a bigger figure shown, the held beside it shown too
    assert table.cell(("Partner A", "assessment"), "attendances").value is None
