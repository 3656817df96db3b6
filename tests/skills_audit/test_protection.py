"""The interval audit: what an attacker with integer programming gets from a published table (tests/skills_audit/
attack.py, written apart from skills_audit.protection), on hand-made and random tables."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from guide.audit_pages.places import get_places
from skills_audit.aggregate import AuditError, N, Requirement, cube_from_counts, parse_period
from skills_audit.framework import get_framework
from skills_audit.protection import Protection, narrow, protect, required_width
from skills_audit.suppression import Group, Relation
from tests.skills_audit.attack import recovered_from
from tests.skills_audit.test_suppression import SMALL_FW, SMALL_PLACES

K = 5
PERIOD = parse_period("2026")
PROFILE = settings(database=None, max_examples=60, deadline=None)


def _cube(respondents, levels, reqs=None, k=K, places=SMALL_PLACES, fw=SMALL_FW):
    return cube_from_counts(PERIOD, places, fw, k, respondents, levels, reqs or {})


def test_a_small_count_and_its_complement_on_a_plain_table():
    # t = x + y + z, x small: hiding x alone would give it away (t - y - z), so one more is hidden; y = 8 is the
    # smallest that lets x be any of 1..3 at least as far as anyone can tell
    values = {"t": 20, "x": 2, "y": 8, "z": 10}
    got = protect(values, [Relation("t", ("x", "y", "z"))], values, [], K)
    assert got.primary == {"x"}
    assert got.hidden == {"x", "y"}
    assert got.reason("x") == "small" and got.reason("y") == "protect" and got.reason("t") is None


def test_a_complement_of_exactly_k_is_not_enough():
    # x + y = 6 with y labelled "to protect" (so at least 5) would give x = 1: a bigger figure is hidden
    values = {"t": 16, "x": 1, "y": 5, "z": 10}
    got = protect(values, [Relation("t", ("x", "y", "z"))], values, [], K)
    assert "x" in got.hidden and got.hidden != {"x", "y"}
    assert recovered_from([_Plain(values, got)], K) == {}


class _Plain:
    """A plain table in the shape attack.recovered_from reads."""

    def __init__(self, values: dict[str, int], protection: Protection) -> None:
        self.values = values
        self.published = {(v, "", ("m",)) for v in values}
        self._protection = protection
        self.relations = [Relation(("t", "", ("m",)), tuple((p, "", ("m",)) for p in "xyz"))]
        self.values = {(v, "", ("m",)): n for v, n in values.items()}

    def hidden_reason(self, place: str, sector: str, measure: tuple[str]) -> str | None:
        return self._protection.reason(place)


def test_unpublished_totals_cost_nothing():
    # Two sectors of one centre; the centre's all-sectors figure is published nowhere: a small sector is protected
    # within its own published table only
    values = {"all": 30, "s1": 2, "s2": 28, "s1a": 1, "s1b": 1, "s2a": 20, "s2b": 8}
    relations = [Relation("all", ("s1", "s2")), Relation("s1", ("s1a", "s1b")), Relation("s2", ("s2a", "s2b"))]
    got = protect(values, relations, {"s1", "s1a", "s1b", "s2", "s2a", "s2b"}, [Group("s1", ("s1a", "s1b"))], K)
    assert got.hidden == {"s1", "s1a", "s1b"}  # nothing of s2: no page shows "all"


def test_a_small_centre_is_not_recovered_from_its_region():
    respondents = {("a", "care"): 3, ("b", "care"): 10, ("c", "care"): 12}
    levels = {(c, s, "teamwork", 3): n for (c, s), n in respondents.items()}
    cube = _cube(respondents, levels)
    assert cube.respondents(("centre", "a"), "care") is None
    assert cube.hidden_reason(("centre", "a"), "care", N) == "small"
    assert recovered_from([cube], K) == {}
    assert narrow(cube.values, cube.relations, cube.published, cube.protection, K) == {}


def test_big_groups_hide_little():
    """Groups of 20 to 100: the small counts and a few complements, not whole rows (issue 13: 66-95 % before)."""
    places, fw, rnd = get_places(), get_framework(), random.Random(3)
    respondents, levels = _random_counts(places, fw, rnd, 20, 100)
    reqs = _random_requirements(places, fw, rnd)
    cube = cube_from_counts(PERIOD, places, fw, K, respondents, levels, reqs)
    hidden = cube.hidden & cube.published
    assert len(hidden) < 0.3 * len(cube.published)
    assert narrow(cube.values, cube.relations, cube.published, cube.protection, K) == {}
    assert recovered_from([cube], K) == {}


def test_small_groups_everywhere():
    places, fw, rnd = get_places(), get_framework(), random.Random(7)
    respondents, levels = _random_counts(places, fw, rnd, 2, 12)
    cube = cube_from_counts(PERIOD, places, fw, K, respondents, levels, _random_requirements(places, fw, rnd))
    assert narrow(cube.values, cube.relations, cube.published, cube.protection, K) == {}
    assert recovered_from([cube], K) == {}


def _random_counts(places, fw, rnd, low, high):  # noqa: ANN001, ANN202
    respondents, levels = {}, {}
    for centre in places.centres:
        for sector in [*places.sectors, ""]:
            n = respondents[(centre, sector)] = rnd.randint(low, high)
            for competence in fw.competence_ids():
                for _person in range(n):
                    if rnd.random() < 0.3:  # too few answers about this competence for a level
                        continue
                    key = (centre, sector, competence, rnd.choice(fw.scale_values()))
                    levels[key] = levels.get(key, 0) + 1
    return respondents, levels


def _random_requirements(places, fw, rnd):  # noqa: ANN001, ANN202
    return {
        (region, sector, competence): Requirement(level=rnd.randint(2, 4), importance=2, employers=3, vacancies=5)
        for region in places.regions() for sector in places.sectors for competence in fw.competence_ids()
    }


counts = st.integers(min_value=0, max_value=14)


@PROFILE
@given(
    st.dictionaries(
        st.tuples(st.sampled_from("abcd"), st.sampled_from(["care", "construction", ""])),
        st.tuples(counts, counts, counts, counts, counts),
        max_size=6,
    ),
    st.integers(min_value=3, max_value=6),
    st.booleans(),
)
def test_no_small_count_is_ever_recovered(data, k, with_requirement):
    respondents, levels = {}, {}
    for (centre, sector), per_level in data.items():
        respondents[(centre, sector)] = sum(per_level)
        for level, n in enumerate(per_level[:4], start=1):
            if n:
                levels[(centre, sector, "teamwork", level)] = n
    reqs = {}
    if with_requirement:
        reqs = {("R1", "care", "teamwork"): Requirement(level=3, importance=2, employers=1, vacancies=1)}
    try:
        cube = _cube(respondents, levels, reqs, k=k)
    except AuditError as exc:
        # a few tables cannot be protected at all (see protection.NoProtection): then nothing is shown
        assert exc.message.msgid.startswith("The figures of %(period)s cannot be shown")
        return
    for key in cube.published:
        value = cube.values.get(key, 0)
        reason = cube.hidden_reason(*key)
        assert reason != "small" or value < k  # "fewer than k" is never a lie
        assert reason != "protect" or value >= k or value == 0  # nor "to protect another figure" (0, or k+)
        assert reason is not None or value == 0 or value >= k
    for (place, sector, measure), v in cube.values.items():
        if measure == N and 0 < v < k and (place, sector, measure) in cube.published:
            assert all(cube.hidden_reason(*key) for key in cube.published if key[:2] == (place, sector))
    assert narrow(cube.values, cube.relations, cube.published, cube.protection, k) == {}
    assert recovered_from([cube], k) == {}
    assert required_width(k) >= 1


def test_a_table_protected_once_is_not_solved_again_and_its_copies_are_apart(monkeypatch):
    import skills_audit.protection as protection_module

    values = {"t": 21, "x": 3, "y": 8, "z": 10}
    relations = [Relation("t", ("x", "y", "z"))]
    first = protect(values, relations, values, [], K)
    solved = []
    real = protection_module._protect
    monkeypatch.setattr(protection_module, "_protect", lambda *a: solved.append(a) or real(*a))
    again = protect(dict(values), list(relations), set(values), [], K)
    assert not solved and again.hidden == first.hidden and again is not first
    again.hidden.add("t")  # a caller's change stays its own
    assert "t" not in protect(values, relations, values, [], K).hidden
    protect({**values, "z": 11, "t": 22}, relations, values, [], K)  # other figures: solved
    assert len(solved) == 1


def test_a_fixed_total_is_never_hidden_and_the_protection_works_around_it():
    # t is shown exactly on another page: it stays shown even where hiding it would be cheapest, and is no
    # "fewer than k" of its own (the other page shows it)
    values = {"t": 4, "x": 1, "y": 3, "z": 0}
    got = protect(values, [Relation("t", ("x", "y", "z"))], values, [], K, fixed={"t"})
    assert "t" not in got.hidden and "t" not in got.primary
    assert got.fixed == {"t"}
    assert {"x", "y"} <= got.hidden
    assert narrow(values, [Relation("t", ("x", "y", "z"))], values, got, K) == {}
    # without it, the cheapest protection hides the small total itself
    assert "t" in protect(values, [Relation("t", ("x", "y", "z"))], values, [], K).hidden
