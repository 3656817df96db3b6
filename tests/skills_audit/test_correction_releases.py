"""A later release of a period (issue 13): a correction is a new release, numbered, every earlier one kept, and
protected together with them: an attacker with every release at once (tests.skills_audit.union_attack, integer
programming over both releases' shown figures) pins down neither a small count nor the figures one newcomer or one
"Delete my data" changed between the releases."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from guide.audit_pages.places import get_places
from guide.audit_pages.tables import BARRIERS, BREAKDOWNS, NEIGHBOURHOODS, release_quarter
from guide.core.db import writing
from guide.journeys.models import Journey
from guide.journeys.service import delete_journey
from skills_audit import barrier_map
from skills_audit.aggregate import ABOVE, BELOW, YEAR, AuditError, Cube, build_cube, parse_period
from skills_audit.framework import get_framework
from skills_audit.models import AuditRelease
from skills_audit.protection import required_width
from skills_audit.releases import make_release, released_cube, released_tables
from skills_audit.report import build_report
from skills_audit.suppression import Relation
from tests.skills_audit.attack import publication
from tests.skills_audit.factories import respondent, survey
from tests.skills_audit.test_table_releases import _people
from tests.skills_audit.union_attack import UnionAttack

PLACES, FW = get_places(), get_framework()
K = 5
AFTER_2026 = datetime(2027, 1, 2, tzinfo=UTC)
LATER = datetime(2027, 2, 1, tzinfo=UTC)
PERIOD = parse_period("2026")


def _world(db):  # noqa: ANN001, ANN202
    """A small world: Kortrijk, care, 12 people; Medway, care, 7."""
    people = [respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 9 else 2, "reliability": 4})
              for i in range(12)]
    for i in range(7):
        respondent(db, "medway", "care", {"teamwork": 1 if i < 4 else 3, "reliability": 2})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2)}, vacancies=4)
    survey(db, "UKJ41", "care", {"teamwork": (2, 3)}, vacancies=2)
    return people


def _release(db, now=AFTER_2026, correction=False):  # noqa: ANN001, ANN202
    with writing(db):
        return make_release(db, "2026", YEAR, PLACES, FW, K, now, correction=correction)


def _published(db, number: int) -> Cube:  # noqa: ANN001
    found = released_cube(db, PERIOD, PLACES, number)
    assert found is not None
    return found[0]


def _attack(db, truths: list[Cube]) -> tuple[UnionAttack, list[dict[Hashable, tuple[int | None, str | None]]]]:  # noqa: ANN001
    pubs = [publication(_published(db, n + 1)) for n in range(len(truths))]
    return UnionAttack(pubs, [t.relations for t in truths], K), pubs


def _assert_nothing_pinned(db, first: Cube, second: Cube) -> int:  # noqa: ANN001
    """Over both releases at once: no small count and no change of 1 to k-1 is narrower than required. Returns how
    many changed figures were checked."""
    attack, pubs = _attack(db, [first, second])
    need = required_width(K)
    for i, (truth, pub) in enumerate(zip((first, second), pubs, strict=True)):
        for cell, (value, _label) in pub.items():
            true = truth.values.get(cell, 0)
            if value is None and 0 < true < K:
                lo, hi = attack.figure(cell, i)
                assert lo <= true <= hi and hi - lo >= need, (i, cell, true, lo, hi)
    changed = [c for c in pubs[1] if c in pubs[0]
               and 0 < abs(second.values.get(c, 0) - first.values.get(c, 0)) < K]
    for cell in changed:
        lo, hi = attack.difference(cell, 0, 1)
        moved = second.values.get(cell, 0) - first.values.get(cell, 0)
        assert lo <= moved <= hi and hi - lo >= need, (cell, moved, lo, hi)
    return len(changed)


def test_a_new_job_seeker_is_not_given_away_by_a_second_release(db):
    _world(db)
    first = build_cube(db, PERIOD, PLACES, FW, K)
    _release(db)
    respondent(db, "kortrijk", "care", {"teamwork": 4, "reliability": 3})  # the newcomer
    second = build_cube(db, PERIOD, PLACES, FW, K)
    again = _release(db, now=LATER, correction=True)
    assert again.number == 2
    assert _assert_nothing_pinned(db, first, second) > 0


def test_a_deletion_is_not_given_away_by_a_second_release(db):
    people = _world(db)
    first = build_cube(db, PERIOD, PLACES, FW, K)
    _release(db)
    with writing(db):
        delete_journey(db, people[0])  # "Delete my data"
    second = build_cube(db, PERIOD, PLACES, FW, K)
    _release(db, now=LATER, correction=True)
    assert _assert_nothing_pinned(db, first, second) > 0


def _levels_asked(cube: Cube) -> dict[Hashable, int]:
    return {key: req.level for key, req in cube.requirements.items()}


def test_a_new_employer_survey_is_not_given_away_by_a_second_release(db):
    """The issue's first attack, on the demo's figures: an employer survey recorded between two releases moves the
    level employers ask in Kortrijk's region for teamwork (3 to 2), so "below the level" goes from "not yet" +
    "sometimes" (3 + 7, both hidden) to "not yet" alone. The attacker has both releases and knows that only a survey
    was recorded (every count of people is the same in both); the hidden small counts of teamwork keep their width,
    and release 1 keeps the level as it was."""
    from guide.demo import _add_audit_data

    with writing(db):
        _add_audit_data(db)
    first = build_cube(db, PERIOD, PLACES, FW, K)
    _release(db)
    survey(db, "BE254", "care", {"teamwork": (2, 3)}, vacancies=10)
    second = build_cube(db, PERIOD, PLACES, FW, K)
    below = (("centre", "kortrijk"), "care", ("teamwork", BELOW))
    assert (first.values[below], second.values[below]) == (10, 3)  # the survey moved the level
    _release(db, now=LATER, correction=True)
    about_people = [c for c in first.values if c[2][-1] not in (ABOVE, BELOW)]
    pubs = [publication(_published(db, n)) for n in (1, 2)]
    attack = UnionAttack(pubs, [first.relations, second.relations], K, unchanged=about_people)
    checked = 0
    for i, (truth, pub) in enumerate(zip((first, second), pubs, strict=True)):
        for cell, (value, _label) in pub.items():
            if value is None and 0 < truth.values.get(cell, 0) < K and cell[2][0] == "teamwork":
                lo, hi = attack.figure(cell, i)
                assert hi - lo >= required_width(K), (i, cell, lo, hi)
                checked += 1
    assert checked >= 2  # "not yet" in release 1, "not yet" and "below" in release 2 at least
    assert _levels_asked(_published(db, 1)) == _levels_asked(first)
    assert _levels_asked(_published(db, 2)) == _levels_asked(second)


def test_without_the_union_the_newcomer_would_be_found(db):
    """The attack is able: the second table protected on its own (as a first release would be) gives the newcomer's
    figures away, by difference with the first release."""
    _world(db)
    first = build_cube(db, PERIOD, PLACES, FW, K)
    _release(db)
    respondent(db, "kortrijk", "care", {"teamwork": 4, "reliability": 3})
    alone = build_cube(db, PERIOD, PLACES, FW, K)  # no earlier release given: protected on its own
    attack = UnionAttack([publication(_published(db, 1)), publication(alone)], [first.relations, alone.relations], K)
    pinned = [c for c in alone.published
              if 0 < abs(alone.values.get(c, 0) - first.values.get(c, 0)) < K
              and (lambda iv: iv[1] - iv[0] < 1)(attack.difference(c, 0, 1))]
    assert pinned


def test_each_release_stays_on_record_and_the_newest_is_served(db):
    _world(db)
    _release(db)
    respondent(db, "kortrijk", "care", {"teamwork": 4, "reliability": 3})
    _release(db, now=LATER, correction=True)
    assert [r.number for r in db.exec(select(AuditRelease).order_by(AuditRelease.number)).all()] == [1, 2]
    newest = build_report(db, "2026", "BE254", "care", PLACES, YEAR)
    assert newest.release is not None and (newest.release.number, newest.release.newest) == (2, 2)
    assert newest.release.made_at.replace(tzinfo=UTC) == LATER
    earlier = build_report(db, "2026", "BE254", "care", PLACES, YEAR, 1)
    assert earlier.release is not None and earlier.release.number == 1
    with pytest.raises(AuditError) as missing:
        build_report(db, "2026", "BE254", "care", PLACES, YEAR, 3)
    assert missing.value.message.msgid == "%(period)s has no release %(number)s."


def test_a_second_release_needs_the_correction_choice(db):
    _world(db)
    _release(db)
    with pytest.raises(AuditError) as refused:
        _release(db, now=LATER)
    assert refused.value.message.msgid.startswith("%(period)s has been released already.")
    assert len(db.exec(select(AuditRelease)).all()) == 1


def test_no_protection_found_stores_nothing(db, monkeypatch):
    from skills_audit import aggregate
    from skills_audit.protection import NoProtection

    _world(db)
    _release(db)

    def refuse(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        raise NoProtection("none")

    monkeypatch.setattr(aggregate, "protect", refuse)
    with pytest.raises(AuditError) as refused:
        _release(db, now=LATER, correction=True)
    assert "no way was found" in refused.value.message.msgid
    assert len(db.exec(select(AuditRelease)).all()) == 1


# --- the quarterly tables (guide.audit_pages.tables): the barrier map, around a newcomer and a deletion ---

QUARTER = "2026-Q1"
AFTER_Q1 = datetime(2026, 4, 2, tzinfo=UTC)


@pytest.mark.parametrize("change", ["newcomer", "deletion"])
def test_a_second_release_of_the_barrier_map_gives_no_one_away(db, change: str):
    people = _people_q1(db)
    first = barrier_truth(db)
    with writing(db):
        release_quarter(db, BREAKDOWNS, QUARTER, K, AFTER_Q1)
    if change == "newcomer":
        _people_q1(db, {"medway": 1, "grande-synthe": 0, "kortrijk": 0})
    else:
        with writing(db):
            delete_journey(db, db.get(Journey, people[0]))
    second = barrier_truth(db)
    with writing(db):
        again = release_quarter(db, BREAKDOWNS, QUARTER, K, AFTER_Q1, correction=True)
    assert again.number == 2
    pubs = [{key: (cell.value, cell.reason) for key, cell in released_tables(db, BREAKDOWNS, QUARTER, n)
             .tables[BARRIERS].cells.items()} for n in (1, 2)]  # type: ignore[union-attr]
    shown, sums = barrier_map.map_rows(get_places())
    columns = released_tables(db, BREAKDOWNS, QUARTER).tables[BARRIERS].columns  # type: ignore[union-attr]
    relations = [Relation((total, c), tuple((p, c) for p in parts)) for total, parts in sums for c in columns]
    attack = UnionAttack(pubs, [relations, relations], K, [set(), set()])  # the map has no small groups
    assert _changed_and_small_cells_hold(attack, pubs, first, second)


def _changed_and_small_cells_hold(attack: UnionAttack, pubs: list, first: dict[Hashable, int],
                                  second: dict[Hashable, int]) -> list[Hashable]:
    """Every figure the change moved by 1 to k-1, and every hidden small count of either release, keeps the
    required interval over both releases read together; returns the changed figures."""
    changed = [c for c in pubs[0] if 0 < abs(second.get(c, 0) - first.get(c, 0)) < K]
    for cell in changed:
        lo, hi = attack.difference(cell, 0, 1)
        assert hi - lo >= required_width(K), (cell, lo, hi)
    for i, truth in enumerate((first, second)):
        for cell, (value, _label) in pubs[i].items():
            if value is None and 0 < truth.get(cell, 0) < K:
                lo, hi = attack.figure(cell, i)
                assert hi - lo >= required_width(K), (i, cell, lo, hi)
    return changed


def barrier_truth(db) -> dict[Hashable, int]:  # noqa: ANN001
    truth = {(("centre", c), t): n for (c, t), n in barrier_map.counts(db, QUARTER).items()}
    _shown, sums = barrier_map.map_rows(get_places())
    for total, parts in sums:
        for theme in {t for _r, t in truth}:
            truth[(total, theme)] = sum(truth.get((p, theme), 0) for p in parts)
    return truth


def _people_q1(db, per_centre: dict[str, int] | None = None) -> list[int]:  # noqa: ANN001
    """Childcare: Medway 3 (small), Kortrijk 8, Grande-Synthe 9; money: Kortrijk 2 (small)."""
    made = []
    for centre, n in (per_centre or {"medway": 3, "kortrijk": 8, "grande-synthe": 9}).items():
        made += _people(db, centre, n)
    if per_centre is None:
        made = _people(db, "kortrijk", 2, theme="money") + made
    return made


def test_a_correction_at_a_centre_with_neighbourhoods_gives_no_one_away_on_either_map(db):
    """A newcomer at Kortrijk, whose map by neighbourhood shows the people who named no neighbourhood, and whose
    figure the map of every centre shows too: the two maps are one protected table (skills_audit.barrier_map.maps),
    so read together over both releases they pin down neither the newcomer nor a small count. (Protected one map at a
    time, the first release already gave Medway's 3 away, and no correction could be protected.)"""
    kortrijk = get_places().centres["kortrijk"]
    assert kortrijk.neighbourhoods
    _people_q1(db)
    first = _with_neighbourhoods(barrier_truth(db), kortrijk.neighbourhoods)
    with writing(db):
        release_quarter(db, BREAKDOWNS, QUARTER, K, AFTER_Q1)
    _people_q1(db, {"kortrijk": 1})
    second = _with_neighbourhoods(barrier_truth(db), kortrijk.neighbourhoods)
    with writing(db):
        again = release_quarter(db, BREAKDOWNS, QUARTER, K, AFTER_Q1, correction=True)
    assert again.number == 2
    tables = [released_tables(db, BREAKDOWNS, QUARTER, n) for n in (1, 2)]
    pubs = [{key: (cell.value, cell.reason) for name in (BARRIERS, NEIGHBOURHOODS + "kortrijk")
             for key, cell in t.tables[name].cells.items()} for t in tables if t is not None]
    columns = tables[1].tables[BARRIERS].columns  # type: ignore[union-attr]
    _shown, sums = barrier_map.map_rows(get_places())
    parts = tuple(("neighbourhood", n) for n in (*kortrijk.neighbourhoods, barrier_map.NOT_SAID))
    relations = [Relation((total, c), tuple((p, c) for p in members))
                 for total, members in [*sums, (("centre", "kortrijk"), parts)] for c in columns]
    attack = UnionAttack(pubs, [relations, relations], K, [set(), set()])
    changed = _changed_and_small_cells_hold(attack, pubs, first, second)
    assert (("neighbourhood", barrier_map.NOT_SAID), "childcare") in changed


def _with_neighbourhoods(truth: dict[Hashable, int], neighbourhoods: tuple[str, ...]) -> dict[Hashable, int]:
    """Kortrijk's map by neighbourhood beside the map of every centre: the test's people named no neighbourhood."""
    themes = {t for _r, t in truth}  # type: ignore[misc]
    found = dict(truth)
    for theme in themes:
        found |= {(("neighbourhood", n), theme): 0 for n in neighbourhoods}
        found[(("neighbourhood", barrier_map.NOT_SAID), theme)] = truth.get((("centre", "kortrijk"), theme), 0)
    return found
