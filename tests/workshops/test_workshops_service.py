"""The workshops' rules: codes, the form's checks, a series, open by the clock, joining, and the live counts (over
the workshop's attendees only; the poll's figures only from 3 answers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from guide.core.codes import ALPHABET
from guide.core.db import writing
from guide.core.messages import Problems
from guide.core.models import utcnow
from guide.core.timeutil import as_utc
from guide.journeys.models import Journey
from guide.journeys.service import StepInput, save_step, start_journey
from guide.workshops.models import Workshop, WorkshopAttendance
from guide.workshops.service import (
    CLOSE_MARGIN,
    WorkshopInput,
    WorkshopNotFound,
    WrongCode,
    answer_poll,
    check_workshop,
    code_of,
    create_workshops,
    get_workshop,
    is_open,
    join_workshop,
    live_counts,
    normalise_workshop_code,
    open_poll,
)
from tests.workshops.factories import add_workshop, secret

LANGUAGES = ("nl", "fr", "en")
NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)  # 10:00 in London, 11:00 in Kortrijk


def _journey(db) -> int:  # noqa: ANN001
    with writing(db):
        journey, _code = start_journey(db, secret(), "medway", "en")
    assert journey.id is not None
    return journey.id


def test_a_code_is_six_symbols_without_look_alikes_and_the_same_every_time():
    code = code_of("secret", "seed")
    assert len(code) == 6 and set(code) <= set(ALPHABET)
    assert code_of("secret", "seed") == code and code_of("other secret", "seed") != code
    assert normalise_workshop_code(f" {code[:3].lower()} {code[3:]} ") == code
    assert normalise_workshop_code("KT4MW0") is None  # 0 is not in the alphabet
    assert normalise_workshop_code("KT4MW") is None


def test_the_form_is_checked_field_by_field():
    typed = WorkshopInput(centre="kortrijk", day="2026-12-03", start="11:00", end="10:00", topic="11",
                          language="de", repeat="13")
    with pytest.raises(Problems) as caught:
        check_workshop(typed, ["medway"], LANGUAGES, NOW)
    assert set(caught.value.errors) == {"centre", "day", "end", "topic", "language", "repeat"}
    with pytest.raises(Problems) as caught:
        check_workshop(WorkshopInput("medway", "2026-12-04", "9:00", "09:30", "1", "en", "0"), ["medway"],
                       LANGUAGES, NOW)
    assert set(caught.value.errors) == {"start", "repeat"}  # 9:00 is not written like 09:00


def test_today_is_fine_but_a_time_that_has_passed_is_not():
    ok = check_workshop(WorkshopInput("medway", "2026-12-04", "09:30", "11:30", "assessment", "en", ""),
                        ["medway"], LANGUAGES, NOW)
    assert ok[3] == [(datetime(2026, 12, 4, 9, 30, tzinfo=UTC), datetime(2026, 12, 4, 11, 30, tzinfo=UTC))]
    with pytest.raises(Problems) as caught:
        check_workshop(WorkshopInput("medway", "2026-12-04", "08:00", "09:00", "1", "en", "1"), ["medway"],
                       LANGUAGES, NOW)
    assert set(caught.value.errors) == {"end"}


def test_a_weekly_series_keeps_the_clock_time_over_a_change_of_summer_time(db):
    now = datetime(2026, 10, 10, 8, 0, tzinfo=UTC)
    with writing(db):
        first = create_workshops(db, secret(), "Stad Kortrijk", WorkshopInput(
            "kortrijk", "2026-10-15", "09:30", "11:30", "3", "nl", "3"), LANGUAGES, None, now)
    rows = db.exec(select(Workshop).order_by(Workshop.starts_at)).all()
    assert len(rows) == 3 and {w.series_id for w in rows} == {first}
    # 09:30 in Kortrijk: 07:30 UTC in summer time (15 and 22 October), 08:30 UTC once it ends (25 October 2026)
    assert [as_utc(w.starts_at).hour for w in rows] == [7, 7, 8]
    assert len({w.code_hash for w in rows}) == 3


def test_a_workshop_is_open_until_half_an_hour_after_its_end(db):
    workshop_id, _code = add_workshop(db, starts_at=NOW, ends_at=NOW + timedelta(hours=1))
    workshop = db.get(Workshop, workshop_id)
    assert workshop is not None
    assert is_open(workshop, NOW - timedelta(minutes=29))
    assert is_open(workshop, NOW + timedelta(hours=1) + CLOSE_MARGIN - timedelta(seconds=1))
    assert not is_open(workshop, NOW + timedelta(hours=1) + CLOSE_MARGIN)
    workshop.closed_at = NOW
    assert not is_open(workshop, NOW + timedelta(minutes=5))


def test_another_partners_workshop_is_not_found(db):
    workshop_id, _code = add_workshop(db)
    with pytest.raises(WorkshopNotFound):
        get_workshop(db, secret(), "Stad Kortrijk", workshop_id, utcnow())


def test_joining_twice_counts_once_and_a_wrong_or_ended_code_is_refused(db):
    journey = _journey(db)
    workshop_id, code = add_workshop(db)
    with writing(db):
        assert not join_workshop(db, secret(), journey, code.lower(), utcnow()).again
    with writing(db):
        assert join_workshop(db, secret(), journey, code, utcnow()).again
    assert len(db.exec(select(WorkshopAttendance)).all()) == 1
    wrong = "".join(ALPHABET[(ALPHABET.index(code[0]) + 1) % len(ALPHABET)]) + code[1:]
    with pytest.raises(WrongCode), writing(db):
        join_workshop(db, secret(), journey, wrong, utcnow())
    _old, old_code = add_workshop(db, starts_at=utcnow() - timedelta(hours=3), ends_at=utcnow() - timedelta(hours=2))
    with pytest.raises(Problems) as caught, writing(db):
        join_workshop(db, secret(), journey, old_code, utcnow())
    assert not isinstance(caught.value, WrongCode)


def test_the_counts_are_over_the_attendees_only(db):
    inside, also_inside, outside = _journey(db), _journey(db), _journey(db)
    workshop_id, _code = add_workshop(db, attendees=(inside, also_inside))
    with writing(db):
        for journey_id, mark in ((inside, "completed"), (also_inside, None), (outside, "completed")):
            journey = db.get(Journey, journey_id)
            assert journey is not None
            save_step(db, journey, 1, StepInput(ticks={"enjoy"}, answers={}), mark)
    counts = live_counts(db, workshop_id, "1")
    assert (counts.joined, counts.ticks, counts.finished, counts.moved_forward) == (2, {"enjoy": 2}, 1, 2)


@pytest.mark.parametrize(("answers", "shown"), [(2, False), (3, True)])
def test_the_poll_shows_only_from_three_answers(db, answers, shown):
    journeys = [_journey(db) for _ in range(answers)]
    workshop_id, _code = add_workshop(db, attendees=tuple(journeys))
    with writing(db):
        open_poll(db, "Medway Council", workshop_id, utcnow())
    for index, journey in enumerate(journeys):
        with writing(db):
            answer_poll(db, journey, workshop_id, str(index + 1), utcnow())
    counts = live_counts(db, workshop_id, "1")
    assert counts.answered == answers
    assert (counts.poll is not None) is shown
    if shown:
        assert counts.poll == {1: 1, 2: 1, 3: 1, 4: 0}
