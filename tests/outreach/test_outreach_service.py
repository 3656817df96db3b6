"""The outreach service: a tally is checked whole and stored, or refused field by field with nothing stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import delete, select

from guide.core.db import writing
from guide.core.messages import Problems
from guide.outreach.models import ReachTally
from guide.outreach.service import (
    MAX_COUNT,
    TallyInput,
    TallyNotFound,
    delete_tally,
    partner_centres,
    recent_tallies,
    record_tally,
)
from tests.outreach.factories import add_tallies

TODAY = date(2026, 5, 20)
MEDWAY = "Medway Council"


def _typed(**changes: str) -> TallyInput:
    fields = {"day": "2026-05-19", "centre": "medway", "kind": "house_visit", "count": "12", **changes}
    return TallyInput(**fields)


def _problems(db, typed: TallyInput, partner: str = MEDWAY) -> set[str]:  # noqa: ANN001
    with pytest.raises(Problems) as caught, writing(db):
        record_tally(db, partner, typed, TODAY, None)
    assert db.exec(select(ReachTally)).all() == []
    return set(caught.value.errors)


def test_a_partners_centres_are_its_own():
    assert partner_centres(MEDWAY) == ("medway",)
    assert partner_centres("Stad Kortrijk") == ("kortrijk",)


def test_a_good_tally_is_stored_as_typed(db):
    with writing(db):
        tally_id = record_tally(db, MEDWAY, _typed(count=" 12 "), TODAY, None)
    stored = db.get(ReachTally, tally_id)
    assert (stored.centre_id, stored.day, stored.kind, stored.count) == ("medway", date(2026, 5, 19),
                                                                        "house_visit", 12)


@pytest.mark.parametrize(("field", "value"), [
    ("count", "0"), ("count", "-3"), ("count", str(MAX_COUNT + 1)), ("count", "twelve"), ("count", "1.5"),
    ("count", ""), ("count", "١٢"),  # Arabic-Indic digits are digits to Python, not to the form
    ("day", "2026-05-21"), ("day", "yesterday"), ("day", ""), ("day", "1999-12-31"),
    ("kind", "coffee"), ("kind", ""),
    ("centre", "kortrijk"), ("centre", "nowhere"), ("centre", ""),
])
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(db, field, value):
    assert _problems(db, _typed(**{field: value})) == {field}


def test_the_largest_count_and_today_are_allowed(db):
    with writing(db):
        record_tally(db, MEDWAY, _typed(count=str(MAX_COUNT), day=TODAY.isoformat()), TODAY, None)
    assert db.exec(select(ReachTally.count)).all() == [MAX_COUNT]


def test_every_bad_field_is_said_at_once(db):
    assert _problems(db, TallyInput()) == {"day", "centre", "kind", "count"}


def test_another_partners_centre_is_refused(db):
    assert _problems(db, _typed(), partner="Stad Kortrijk") == {"centre"}


def test_a_partner_lists_and_removes_only_its_own_tallies(db):
    add_tallies(db, ("medway", date(2026, 5, 1), "house_visit", 3), ("medway", date(2026, 5, 3), "street_contact", 4),
                ("kortrijk", date(2026, 5, 2), "house_visit", 9))
    with writing(db):
        mine = recent_tallies(db, MEDWAY)
        theirs = recent_tallies(db, "Stad Kortrijk")
    assert [(t.day.day, t.count) for t in mine] == [(3, 4), (1, 3)]  # newest first
    with pytest.raises(TallyNotFound), writing(db):
        delete_tally(db, MEDWAY, theirs[0].id)
    with writing(db):
        delete_tally(db, MEDWAY, mine[0].id)
    assert sorted(db.exec(select(ReachTally.count)).all()) == [3, 9]


def test_a_neighbourhood_is_one_of_the_centres_or_the_whole_area(db):
    kortrijk = _typed(centre="kortrijk")
    with writing(db):
        record_tally(db, "Stad Kortrijk", TallyInput(**{**kortrijk.__dict__, "neighbourhood": "Overleie"}), TODAY,
                     None)
        record_tally(db, "Stad Kortrijk", kortrijk, TODAY, None)  # the whole area
    assert sorted(db.exec(select(ReachTally.neighbourhood)).all()) == ["", "Overleie"]
    with writing(db):
        db.exec(delete(ReachTally))
    bad = TallyInput(**{**kortrijk.__dict__, "neighbourhood": "Rue de la Paix 12"})
    assert _problems(db, bad, partner="Stad Kortrijk") == {"neighbourhood"}
    assert _problems(db, TallyInput(**{**_typed().__dict__, "neighbourhood": "Overleie"})) == {"neighbourhood"}
