"""The self-assessment's domain on each database backend: takes, answers as given, scoring, step 5, deletion."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from guide.assessment.models import AssessmentAnswer, AssessmentLevel, AssessmentTake
from guide.assessment.service import (
    FINISHED,
    NOT_FOUND,
    OPEN,
    OUT_OF_SCALE,
    STEP,
    UNKNOWN_STATEMENT,
    AssessmentError,
    finish_take,
    next_unanswered,
    overview,
    previous_statement,
    record_answer,
    start_take,
    take_answers,
    take_result,
)
from guide.journeys.models import Journey, StepProgress
from guide.journeys.service import (
    COMPLETED,
    IN_PROGRESS,
    StepInput,
    delete_journey,
    load_progress,
    save_step,
    start_journey,
)
from guide.web.charts import PLOT_LENGTH, bar_chart
from skills_audit.framework import get_framework
from skills_audit.scoring import competence_levels

SECRET = "unit-test-secret"
FW = get_framework()
IDS = FW.statement_ids()


def _journey(db):
    journey, _ = start_journey(db, SECRET, "kortrijk", "nl")
    return journey


def _count(db, model, **where):
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.execute(query).scalar()


def test_a_journey_has_one_open_take_at_a_time(db):
    journey = _journey(db)
    first = start_take(db, journey)
    assert start_take(db, journey).id == first.id  # a double click does not start a second take
    finish_take(db, journey, first.id)
    second = start_take(db, journey)
    assert second.id != first.id
    found = overview(db, journey)
    assert found.open_take.id == second.id
    assert [t.id for t in found.finished] == [first.id]


def test_answers_are_stored_as_given_and_can_change(db):
    journey = _journey(db)
    take = start_take(db, journey)
    assert record_answer(db, journey, take.id, IDS[0], 3) == {IDS[0]: 3}
    assert record_answer(db, journey, take.id, IDS[1], None) == {IDS[0]: 3, IDS[1]: None}  # skipped
    assert record_answer(db, journey, take.id, IDS[0], 1) == {IDS[0]: 1, IDS[1]: None}  # changed
    assert _count(db, AssessmentAnswer, take_id=take.id) == 2
    assert overview(db, journey).open_take.next_statement == IDS[2]


def test_working_on_the_assessment_puts_step_five_in_progress_but_never_completes_it(db):
    journey = _journey(db)
    take = start_take(db, journey)
    assert load_progress(db, journey).state(STEP).status == IN_PROGRESS
    for sid in IDS:
        record_answer(db, journey, take.id, sid, 4)
    finish_take(db, journey, take.id)
    assert load_progress(db, journey).state(STEP).status == IN_PROGRESS
    # a step the person finished stays finished
    other = _journey(db)
    save_step(db, other, STEP, StepInput(ticks=set(), answers={}), COMPLETED)
    take = start_take(db, other)
    record_answer(db, other, take.id, IDS[0], 2)
    finish_take(db, other, take.id)
    assert db.get(StepProgress, (other.id, STEP)).status == COMPLETED


@pytest.mark.parametrize(
    ("statement_id", "value", "kind"),
    [
        (IDS[0], 0, OUT_OF_SCALE), (IDS[0], 5, OUT_OF_SCALE), (IDS[0], True, OUT_OF_SCALE),
        ("nope", 2, UNKNOWN_STATEMENT),
    ],
)
def test_bad_answers_store_nothing(db, statement_id, value, kind):
    journey = _journey(db)
    take = start_take(db, journey)
    with pytest.raises(AssessmentError) as caught:
        record_answer(db, journey, take.id, statement_id, value)
    assert caught.value.kind == kind
    assert _count(db, AssessmentAnswer) == 0


def test_another_journeys_take_and_a_finished_take_accept_nothing(db):
    mine, theirs = _journey(db), _journey(db)
    take = start_take(db, theirs)
    record_answer(db, theirs, take.id, IDS[0], 2)
    with pytest.raises(AssessmentError) as caught:
        record_answer(db, mine, take.id, IDS[0], 4)
    assert caught.value.kind == NOT_FOUND
    with pytest.raises(AssessmentError) as caught:
        finish_take(db, mine, take.id)
    assert caught.value.kind == NOT_FOUND
    with pytest.raises(AssessmentError) as caught:
        record_answer(db, mine, 999999, IDS[0], 4)
    assert caught.value.kind == NOT_FOUND
    finish_take(db, theirs, take.id)
    with pytest.raises(AssessmentError) as caught:
        record_answer(db, theirs, take.id, IDS[0], 4)
    assert caught.value.kind == FINISHED
    assert take_answers(db, take.id) == {IDS[0]: 2}


def test_finishing_writes_one_level_row_per_competence_with_the_scoring_rules(db):
    journey = _journey(db)
    take = start_take(db, journey)
    answers = {sid: (n % 4) + 1 for n, sid in enumerate(IDS)}
    answers[IDS[1]] = None
    for sid, value in answers.items():
        record_answer(db, journey, take.id, sid, value)
    result = finish_take(db, journey, take.id)
    expected = competence_levels(answers)
    assert result.levels == expected
    rows = db.exec(select(AssessmentLevel).where(AssessmentLevel.take_id == take.id)).scalars().all()
    assert {r.competence_id: r.level for r in rows} == expected
    assert len(rows) == len(FW.competences)
    # finishing again (a double click) changes nothing
    again = finish_take(db, journey, take.id)
    assert again.finished_at == result.finished_at
    assert _count(db, AssessmentLevel, take_id=take.id) == len(FW.competences)


def test_a_take_with_too_few_answers_scores_none_rather_than_a_guess(db):
    journey = _journey(db)
    take = start_take(db, journey)
    record_answer(db, journey, take.id, IDS[0], 4)
    result = finish_take(db, journey, take.id)
    assert set(result.levels.values()) == {None}
    assert _count(db, AssessmentLevel, take_id=take.id) == len(FW.competences)


def test_the_result_of_an_open_take_is_not_there_yet(db):
    journey = _journey(db)
    take = start_take(db, journey)
    with pytest.raises(AssessmentError) as caught:
        take_result(db, journey, take.id)
    assert caught.value.kind == OPEN


def test_takes_keep_their_dates_oldest_first(db):
    journey = _journey(db)
    march = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    for when in (march, march + timedelta(days=90)):
        take = start_take(db, journey, now=when)
        record_answer(db, journey, take.id, IDS[0], 2, now=when)
        finish_take(db, journey, take.id, now=when + timedelta(minutes=12))
    found = overview(db, journey)
    assert [t.finished_at for t in found.finished] == [
        march + timedelta(minutes=12), march + timedelta(days=90, minutes=12)
    ]
    assert found.first.finished_at < found.latest.finished_at


def test_delete_journey_erases_the_assessment_too(db):
    journey, other = _journey(db), _journey(db)
    for j in (journey, other):
        take = start_take(db, j)
        record_answer(db, j, take.id, IDS[0], 3)
        finish_take(db, j, take.id)
    delete_journey(db, journey)
    assert _count(db, AssessmentTake, journey_id=journey.id) == 0
    assert _count(db, AssessmentTake, journey_id=other.id) == 1
    assert _count(db, AssessmentAnswer) == 1
    assert _count(db, AssessmentLevel) == len(FW.competences)


def test_previous_statement():
    assert previous_statement(IDS[0]) is None
    assert previous_statement(IDS[5]) == IDS[4]


# --- properties ----------------------------------------------------------------------------------

PROFILE = settings(database=None, max_examples=200, deadline=None)


@PROFILE
@given(st.sets(st.sampled_from(IDS)), st.one_of(st.none(), st.sampled_from(IDS)))
def test_next_unanswered_is_an_open_statement_after_the_current_one(seen, after):
    answers = dict.fromkeys(seen, 3)
    found = next_unanswered(answers, after)
    if len(seen) == len(IDS):
        assert found is None
        return
    assert found is not None and found not in seen
    # nothing open lies between the current statement and the one found
    start = IDS.index(after) + 1 if after else 0
    ring = IDS[start:] + IDS[:start]
    assert all(sid in seen for sid in ring[: ring.index(found)])


@PROFILE
@given(st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=1, max_size=8), st.booleans())
def test_longer_bars_for_higher_levels_and_every_bar_labelled(values, two_series):
    series = ["first", "now"] if two_series else ["now"]
    rows = [(f"skill {n}", [(v, f"label {v}")] * len(series)) for n, v in enumerate(values)]
    chart = bar_chart(rows, 4, series)
    assert len(chart.rows) == len(values)
    assert len(chart.legend) == (2 if two_series else 0)
    bars = [(v, row.bars[0]) for v, row in zip(values, chart.rows, strict=True)]
    for value, bar in bars:
        assert bar.width == (0 if value is None else PLOT_LENGTH * value / 4)
        assert bar.label == f"label {value}" and bar.label_x > bar.x + bar.width
        assert 0 <= bar.y < chart.height
    for (v1, b1), (v2, b2) in zip(bars, bars[1:], strict=False):
        if v1 is not None and v2 is not None and v1 < v2:
            assert b1.width < b2.width
        assert b1.y < b2.y  # rows never overlap


def test_bar_chart_refuses_values_off_the_scale():
    with pytest.raises(ValueError):
        bar_chart([("x", [(5, "five")])], 4, ["now"])
    with pytest.raises(ValueError):
        bar_chart([("x", [(2, "two")])], 4, ["first", "now"])


def test_demo_has_a_journey_with_two_finished_takes_months_apart(db_engine, db):
    from guide.demo import ASSESSED_CENTRE, load_demo

    lines = list(load_demo(db_engine))
    assert any("self-assessment taken twice" in line for line in lines)
    twice = select(AssessmentTake.journey_id).group_by(AssessmentTake.journey_id).having(func.count() == 2)
    mine = select(Journey).where(Journey.centre_id == ASSESSED_CENTRE, Journey.id.in_(twice))
    journey = db.exec(mine).scalars().one()
    found = overview(db, journey)
    assert len(found.finished) == 2 and found.open_take is None
    assert found.latest.finished_at - found.first.finished_at >= timedelta(days=90)
    assert any(v is not None for v in found.first.levels.values())
    assert found.first.levels != found.latest.levels
