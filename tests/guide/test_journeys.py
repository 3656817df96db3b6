"""The journey domain, on each database backend."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from guide.content import get_library
from guide.journeys import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    StepInput,
    StepInputError,
    close_session,
    delete_journey,
    find_journey,
    load_progress,
    open_session,
    save_step,
    session_journey,
    start_journey,
    validate_step_input,
)
from guide.models import Answer, BrowserSession, ChecklistTick, Journey, StepProgress

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
    assert info.value.errors[f"answer-{qid}"][0] == "too_long"
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
    assert session_journey(db, SECRET, token, timedelta(minutes=20)).id == journey.id
    assert session_journey(db, SECRET, token + "x", timedelta(minutes=20)) is None
    assert session_journey(db, SECRET, token, timedelta(seconds=0)) is None  # timed out: and now gone
    assert session_journey(db, SECRET, token, timedelta(minutes=20)) is None
    token = open_session(db, SECRET, journey)
    close_session(db, SECRET, token)
    assert session_journey(db, SECRET, token, timedelta(minutes=20)) is None


def test_two_saves_of_one_step_at_the_same_moment_both_succeed(db, db_engine):
    """A save-as-you-go request and a button press can arrive together: neither fails, one state wins whole."""
    import threading

    from sqlmodel import Session

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
