"""skills_audit.workshop_counts: workshops held, attendances and different people reached, per partner and quarter of
the workshop's start. Exact activity totals per partner; the figures are numbers only, never who."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from guide.core.db import writing
from guide.journeys.service import start_journey
from skills_audit import results, workshop_counts
from skills_audit.places import CentrePlace, Places
from tests.workshops.factories import add_workshop, secret

PLACES = Places(
    centres={
        "medway": CentrePlace("medway", "Partner A", "UKJ41", "GB"),
        "great-yarmouth": CentrePlace("great-yarmouth", "Partner A", "UKH15", "GB"),
        "kortrijk": CentrePlace("kortrijk", "Partner B", "BE254", "BE"),
    },
    sectors={},
)


def _journeys(db, n):  # noqa: ANN001, ANN202
    made = []
    for _ in range(n):
        with writing(db):
            journey, _code = start_journey(db, secret(), "medway", "en")
        made.append(journey.id)
    return made


def _at(db, centre, starts_at, attendees):  # noqa: ANN001, ANN202
    add_workshop(db, centre=centre, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2),
                 attendees=tuple(attendees))


def test_the_seams_shape_and_its_place_in_the_report():
    assert tuple(workshop_counts.LABELS) == workshop_counts.KEYS == ("workshops_held", "attendances",
                                                                      "people_reached")
    assert workshop_counts in results.SOURCES


def test_workshops_are_counted_per_partner_and_quarter_and_people_once(db):
    a, b, c = _journeys(db, 3)
    _at(db, "medway", datetime(2026, 3, 31, 22, tzinfo=UTC), [a, b])  # Q1
    _at(db, "great-yarmouth", datetime(2026, 2, 2, 9, tzinfo=UTC), [a, c])  # a again: one person, two attendances
    _at(db, "medway", datetime(2026, 4, 1, 9, tzinfo=UTC), [c])  # Q2
    _at(db, "medway", datetime(2026, 5, 1, 9, tzinfo=UTC), [])  # nobody came: not held
    _at(db, "kortrijk", datetime(2026, 12, 31, 9, tzinfo=UTC), [b])
    _at(db, "medway", datetime(2025, 12, 31, 9, tzinfo=UTC), [a])  # last year
    _at(db, "elsewhere", datetime(2026, 2, 2, 9, tzinfo=UTC), [a])  # a centre no longer in the content
    found = workshop_counts.counts(db, 2026, PLACES)
    assert found == {
        ("Partner A", 1): {"workshops_held": 2, "attendances": 4, "people_reached": 3},
        ("Partner A", 2): {"workshops_held": 1, "attendances": 1, "people_reached": 1},
        ("Partner B", 4): {"workshops_held": 1, "attendances": 1, "people_reached": 1},
    }
    # numbers only: no journey id, code or anything else of a person is handed on
    assert all(isinstance(v, int) for figures in found.values() for v in figures.values())
    assert set(workshop_counts.counts(db, 2025, PLACES)) == {("Partner A", 4)}


def test_no_workshops_no_counts(db):
    assert workshop_counts.counts(db, 2026, PLACES) == {}


def test_people_reached_over_the_year_are_different_people_not_the_quarters_added_up(db):
    a, b, c = _journeys(db, 3)
    _at(db, "medway", datetime(2026, 2, 2, 9, tzinfo=UTC), [a, b])  # Q1
    _at(db, "medway", datetime(2026, 5, 2, 9, tzinfo=UTC), [a, c])  # Q2: a comes back
    _at(db, "medway", datetime(2025, 6, 2, 9, tzinfo=UTC), [b])  # last year: b again
    report = results.results_report(db, 2026, 2, PLACES, sources=(workshop_counts,))
    partner_a = next(p for p in report.partners if p.partner == "Partner A")
    rows = {row.key: row for row in partner_a.groups[0].rows}
    assert [f.achieved for f in rows["people_reached"].quarters] == [2, 2]
    assert rows["people_reached"].year_to_date.achieved == 3  # a, b and c: not 2 + 2
    assert rows["attendances"].year_to_date.achieved == 4  # attendances do add up
    assert workshop_counts.distinct(db, 2026, PLACES)[("Partner A", 2)] == {"people_reached": {a, c}}
