"""skills_audit.reach_counts: the outreach tallies summed per partner and quarter of the tally's day, by the
database. Exact activity totals (no suppression: they count contacts, not people's results)."""

from __future__ import annotations

from datetime import date

from skills_audit import reach_counts
from skills_audit.places import CentrePlace, Places
from tests.outreach.factories import add_tallies

# Two centres of one partner and one of another: the counts are added up per partner.
PLACES = Places(
    centres={
        "north": CentrePlace("north", "Partner A", "BE254", "BE"),
        "south": CentrePlace("south", "Partner A", "BE254", "BE"),
        "east": CentrePlace("east", "Partner B", "UKJ41", "GB"),
    },
    sectors={},
)


def test_the_seams_shape():
    assert tuple(reach_counts.LABELS) == reach_counts.KEYS
    assert reach_counts.TITLE == "Reach"


def test_tallies_are_summed_per_partner_kind_and_quarter_of_their_day(db):
    add_tallies(
        db,
        ("north", date(2026, 3, 31), "house_visit", 5),  # the last day of Q1
        ("south", date(2026, 3, 1), "house_visit", 7),  # the partner's other centre
        ("north", date(2026, 4, 1), "house_visit", 2),  # the first day of Q2 (a DATE, not a timestamp)
        ("north", date(2026, 12, 31), "group_session", 1),
        ("east", date(2026, 1, 1), "street_contact", 40),
        ("north", date(2025, 12, 31), "house_visit", 100),  # last year
        ("north", date(2027, 1, 1), "house_visit", 100),  # next year
        ("elsewhere", date(2026, 2, 2), "house_visit", 100),  # a centre that is no longer in the content
    )
    assert reach_counts.counts(db, 2026, PLACES) == {
        ("Partner A", 1): {"house_visit": 12},
        ("Partner A", 2): {"house_visit": 2},
        ("Partner A", 4): {"group_session": 1},
        ("Partner B", 1): {"street_contact": 40},
    }
    assert reach_counts.counts(db, 2025, PLACES) == {("Partner A", 4): {"house_visit": 100}}


def test_no_tallies_no_counts(db):
    assert reach_counts.counts(db, 2026, PLACES) == {}
