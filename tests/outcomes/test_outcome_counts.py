"""skills_audit.outcome_counts: outcomes per partner and quarter of their start month, and the jobs sustained at
13 and 26 weeks, worked out by hand."""

from __future__ import annotations

from datetime import date

from guide.outcomes import service
from skills_audit import outcome_counts, results
from tests.outcomes.factories import add_outcome, journey
from tests.skills_audit.test_reach_counts import PLACES  # two centres of one partner, one of another


def test_the_seams_shape_and_the_kinds_agree_with_the_guide():
    assert tuple(outcome_counts.LABELS) == outcome_counts.KEYS
    assert (*service.KINDS, "sustained_13", "sustained_26") == outcome_counts.KEYS
    assert outcome_counts.KINDS == service.KINDS
    assert set(outcome_counts.SUSTAINED) == {service.STILL_THERE, service.MOVED_ON}
    assert outcome_counts in results.SOURCES


def test_outcomes_are_counted_per_partner_and_quarter_of_their_start(db):
    north, south, east, gone = journey(db, "north"), journey(db, "south"), journey(db, "east"), journey(db, "gone")
    add_outcome(db, north, "job", date(2026, 3, 1), "over_30/permanent", {4: "still_there", 13: "still_there",
                                                                            26: "moved_on"})
    add_outcome(db, south, "job", date(2026, 3, 1), "under_20/temporary", {4: "still_there", 13: "stopped"})
    add_outcome(db, south, "job", date(2026, 4, 1), "20_30/dont_know", {13: "moved_on"})  # Q2; week 13 only
    add_outcome(db, north, "training", date(2026, 1, 1))
    add_outcome(db, north, "certificate", date(2026, 12, 1))
    add_outcome(db, east, "volunteering", date(2026, 2, 1))
    add_outcome(db, east, "work_experience", date(2026, 2, 1))
    add_outcome(db, east, "something_else", date(2026, 9, 1))
    add_outcome(db, north, "job", date(2025, 12, 1), "", {13: "still_there"})  # last year
    add_outcome(db, gone, "job", date(2026, 1, 1), "", {13: "still_there"})  # a centre no longer in the content
    assert outcome_counts.counts(db, 2026, PLACES) == {
        ("Partner A", 1): {"job": 2, "training": 1, "sustained_13": 1, "sustained_26": 1},
        ("Partner A", 2): {"job": 1, "sustained_13": 1},
        ("Partner A", 4): {"certificate": 1},
        ("Partner B", 1): {"volunteering": 1, "work_experience": 1},
        ("Partner B", 3): {"something_else": 1},
    }
    assert outcome_counts.counts(db, 2025, PLACES) == {("Partner A", 4): {"job": 1, "sustained_13": 1}}
    # the results report counts every year of the programme in one query: the same figures, year by year
    assert outcome_counts.counts_years(db, 2025, 2026, PLACES) == {
        2025: outcome_counts.counts(db, 2025, PLACES), 2026: outcome_counts.counts(db, 2026, PLACES)}


def test_no_outcomes_no_counts(db):
    assert outcome_counts.counts(db, 2026, PLACES) == {}
