"""The barriers service: answers are chosen from a list, skipping is fine, the check is stored whole, a coach marks
only what a client shares and asked help with."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from guide.barriers.models import BarrierAnswer
from guide.barriers.service import (
    NO_PROBLEM,
    NOT_NOW,
    REMINDER_STEPS,
    THEME_IDS,
    WANT_HELP,
    WORKING_ON,
    NotShared,
    answers,
    check_answers,
    save_answers,
    set_working_on,
    wanted_help,
)
from guide.core.db import writing
from guide.core.messages import Problems
from guide.journeys.models import Journey
from guide.sharing.models import CoachLink
from tests.conftest import make_staff


def _journey(db) -> int:  # noqa: ANN001
    with writing(db):
        journey = Journey(code_hash="h" * 64, centre_id="kortrijk", locale="en")
        db.add(journey)
        db.flush()
        assert journey.id is not None
        return journey.id


def test_the_themes_are_the_issues_nine_in_order_and_remind_on_steps_4_and_6():
    assert THEME_IDS == ("childcare", "money", "housing", "health", "transport", "language", "digital", "papers",
                         "other")
    assert set(REMINDER_STEPS) == {4, 6}


def test_skipped_themes_are_fine_and_an_answer_off_the_list_is_refused_on_its_field():
    assert check_answers({"childcare": WANT_HELP, "money": ""}) == {"childcare": WANT_HELP}
    with pytest.raises(Problems) as caught:
        check_answers({"childcare": WANT_HELP, "money": "maybe", "other": "<script>"})
    assert set(caught.value.errors) == {"barrier-money", "barrier-other"}


def test_the_check_is_stored_whole_and_a_changed_answer_loses_the_coachs_mark(db):
    jid = _journey(db)
    first = datetime(2026, 3, 1, tzinfo=UTC)
    with writing(db):
        save_answers(db, jid, {"childcare": WANT_HELP, "housing": NO_PROBLEM, "transport": WANT_HELP}, first)
    with writing(db):
        row = db.exec(select(BarrierAnswer).where(BarrierAnswer.theme == "transport")).one()
        row.coach_status = WORKING_ON
        db.add(row)
    with writing(db):  # housing skipped now, transport changed, childcare unchanged
        save_answers(db, jid, {"childcare": WANT_HELP, "transport": NOT_NOW})
    with writing(db):
        found = answers(db, jid)
    assert {t: r.answer for t, r in found.items()} == {"childcare": WANT_HELP, "transport": NOT_NOW}
    assert found["transport"].coach_status is None
    assert found["childcare"].updated_at == first  # unchanged: keeps its time


def test_wanted_help_lists_the_want_help_themes_in_the_themes_order(db):
    jid = _journey(db)
    with writing(db):
        save_answers(db, jid, {"other": WANT_HELP, "money": NOT_NOW, "language": WANT_HELP, "childcare": WANT_HELP})
    with writing(db):
        assert [r.theme for r in wanted_help(db, jid)] == ["childcare", "language", "other"]


def test_a_coach_marks_only_with_consent_and_only_a_want_help(db):
    jid = _journey(db)
    coach = make_staff(db, "barrier-coach")
    with writing(db):
        save_answers(db, jid, {"childcare": WANT_HELP, "money": NO_PROBLEM})
        link = CoachLink(journey_id=jid, account_id=coach.id)
        db.add(link)
        db.flush()
    with pytest.raises(NotShared), writing(db):
        set_working_on(db, link, "childcare", True)
    with writing(db):
        link.show_barriers = True
        db.add(link)
    for theme in ("money", "housing", "nowhere"):
        with pytest.raises(NotShared), writing(db):
            set_working_on(db, link, theme, True)
    with writing(db):
        set_working_on(db, link, "childcare", True)
    with writing(db):
        assert answers(db, jid)["childcare"].coach_status == WORKING_ON
        set_working_on(db, link, "childcare", False)
    with writing(db):
        assert answers(db, jid)["childcare"].coach_status is None
