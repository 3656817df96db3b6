"""Consent in the domain: share codes, links, and a caseload read in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from guide.core.db import writing
from guide.journeys.service import COMPLETED, StepInput, save_step, start_journey
from guide.sharing.models import ShareCode
from guide.sharing.service import (
    ShareCodeError,
    caseload,
    create_share_code,
    normalise_share_code,
    pseudonym,
    redeem_share_code,
    stop_sharing,
)
from tests.conftest import make_staff

SECRET = "test-secret-key-not-for-production"


def _shared(db, coach_id, n):  # noqa: ANN001, ANN202
    journeys = []
    for i in range(n):
        with writing(db):
            journey, _code = start_journey(db, SECRET, "medway", "en")
            save_step(db, journey, 1, StepInput(ticks=set(), answers={}), COMPLETED if i % 2 else None)
            code, _ = create_share_code(db, SECRET, journey, False, 15)
            redeem_share_code(db, SECRET, coach_id, code)
        journeys.append(journey)
    return journeys


@pytest.mark.parametrize(("typed", "normal"), [("123 456", "123456"), ("123-456", "123456"), ("12345", None),
                                               ("１２３４５６", None), ("12a456", None)])
def test_normalise_share_code(typed, normal):
    assert normalise_share_code(typed) == normal


def test_a_new_code_replaces_the_old_one(db):
    coach = make_staff(db, "anna-coach")
    journey, _ = start_journey(db, SECRET, "medway", "en")
    old, _ = create_share_code(db, SECRET, journey, False, 15)
    new, expires = create_share_code(db, SECRET, journey, True, 15)
    assert len(db.exec(select(ShareCode)).scalars().all()) == 1
    if old != new:  # one chance in a million that the same six digits come up again
        with pytest.raises(ShareCodeError):
            redeem_share_code(db, SECRET, coach.id, old)
    assert redeem_share_code(db, SECRET, coach.id, new).show_answers is True


def test_stop_sharing_only_for_the_own_journey(db):
    coach = make_staff(db, "anna-coach")
    mine, other = _shared(db, coach.id, 2)
    link_id = caseload(db, SECRET, coach.id)[0].link_id
    owner = mine if caseload(db, SECRET, coach.id)[0].journey_id == mine.id else other
    stranger = other if owner is mine else mine
    with writing(db):
        assert stop_sharing(db, stranger.id, link_id) is False
        assert stop_sharing(db, owner.id, link_id) is True
    assert len(caseload(db, SECRET, coach.id)) == 1


def test_pseudonyms_are_stable_and_not_resume_codes():
    assert pseudonym(SECRET, 7) == pseudonym(SECRET, 7) != pseudonym(SECRET, 8)
    assert len(pseudonym(SECRET, 7)) == 7 and pseudonym(SECRET, 7)[3] == "-"


def test_caseload_uses_the_same_number_of_queries_for_3_or_30_clients(db, db_engine):
    coach = make_staff(db, "anna-coach")
    counts = []
    statements: list[str] = []

    def count(*_args) -> None:  # noqa: ANN002
        statements.append("q")

    for n in (3, 27):
        _shared(db, coach.id, n)
        statements.clear()
        event.listen(db_engine, "before_cursor_execute", count)
        try:
            entries = caseload(db, SECRET, coach.id)
        finally:
            event.remove(db_engine, "before_cursor_execute", count)
        counts.append(len(statements))
        assert len(entries) == {3: 3, 27: 30}[n]
    assert counts[0] == counts[1] <= 3  # the links with their steps, the levels, the check-ins' marks (guide.outcomes)
    assert len(caseload(db, SECRET, coach.id)) == 30


def test_caseload_reports_progress_and_last_activity(db):
    coach = make_staff(db, "anna-coach")
    journeys = _shared(db, coach.id, 2)
    journeys[0].last_activity_at -= timedelta(days=30)
    db.add(journeys[0])
    db.commit()
    entries = {e.journey_id: e for e in caseload(db, SECRET, coach.id)}
    assert entries[journeys[1].id].completed == 1 and entries[journeys[1].id].statuses[0] == COMPLETED
    assert entries[journeys[0].id].last_activity < entries[journeys[1].id].last_activity
