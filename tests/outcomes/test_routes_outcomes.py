"""What happened next, through the web: one question per page from My plan, check your answers, save; change and
remove; bad input said in the page's language with the choice kept; the check-ins after a job; and "Delete my
data" taking the outcomes with it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from guide.outcomes import service
from guide.outcomes.models import CheckIn, Outcome
from tests.conftest import csrf_token


def _post(client, path, locale="en", **fields):  # noqa: ANN001, ANN201
    return client.post(f"/{locale}{path}", data={"csrf_token": csrf_token(client, locale), **fields})


def _this_month() -> date:
    return datetime.now(UTC).date().replace(day=1)


def record_job(client, locale="en", month: date | None = None):  # noqa: ANN001, ANN201
    """The whole flow for a job of 20 to 30 hours, permanent, started this month (or `month`)."""
    month = month or _this_month()
    answer = _post(client, "/outcomes/kind", locale, kind="job")
    assert answer.status_code == 303 and answer.headers["location"] == f"/{locale}/outcomes/hours?kind=job"
    answer = _post(client, "/outcomes/hours", locale, kind="job", hours="20_30")
    assert answer.headers["location"] == f"/{locale}/outcomes/contract?kind=job&hours=20_30"
    answer = _post(client, "/outcomes/contract", locale, kind="job", hours="20_30", contract="permanent")
    assert answer.headers["location"].startswith(f"/{locale}/outcomes/start?")
    fields = {"kind": "job", "hours": "20_30", "contract": "permanent", "month": str(month.month),
              "year": str(month.year)}
    answer = _post(client, "/outcomes/start", locale, **fields)
    assert answer.status_code == 303 and answer.headers["location"].startswith(f"/{locale}/outcomes/check?")
    check = client.get(answer.headers["location"])
    assert check.status_code == 200
    saved = _post(client, "/outcomes/check", locale, **fields)
    assert saved.status_code == 303 and saved.headers["location"] == f"/{locale}/plan?done=saved#outcomes"
    return check


def test_my_plan_offers_to_tell_what_happened(job_seeker):
    plan = job_seeker.get("/en/plan")
    assert plan.status_code == 200
    assert 'href="/en/outcomes/kind"' in plan.text and "Tell us what happened" in plan.text
    assert job_seeker.get("/en/outcomes/kind").status_code == 200


def test_a_job_is_recorded_one_question_at_a_time_and_listed_on_my_plan(job_seeker, db):
    check = record_job(job_seeker)
    assert "Check your answers" in check.text
    assert "20 to 30 hours a week" in check.text and "A permanent contract" in check.text
    stored = db.exec(select(Outcome)).one()
    assert (stored.kind, stored.detail, stored.started_month) == ("job", "20_30/permanent", _this_month())
    weeks = {c.due_week: c.due_on for c in db.exec(select(CheckIn))}
    assert weeks == {w: _this_month() + timedelta(weeks=w) for w in (4, 13, 26)}
    plan = job_seeker.get("/en/plan?done=saved")
    assert "Thank you. What you told us is saved." in plan.text
    assert "A job" in plan.text and "20 to 30 hours a week · A permanent contract" in plan.text
    due = _this_month() + timedelta(weeks=4)
    assert f"Come back on {due.strftime('%-d %B %Y')} to tell us how it is going." in plan.text


def test_another_kind_skips_the_job_questions_and_has_no_check_ins(job_seeker, db):
    answer = _post(job_seeker, "/outcomes/kind", kind="volunteering")
    assert answer.headers["location"] == "/en/outcomes/start?kind=volunteering"
    month = _this_month()
    saved = _post(job_seeker, "/outcomes/check", kind="volunteering", month=str(month.month), year=str(month.year))
    assert saved.status_code == 303
    assert db.exec(select(Outcome)).one().kind == "volunteering"
    assert db.exec(select(CheckIn)).all() == []
    assert "Come back on" not in job_seeker.get("/en/plan").text


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "Choose what you started."),
    ("nl", "Kies wat je bent begonnen."),
    ("fr", "Choisissez ce que vous avez commencé."),
])
def test_no_choice_is_said_in_the_pages_language(client, locale, words):
    from tests.conftest import start_journey

    start_journey(client, locale)
    for kind in ("", "astronaut"):
        response = _post(client, "/outcomes/kind", locale, kind=kind)
        assert response.status_code == 422
        assert words in response.text and 'href="#kind"' in response.text


def test_a_month_in_the_future_or_before_the_journey_is_refused_and_the_choice_kept(job_seeker, db):
    future = _this_month() + timedelta(days=40)
    response = _post(job_seeker, "/outcomes/start", kind="training", month=str(future.month), year=str(future.year))
    assert response.status_code == 422
    assert "This month is in the future" in response.text
    assert re.search(rf'<option value="{future.month}" selected>', response.text)
    assert 'name="kind" value="training"' in response.text  # the answers so far are carried on
    before = _this_month() - timedelta(days=1)
    response = _post(job_seeker, "/outcomes/start", kind="training", month=str(before.month), year=str(before.year))
    assert response.status_code == 422 and "This is before you started the guide" in response.text
    response = _post(job_seeker, "/outcomes/start", kind="training", month="13", year="twenty")
    assert response.status_code == 422 and "Choose the month and the year it started." in response.text
    # straight to saving, past the questions: refused the same way, nothing stored
    response = _post(job_seeker, "/outcomes/check", kind="training", month=str(future.month), year=str(future.year))
    assert response.status_code == 422 and "This month is in the future" in response.text
    assert db.exec(select(Outcome)).all() == []


def test_an_outcome_is_changed_and_removed_after_confirming(job_seeker, db):
    record_job(job_seeker)
    outcome_id = db.exec(select(Outcome.id)).one()
    change = job_seeker.get(f"/en/outcomes/{outcome_id}/change")
    assert change.status_code == 303 and f"outcome={outcome_id}" in change.headers["location"]
    check = job_seeker.get(change.headers["location"])
    assert "Save my change" in check.text
    month = _this_month()
    saved = _post(job_seeker, "/outcomes/check", kind="volunteering", month=str(month.month), year=str(month.year),
                  outcome=str(outcome_id))
    assert saved.status_code == 303 and "done=changed" in saved.headers["location"]
    db.expire_all()
    assert db.exec(select(Outcome)).one().kind == "volunteering"
    assert db.exec(select(CheckIn)).all() == []  # volunteering has no check-ins
    confirm = job_seeker.get(f"/en/outcomes/{outcome_id}/remove")
    assert confirm.status_code == 200 and "Remove this?" in confirm.text
    assert db.exec(select(Outcome)).all() != []
    removed = _post(job_seeker, f"/outcomes/{outcome_id}/remove")
    assert removed.status_code == 303 and "done=removed" in removed.headers["location"]
    assert db.exec(select(Outcome)).all() == []


def test_another_journeys_outcome_is_not_found(app, job_seeker, db):
    from fastapi.testclient import TestClient

    from tests.conftest import start_journey

    record_job(job_seeker)
    outcome_id = db.exec(select(Outcome.id)).one()
    with TestClient(app, follow_redirects=False) as other:
        start_journey(other)
        assert other.get(f"/en/outcomes/{outcome_id}/remove").status_code == 404
        assert other.get(f"/en/outcomes/{outcome_id}/change").status_code == 404
        assert _post(other, f"/outcomes/{outcome_id}/remove").status_code == 404
        month = _this_month()
        assert _post(other, "/outcomes/check", kind="training", month=str(month.month), year=str(month.year),
                     outcome=str(outcome_id)).status_code == 404
    assert db.exec(select(Outcome)).one() is not None


def test_delete_my_data_removes_the_outcomes_and_check_ins(job_seeker, db):
    record_job(job_seeker)
    assert db.exec(select(CheckIn)).all() != []
    response = _post(job_seeker, "/delete", confirm="yes")
    assert response.status_code == 303, response.text
    assert db.exec(select(Outcome)).all() == [] and db.exec(select(CheckIn)).all() == []


def move_clock(monkeypatch: pytest.MonkeyPatch, weeks: int) -> None:
    later = datetime.now(UTC) + timedelta(weeks=weeks)
    monkeypatch.setattr(service, "utcnow", lambda: later)


def test_the_check_in_is_asked_when_due_and_answered(job_seeker, db, monkeypatch):
    record_job(job_seeker)
    assert "How is your job going?" not in job_seeker.get("/en/plan").text
    move_clock(monkeypatch, 13)
    plan = job_seeker.get("/en/plan")
    thirteen = db.exec(select(CheckIn).where(CheckIn.due_week == 13)).one()
    assert f'href="/en/outcomes/checkins/{thirteen.id}"' in plan.text  # the latest one due, not week 4's
    assert job_seeker.get(f"/en/outcomes/checkins/{thirteen.id}").status_code == 200
    assert _post(job_seeker, f"/outcomes/checkins/{thirteen.id}").status_code == 422  # nothing chosen
    step = _post(job_seeker, f"/outcomes/checkins/{thirteen.id}", status="still_there")
    assert step.headers["location"] == f"/en/outcomes/checkins/{thirteen.id}/hard?status=still_there"
    step = job_seeker.post(f"/en/outcomes/checkins/{thirteen.id}/hard", data={
        "csrf_token": csrf_token(job_seeker), "status": "still_there", "hard": ["travel", "childcare", "bogus"]})
    assert step.status_code == 303 and "hard_list=travel%2Cchildcare" in step.headers["location"]
    assert "What is hard now?" in job_seeker.get(f"/en/outcomes/checkins/{thirteen.id}/hard?status=still_there").text
    response = _post(job_seeker, f"/outcomes/checkins/{thirteen.id}/coach", status="still_there",
                     hard_list="travel,childcare")
    assert response.status_code == 422 and "Choose yes or no." in response.text
    response = _post(job_seeker, f"/outcomes/checkins/{thirteen.id}/coach", status="still_there",
                     hard_list="travel,childcare", coach="yes")
    assert response.status_code == 303 and "done=checked_in" in response.headers["location"]
    db.expire_all()
    stored = db.get(CheckIn, thirteen.id)
    assert stored is not None and stored.answered_at is not None
    assert (stored.status, stored.hard_things, stored.wants_coach) == ("still_there", "travel childcare", True)
    plan = job_seeker.get("/en/plan")
    assert "How is your job going?" not in plan.text and "After 13 weeks: Still there" in plan.text
    # answered: asking again goes back to My plan
    assert job_seeker.get(f"/en/outcomes/checkins/{thirteen.id}").status_code == 303


def test_a_check_in_not_due_yet_is_not_asked(job_seeker, db):
    record_job(job_seeker)
    four = db.exec(select(CheckIn).where(CheckIn.due_week == 4)).one()
    response = job_seeker.get(f"/en/outcomes/checkins/{four.id}")
    assert response.status_code == 303 and response.headers["location"] == "/en/plan#outcomes"
    response = _post(job_seeker, f"/outcomes/checkins/{four.id}/coach", status="stopped", coach="no")
    assert response.status_code == 303
    db.expire_all()
    assert db.get(CheckIn, four.id).answered_at is None  # type: ignore[union-attr]
