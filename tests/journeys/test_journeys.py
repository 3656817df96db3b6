"""The journey domain, on each database backend."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from guide.content.library import get_library
from guide.core.codes import keyed_hash
from guide.core.db import writing
from guide.core.models import utcnow
from guide.core.timeutil import as_utc
from guide.journeys.models import Answer, ChecklistTick, Journey, StepProgress
from guide.journeys.service import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    StepInput,
    StepInputError,
    delete_journey,
    find_journey,
    load_progress,
    save_step,
    start_journey,
    validate_step_input,
)
from guide.sessions.models import BrowserSession
from guide.sessions.policy import EXPIRED, TOUCH, SessionPolicy
from guide.sessions.service import close_session, mark_session_seen, open_session, read_signed_in, session_journey

SECRET = "unit-test-secret"


def test_start_stores_only_a_hash_of_the_code(db):
    journey, code = start_journey(db, SECRET, "medway", "en")
    stored = db.get(Journey, journey.id)
    raw = code.replace("-", "")
    assert raw not in stored.code_hash and code not in stored.code_hash
    assert len(stored.code_hash) == 64


def test_find_by_code_any_spelling_and_not_with_another_secret(db):
    journey, code = start_journey(db, SECRET, "medway", "en")
    assert find_journey(db, SECRET, code.lower().replace("-", " ")).id == journey.id
    assert find_journey(db, "other-secret", code) is None
    assert find_journey(db, SECRET, "not a code") is None


def test_saving_ticks_and_answers_and_statuses(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    step = get_library().step("en", 1)
    first, second = step.checklist[0].id, step.checklist[1].id
    qid = step.questions[0].id
    assert load_progress(db, journey).state(1).status == NOT_STARTED

    save_step(db, journey, 1, StepInput(ticks={first}, answers={qid: "Cooking"}), None)
    state = load_progress(db, journey).state(1)
    assert state.status == IN_PROGRESS
    assert state.ticks == {first}
    assert state.answers == {qid: "Cooking"}

    save_step(db, journey, 1, StepInput(ticks={second}, answers={qid: ""}), COMPLETED)
    state = load_progress(db, journey).state(1)
    assert state.status == COMPLETED
    assert state.ticks == {second}
    assert state.answers == {}
    assert load_progress(db, journey).completed_count == 1


def test_saving_nothing_leaves_a_step_not_started(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    save_step(db, journey, 4, StepInput(ticks=set(), answers={}), None)
    assert load_progress(db, journey).state(4).status == NOT_STARTED


def test_come_back_later_marks_in_progress(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    save_step(db, journey, 2, StepInput(ticks=set(), answers={}), IN_PROGRESS)
    assert load_progress(db, journey).state(2).status == IN_PROGRESS


def test_sector_is_stored_on_the_journey(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    save_step(db, journey, 3, StepInput(ticks=set(), answers={}, sector="care"), None)
    assert db.get(Journey, journey.id).sector == "care"


def test_validation_keeps_known_ids_and_refuses_long_answers():
    step = get_library().step("en", 1)
    qid = step.questions[0].id
    clean = validate_step_input(
        step, StepInput(ticks={step.checklist[0].id, "forged"}, answers={qid: "  hi  "}), set(), False
    )
    assert clean.ticks == {step.checklist[0].id}
    assert clean.answers[qid] == "hi"
    with pytest.raises(StepInputError) as info:
        validate_step_input(step, StepInput(ticks=set(), answers={qid: "x" * 5001}), set(), False)
    assert info.value.worded("en")[f"answer-{qid}"].startswith("Your answer has 5,001 characters. The limit is 5,000.")
    assert info.value.worded("fr")[f"answer-{qid}"].startswith("Votre réponse")
    validate_step_input(step, StepInput(ticks=set(), answers={qid: "x" * 5000}), set(), False)


def test_unknown_sector_is_refused():
    step = get_library().step("en", 3)
    with pytest.raises(StepInputError):
        validate_step_input(step, StepInput(ticks=set(), answers={}, sector="astronaut"), {"care"}, True)


def test_delete_erases_everything(db):
    journey, code = start_journey(db, SECRET, "medway", "en")
    other, _ = start_journey(db, SECRET, "medway", "en")
    step = get_library().step("en", 1)
    for j in (journey, other):
        save_step(db, j, 1, StepInput(ticks={step.checklist[0].id}, answers={step.questions[0].id: "a"}), None)
        open_session(db, SECRET, j)
    delete_journey(db, journey)
    assert find_journey(db, SECRET, code) is None
    for model in (StepProgress, ChecklistTick, Answer, BrowserSession):
        count = db.execute(select(func.count()).select_from(model).where(model.journey_id == journey.id)).scalar()
        assert count == 0, model
        kept = db.execute(select(func.count()).select_from(model).where(model.journey_id == other.id)).scalar()
        assert kept == 1, model


def test_sessions_end_on_close_and_after_inactivity(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    token = open_session(db, SECRET, journey)
    assert session_journey(db, SECRET, token, SessionPolicy(timedelta(minutes=20))).id == journey.id
    assert session_journey(db, SECRET, token + "x", SessionPolicy(timedelta(minutes=20))) is None
    assert session_journey(db, SECRET, token, SessionPolicy(timedelta(seconds=0))) is None  # timed out: and now gone
    assert session_journey(db, SECRET, token, SessionPolicy(timedelta(minutes=20))) is None
    token = open_session(db, SECRET, journey)
    close_session(db, SECRET, token)
    assert session_journey(db, SECRET, token, SessionPolicy(timedelta(minutes=20))) is None


def test_two_saves_of_one_step_at_the_same_moment_both_succeed(db, db_engine):
    """A save-as-you-go request and a button press can arrive together: neither fails, one state wins whole."""
    import threading

    from sqlmodel import Session

    with writing(db):
        journey, _ = start_journey(db, SECRET, "medway", "en")
    jid = journey.id  # read once: the test's own session must not be touched from the threads
    step = get_library().step("en", 2)
    items = [item.id for item in step.checklist]
    qid = step.questions[0].id
    inputs = [StepInput(ticks=set(items[:2]), answers={qid: "first"}),
              StepInput(ticks=set(items[1:3]), answers={qid: "second"})]
    errors: list[BaseException] = []
    for _round in range(15):
        barrier = threading.Barrier(2, timeout=20)

        def save(data: StepInput, barrier: threading.Barrier = barrier) -> None:
            try:
                with Session(db_engine, expire_on_commit=False) as session:
                    mine = session.get(Journey, jid)
                    barrier.wait()
                    with writing(session):
                        save_step(session, mine, 2, data, None)
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=save, args=(data,)) for data in inputs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        state = load_progress(db, journey).state(2)
        assert (state.ticks, state.answers) in [(d.ticks, d.answers) for d in inputs]
    assert errors == []


def test_the_signed_in_read_gives_the_same_progress_as_the_orm_and_only_this_journeys(db, db_engine):
    step1, step3 = get_library().step("en", 1), get_library().step("en", 3)
    with writing(db):
        journey, _ = start_journey(db, SECRET, "kortrijk", "nl")
        other, _ = start_journey(db, SECRET, "medway", "en")
    tick, qid = step1.checklist[0].id, step1.questions[0].id
    with writing(db):
        save_step(db, journey, 1, StepInput(ticks={tick}, answers={qid: "Koken & <zorg>"}), COMPLETED)
        save_step(db, journey, 3, StepInput(ticks=set(), answers={step3.questions[0].id: "Zorg"}, sector="care"),
                  None)
        save_step(db, other, 1, StepInput(ticks={step1.checklist[1].id}, answers={qid: "Someone else"}), None)
        token = open_session(db, SECRET, journey)
        open_session(db, SECRET, other)

    with db_engine.connect() as conn:
        found = read_signed_in(conn, SECRET, token)
    assert found is not None
    assert (found.journey.id, found.journey.centre_id, found.journey.locale, found.journey.sector) == (
        journey.id, "kortrijk", "nl", "care")
    assert found.token_hash == keyed_hash(SECRET, "session", token)
    assert found.progress.steps == load_progress(db, journey).steps
    assert found.progress.state(1).answers == {qid: "Koken & <zorg>"}
    assert found.progress.state(1).updated_at.tzinfo is not None


def test_the_signed_in_read_knows_no_unknown_token_and_writes_nothing(db, db_engine):
    with writing(db):
        journey, _ = start_journey(db, SECRET, "medway", "en")
        token = open_session(db, SECRET, journey)
    seen = db.get(BrowserSession, keyed_hash(SECRET, "session", token)).last_seen_at
    with db_engine.connect() as conn:
        assert read_signed_in(conn, SECRET, "") is None
        assert read_signed_in(conn, SECRET, token + "x") is None
        assert read_signed_in(conn, "another-secret", token) is None
        assert read_signed_in(conn, SECRET, token).last_seen_at == seen
    db.expire_all()
    assert db.get(BrowserSession, keyed_hash(SECRET, "session", token)).last_seen_at == seen


def test_marking_a_session_seen_touches_it_or_ends_it(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    token = open_session(db, SECRET, journey)
    token_hash = keyed_hash(SECRET, "session", token)
    row = db.get(BrowserSession, token_hash)
    row.last_seen_at = utcnow() - timedelta(minutes=5)
    db.commit()
    before = utcnow()
    mark_session_seen(db, token_hash, TOUCH)
    db.expire_all()
    assert as_utc(db.get(BrowserSession, token_hash).last_seen_at) >= before - timedelta(seconds=1)
    mark_session_seen(db, token_hash, EXPIRED)
    db.expire_all()
    assert db.get(BrowserSession, token_hash) is None
    assert db.get(Journey, journey.id) is not None  # the journey stays: only this browser is signed out


def test_a_save_returns_the_state_it_stored(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    step = get_library().step("en", 3)
    items, qids = [i.id for i in step.checklist], [q.id for q in step.questions]
    inputs = [
        (StepInput(ticks=set(), answers={}), None),  # nothing: stays not started
        (StepInput(ticks={items[0]}, answers={qids[0]: "Care"}, sector="care"), None),
        (StepInput(ticks={items[1], items[2]}, answers={qids[0]: "Care, with children"}), None),
        (StepInput(ticks=set(), answers={qids[0]: ""}, sector=""), COMPLETED),
        (StepInput(ticks={items[0]}, answers={qids[0]: "Back"}), IN_PROGRESS),
    ]
    for data, mark in inputs:
        returned = save_step(db, journey, 3, data, mark)
        assert returned == load_progress(db, journey).state(3)
        assert journey.sector == db.get(Journey, journey.id).sector
    assert load_progress(db, journey).state(3).status == IN_PROGRESS


def test_an_unchanged_answer_keeps_the_time_it_was_written(db):
    journey, _ = start_journey(db, SECRET, "medway", "en")
    step = get_library().step("en", 1)
    qid = step.questions[0].id
    save_step(db, journey, 1, StepInput(ticks=set(), answers={qid: "Cooking"}), None)
    written = db.exec(select(Answer.updated_at).where(Answer.journey_id == journey.id)).scalar_one()
    save_step(db, journey, 1, StepInput(ticks={step.checklist[0].id}, answers={qid: "Cooking"}), None)
    assert db.exec(select(Answer.updated_at).where(Answer.journey_id == journey.id)).scalar_one() == written
    save_step(db, journey, 1, StepInput(ticks=set(), answers={qid: "Cooking and baking"}), None)
    assert db.exec(select(Answer.updated_at).where(Answer.journey_id == journey.id)).scalar_one() > written
