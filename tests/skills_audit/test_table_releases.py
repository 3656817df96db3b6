"""Releases of the quarterly tables about people (issue 13): the breakdowns and where people stop are protected and
stored once per kind and quarter, and what happens afterwards (a newcomer, a "Delete my data") changes no published
figure, so the union of what was published is one release, from which no hidden small count can be recovered."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import func, select

from guide.about.service import set_switch
from guide.audit_pages.places import get_places
from guide.audit_pages.tables import BARRIERS, BREAKDOWNS, KINDS, STOPS, release_quarter
from guide.barriers.service import WANT_HELP, save_answers
from guide.core.db import writing
from guide.journeys.models import Journey
from guide.journeys.service import delete_journey, start_journey
from skills_audit import barrier_map
from skills_audit.aggregate import AuditError
from skills_audit.models import TableRelease
from skills_audit.releases import make_table_release, released_tables
from skills_audit.suppression import Relation
from tests.skills_audit.attack import attack, recovered
from tests.workshops.factories import secret

QUARTER = "2026-Q1"
WHEN = datetime(2026, 2, 10, 9, tzinfo=UTC)
DURING = datetime(2026, 3, 1, tzinfo=UTC)
AFTER = datetime(2026, 4, 2, tzinfo=UTC)
K = 5


def _people(db, centre: str, n: int, theme: str = "childcare") -> list[int]:  # noqa: ANN001
    made = []
    for _ in range(n):
        with writing(db):
            journey, _code = start_journey(db, secret(), centre, "en")
            journey.created_at = journey.last_activity_at = WHEN  # quiet for 30 days by April
            save_answers(db, journey.id, {theme: WANT_HELP}, now=WHEN)
        made.append(journey.id)
    return made


@pytest.fixture
def data(db):  # noqa: ANN001, ANN201
    """Childcare: Medway 3 (small), Kortrijk 8, Grande-Synthe 9; money: Kortrijk 2 (small)."""
    _people(db, "medway", 3)
    _people(db, "kortrijk", 8)
    _people(db, "grande-synthe", 9)
    return _people(db, "kortrijk", 2, theme="money")


def _release(db, kind: str = BREAKDOWNS, now: datetime = AFTER, interim: bool = False) -> TableRelease:  # noqa: ANN001
    with writing(db):
        return release_quarter(db, kind, QUARTER, K, now, interim=interim)


def _count(db) -> int:  # noqa: ANN001
    return db.exec(select(func.count()).select_from(TableRelease)).one()


def test_the_union_of_what_was_published_around_a_newcomer_and_a_deletion_gives_nothing_away(db, data):
    """What the review did: publish, add a person, delete one, publish again in every way the app allows, and
    attack the union by integer programming. The later releases are refused, the release stays as it was: the
    union is the one release, and no hidden small count is pinned down."""
    truth = {(("centre", c), t): n for (c, t), n in barrier_map.counts(db, QUARTER).items()}
    _release(db)
    published = [released_tables(db, BREAKDOWNS, QUARTER)]
    _people(db, "medway", 1)  # a newcomer: Medway's 3 would become 4
    with writing(db):
        delete_journey(db, db.get(Journey, data[0]))  # and a "Delete my data": Kortrijk's money 2 would become 1
    for _ in range(2):
        with pytest.raises(AuditError) as refused:
            _release(db)
        assert refused.value.message.msgid.startswith("%(period)s has been released already.")
        published.append(released_tables(db, BREAKDOWNS, QUARTER))
    assert all(p == published[0] for p in published)  # every look after the release: the same figures
    table = published[0].tables[BARRIERS]  # type: ignore[union-attr]
    shown, sums = barrier_map.map_rows(get_places())
    relations = [Relation((total, c), tuple((p, c) for p in parts)) for total, parts in sums for c in table.columns]
    for total, parts in sums:
        for c in table.columns:
            truth[(total, c)] = sum(truth.get((p, c), 0) for p in parts)
    publications = [{key: (cell.value, cell.reason) for key, cell in p.tables[BARRIERS].cells.items()}  # type: ignore[union-attr]
                    for p in published]
    hidden = [key for key, cell in table.cells.items() if cell.reason == "small"]
    assert len(hidden) >= 2  # Medway's childcare and Kortrijk's money: the attack has something to aim at
    assert recovered(truth, attack(publications, relations, K, set()), K) == {}


def test_an_open_quarter_is_released_only_on_the_interim_choice(db, data):
    with pytest.raises(AuditError) as refused:
        _release(db, now=DURING)
    assert refused.value.message.msgid.startswith("%(period)s has not ended yet.")
    assert _count(db) == 0
    assert _release(db, now=DURING, interim=True).interim
    assert not _release(db, STOPS, now=AFTER, interim=True).interim  # once the quarter has ended, no interim


def test_a_quarter_with_no_one_in_it_is_not_released(db):
    with pytest.raises(AuditError) as refused:
        _release(db)
    assert refused.value.message.msgid.startswith("There is nothing to release for %(period)s")
    assert _count(db) == 0


def test_two_releases_at_once_leave_one_the_database_refusing_the_second(db, data, monkeypatch):
    """Two analysts at once: each finds no release and protects the quarter; the unique constraint refuses the
    second, which stores nothing."""
    from skills_audit import releases

    first = _release(db)
    monkeypatch.setattr(releases, "find_table_release", lambda *_args: None)
    with pytest.raises(AuditError) as refused:
        _release(db)
    assert refused.value.message.msgid.startswith("%(period)s has been released already.")
    assert db.exec(select(TableRelease)).all() == [first]


def test_each_kind_is_released_on_its_own_and_keeps_no_hidden_count(db, data):
    with writing(db):  # a partner that asks the optional questions: the groups kind has people to count
        set_switch(db, "Medway Council", True, True, "an-admin")
    for kind in KINDS:
        _release(db, kind)
    assert {r.kind for r in db.exec(select(TableRelease))} == set(KINDS)
    for release in db.exec(select(TableRelease)):
        for table in json.loads(release.figures)["tables"].values():
            assert all(value is None for _row, _column, value, reason in table["cells"] if reason is not None)
    medway = released_tables(db, BREAKDOWNS, QUARTER).tables[BARRIERS].cell(("centre", "medway"), "childcare")  # type: ignore[union-attr]
    assert medway.value is None and medway.reason == "small"


def test_any_table_function_releases_by_its_kind(db, data):
    """A later table about people plugs in by a kind and a function."""
    def tables(bind, period, k, now, earlier):  # noqa: ANN001, ANN202
        return {"only": barrier_map.barrier_map(bind, period, get_places(), ("childcare",), k, earlier.get("only", ()))}

    with writing(db):
        make_table_release(db, "example", tables, QUARTER, K, AFTER)
    released = released_tables(db, "example", QUARTER)
    assert released is not None and released.tables["only"].columns == ("childcare",)
    assert released_tables(db, "other", QUARTER) is None
