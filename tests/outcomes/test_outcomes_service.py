"""guide.outcomes.service: the answers checked, the check-ins' dates at 4, 13 and 26 weeks, which check-in is asked
when, and an answer that ends a job."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from guide.core.db import writing
from guide.core.messages import Problems
from guide.outcomes import service
from guide.outcomes.service import CheckInInput, OutcomeInput
from tests.outcomes.factories import journey

TODAY = date(2026, 12, 4)
JOURNEY_START = date(2026, 2, 17)


def _job_of_march(db, hours: str = "20_30", contract: str = "permanent") -> tuple[int, service.OutcomeRow]:  # noqa: ANN001
    """A journey with a job recorded as started in March 2026, and the job as read back."""
    jid = journey(db)
    with writing(db):
        service.record_outcome(db, jid, OutcomeInput("job", hours, contract, "3", "2026"), JOURNEY_START, TODAY)
    with writing(db):
        [row] = service.journey_outcomes(db, jid)
    return jid, row


def test_a_job_gets_check_ins_at_4_13_and_26_weeks_after_its_start(db):
    _jid, row = _job_of_march(db, "over_30", "temporary")
    assert (row.kind, row.hours, row.contract, row.started_month) == ("job", "over_30", "temporary", date(2026, 3, 1))
    assert [(c.due_week, c.due_on) for c in row.checkins] == [
        (4, date(2026, 3, 29)), (13, date(2026, 5, 31)), (26, date(2026, 8, 30))]
    assert [(c.due_week, c.due_on) for c in row.checkins] == [
        (w, date(2026, 3, 1) + timedelta(weeks=w)) for w in (4, 13, 26)]


def test_the_latest_check_in_due_is_asked_and_the_next_one_is_the_day_to_come_back(db):
    _jid, row = _job_of_march(db)
    assert service.due_checkins([row], date(2026, 3, 28)) == []
    assert service.next_checkin_day([row], date(2026, 3, 28)) == date(2026, 3, 29)
    [(_o, four)] = service.due_checkins([row], date(2026, 3, 29))
    assert four.due_week == 4
    [(_o, thirteen)] = service.due_checkins([row], date(2026, 6, 1))  # back after week 13: asked once, now
    assert thirteen.due_week == 13
    assert service.next_checkin_day([row], date(2026, 6, 1)) == date(2026, 8, 30)


def test_a_job_stopped_is_asked_no_more(db, monkeypatch):
    jid, row = _job_of_march(db)
    four = row.checkins[0]
    with writing(db):
        service.answer_checkin(db, jid, four.id, CheckInInput("stopped", ("money", "nothing"), "yes"),
                               date(2026, 4, 1))
    with writing(db):
        [row] = service.journey_outcomes(db, jid)
    assert row.ended_at is not None and row.checkins[0].hard_things == ("money",)  # "nothing" with others: dropped
    assert service.due_checkins([row], TODAY) == [] and service.next_checkin_day([row], TODAY) is None
    with pytest.raises(service.CheckInNotOpen), writing(db):
        service.answer_checkin(db, jid, row.checkins[2].id, CheckInInput("still_there", (), "no"), TODAY)


@pytest.mark.parametrize(("typed", "field"), [
    (OutcomeInput(), "kind"),
    (OutcomeInput("astronaut", month="3", year="2026"), "kind"),
    (OutcomeInput("job", "", "permanent", "3", "2026"), "hours"),
    (OutcomeInput("job", "20_30", "forever", "3", "2026"), "contract"),
    (OutcomeInput("training", month="1", year="2027"), "start"),  # next month
    (OutcomeInput("training", month="1", year="2026"), "start"),  # before the journey
    (OutcomeInput("training", month="0", year="2026"), "start"),
    (OutcomeInput("training", month="3", year="²०२६"), "start"),
])
def test_bad_answers_are_problems_of_their_field(typed, field):
    with pytest.raises(Problems) as caught:
        service.check_outcome(typed, JOURNEY_START, TODAY)
    assert field in caught.value.errors


def test_the_journeys_month_and_this_month_will_do():
    assert service.check_outcome(OutcomeInput("training", month="2", year="2026"), JOURNEY_START, TODAY) == (
        "training", "", date(2026, 2, 1))
    assert service.check_outcome(OutcomeInput("job", "under_20", "dont_know", "12", "2026"), JOURNEY_START,
                                 TODAY) == ("job", "under_20/dont_know", date(2026, 12, 1))
