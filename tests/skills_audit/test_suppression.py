"""Small-group suppression on the audit's tables: k-1, k and k+1 respondents, small centres and levels; the attack
of tests/skills_audit/attack.py recovers none of them (more in test_protection.py)."""

from guide.audit_pages.places import get_places
from skills_audit.aggregate import (
    ABOVE,
    ALL_PLACES,
    ALL_SECTORS,
    BELOW,
    N,
    Requirement,
    build_cube,
    cube_from_counts,
    parse_period,
)
from skills_audit.framework import Competence, Framework, ScaleLevel, get_framework
from skills_audit.places import CentrePlace, Places, SectorInfo
from skills_audit.report import competence_figures
from tests.skills_audit.attack import recovered_from
from tests.skills_audit.factories import respondent

K = 5
PERIOD = parse_period("2026")
SMALL_FW = Framework(
    scale=tuple(ScaleLevel(id=i, value=v) for v, i in enumerate(("not_yet", "sometimes", "usually", "easily"), 1)),
    competences=(Competence("teamwork", "social-communication", "", "T4", ("a", "b"), ()),),
)
# Three centres in one region (two partners), one centre elsewhere; two sectors.
SMALL_PLACES = Places(
    centres={
        "a": CentrePlace("a", "P1", "R1", "BE"),
        "b": CentrePlace("b", "P1", "R1", "BE"),
        "c": CentrePlace("c", "P2", "R1", "BE"),
        "d": CentrePlace("d", "P2", "R2", "FR"),
    },
    sectors={"care": SectorInfo("care", "Q"), "construction": SectorInfo("construction", "F")},
)
R1 = ("region", "R1")


def _cube(respondents, levels, reqs=None, k=K):
    return cube_from_counts(PERIOD, SMALL_PLACES, SMALL_FW, k, respondents, levels, reqs or {})


def _small_figures_recovered(cube):
    """Hidden figures from 1 to k-1 that integer programming over everything shown would give away."""
    return recovered_from([cube], cube.k)


def _all_at(level, counts):
    """respondents and levels where everyone of a (centre, sector) is at one level."""
    respondents = dict(counts)
    levels = {(c, s, "teamwork", level): n for (c, s), n in counts.items()}
    return respondents, levels


# --- k-1, k, k+1 on the real tables, each backend ---


def _region_respondents(db, n):
    for _ in range(n):
        respondent(db, "kortrijk", "care", {c: 3 for c in get_framework().competence_ids()})
    cube = build_cube(db, PERIOD, get_places(), get_framework(), K)
    return cube


def test_a_group_of_k_minus_1_is_hidden_whole(db):
    cube = _region_respondents(db, K - 1)
    kortrijk = ("region", "BE254")
    assert cube.respondents(kortrijk, "care") is None
    assert cube.get(kortrijk, "care", ("teamwork", 3)) is None
    assert cube.get(kortrijk, "care", ("teamwork", 1)) is None  # even its zeros
    assert cube.hidden_reason(kortrijk, "care", ("teamwork", 1)) == "small"  # "fewer than 5" is true of it
    # figures no page shows are never shown, and protect nothing (no complement is needed for them)
    assert cube.respondents(("centre", "kortrijk"), ALL_SECTORS) is None
    assert cube.respondents(ALL_PLACES, ALL_SECTORS) is None
    assert _small_figures_recovered(cube) == {}


def test_groups_of_k_and_k_plus_1_are_shown(db):
    for n in (K, K + 1):
        cube = _region_respondents(db, n if n == K else 1)  # adds up to K, then K + 1
        kortrijk = ("region", "BE254")
        assert cube.respondents(kortrijk, "care") == n
        assert cube.get(kortrijk, "care", ("teamwork", 3)) == n
        assert cube.get(kortrijk, "care", ("teamwork", 1)) == 0
        assert cube.hidden & cube.published == set()


# --- recovery by subtraction ---


def test_a_small_centre_cannot_be_recovered_from_the_region_total():
    respondents, levels = _all_at(3, {("a", "care"): K - 2, ("b", "care"): 10, ("c", "care"): 12})
    cube = _cube(respondents, levels)
    assert cube.respondents(("centre", "a"), "care") is None
    # region 25 - b 10 - c 12 would give a's 3: so one more figure of the region's sum is hidden
    shown = [cube.respondents(p, "care") for p in (R1, ("centre", "b"), ("centre", "c"))]
    assert shown.count(None) >= 1
    hidden = [p for p in (R1, ("centre", "b"), ("centre", "c")) if cube.respondents(p, "care") is None]
    assert all(cube.hidden_reason(p, "care", N) == "protect" for p in hidden)
    assert _small_figures_recovered(cube) == {}


def test_a_small_level_cannot_be_recovered_from_the_respondents():
    respondents = {("a", "care"): 12}
    levels = {("a", "care", "teamwork", 1): 2, ("a", "care", "teamwork", 4): 10}
    cube = _cube(respondents, levels)
    a = ("centre", "a")
    assert cube.respondents(a, "care") is None or cube.get(a, "care", ("teamwork", 4)) is None
    assert cube.get(a, "care", ("teamwork", 1)) is None  # 2 people
    assert _small_figures_recovered(cube) == {}


def test_the_share_above_the_employers_level_does_not_give_a_small_level_away():
    respondents = {("a", "care"): 20}
    levels = {("a", "care", "teamwork", 1): 3, ("a", "care", "teamwork", 3): 8, ("a", "care", "teamwork", 4): 9}
    reqs = {("R1", "care", "teamwork"): Requirement(level=2, importance=3, employers=1, vacancies=1)}
    cube = _cube(respondents, levels, reqs)
    a = ("centre", "a")
    # below the level = level 1 = 3 people: the share would tell it, so it is not shown
    assert cube.get(a, "care", ("teamwork", BELOW)) is None
    assert competence_figures(cube, a, "care", "teamwork").share is None
    assert competence_figures(cube, a, "care", "teamwork").required.level == 2
    assert _small_figures_recovered(cube) == {}


def test_at_or_above_cannot_be_differenced_with_the_level_counts():
    """Issue 13: "at or above" is a partial sum of the levels; with level 4 shown it would give level 3's 2."""
    respondents = {("a", "care"): 30}
    levels = {("a", "care", "teamwork", 2): 18, ("a", "care", "teamwork", 3): 2, ("a", "care", "teamwork", 4): 10}
    reqs = {("R1", "care", "teamwork"): Requirement(level=3, importance=3, employers=1, vacancies=1)}
    cube = _cube(respondents, levels, reqs)
    a = ("centre", "a")
    assert cube.get(a, "care", ("teamwork", 3)) is None
    above, four = cube.get(a, "care", ("teamwork", ABOVE)), cube.get(a, "care", ("teamwork", 4))
    assert above is None or four is None
    assert _small_figures_recovered(cube) == {}
