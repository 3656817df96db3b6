"""Issue 15's leftovers: check-ins after a training or work experience too (with their own questions), and a coach
the person shares with recording an outcome for them (the same service, marked as entered by a coach) and marking
one as checked; the person sees both and can correct it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from guide.core.db import writing
from guide.outcomes import service
from guide.outcomes.models import CheckIn, Outcome
from guide.outcomes.service import COACH, PERSON, OutcomeInput, OutcomeNotFound, journey_outcomes, mark_checked
from guide.sharing.models import CoachLink
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff, start_journey
from tests.outcomes.factories import add_outcome, journey


def _this_month() -> date:
    return datetime.now(UTC).date().replace(day=1)


def _post(client: TestClient, path: str, locale: str = "en", **fields: str | list[str]):  # noqa: ANN202
    return client.post(f"/{locale}{path}", data={"csrf_token": csrf_token(client, locale), **fields})


def _later(monkeypatch: pytest.MonkeyPatch, weeks: int) -> None:
    later = datetime.now(UTC) + timedelta(weeks=weeks)
    monkeypatch.setattr(service, "utcnow", lambda: later)


# --- check-ins for a training and work experience -------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "checkins"), [
    ("job", 3), ("training", 3), ("work_experience", 3), ("volunteering", 0), ("certificate", 0),
    ("something_else", 0),
])
def test_a_job_a_training_and_work_experience_get_three_check_ins(db, kind, checkins):
    outcome_id = add_outcome(db, journey(db), kind, date(2026, 1, 1), "20_30/permanent" if kind == "job" else "")
    weeks = sorted(c.due_week for c in db.exec(select(CheckIn).where(CheckIn.outcome_id == outcome_id)))
    assert weeks == ([4, 13, 26] if checkins else [])


def test_changing_a_training_to_volunteering_takes_its_check_ins_away(db):
    journey_id = journey(db)
    outcome_id = add_outcome(db, journey_id, "training", date(2026, 1, 1))
    with writing(db):
        service.change_outcome(db, journey_id, outcome_id, OutcomeInput("volunteering", month="1", year="2026"),
                               date(2025, 12, 1), date(2026, 6, 1))
    assert db.exec(select(CheckIn)).all() == []


@pytest.mark.parametrize(("kind", "question", "hint", "hard"), [
    ("training", "How is your training going?", "The training or course you started in", "The course itself"),
    ("work_experience", "How is your work experience going?", "The work experience or placement you started in",
     "Colleagues or the boss"),
])
def test_a_training_and_work_experience_are_asked_their_own_questions(job_seeker, db, monkeypatch, kind, question,
                                                                     hint, hard):
    month = _this_month()
    saved = _post(job_seeker, "/outcomes/check", kind=kind, month=str(month.month), year=str(month.year))
    assert saved.status_code == 303
    assert "Come back on" in job_seeker.get("/en/plan").text
    _later(monkeypatch, 5)
    four = db.exec(select(CheckIn).where(CheckIn.due_week == 4)).one()
    plan = job_seeker.get("/en/plan")
    assert question in plan.text and f'href="/en/outcomes/checkins/{four.id}"' in plan.text
    assert "How is your job going?" not in plan.text
    page = job_seeker.get(f"/en/outcomes/checkins/{four.id}")
    assert page.status_code == 200 and question in page.text and hint in page.text
    hard_page = job_seeker.get(f"/en/outcomes/checkins/{four.id}/hard?status=still_there")
    assert hard in hard_page.text
    answered = _post(job_seeker, f"/outcomes/checkins/{four.id}/coach", status="stopped", hard_list="work",
                     coach="no")
    assert answered.status_code == 303
    db.expire_all()
    assert db.exec(select(Outcome)).one().ended_at is not None  # stopped: no later check-in asked
    assert "Come back on" not in job_seeker.get("/en/plan").text


def test_the_training_check_in_is_asked_in_french_and_dutch(job_seeker, db, monkeypatch):
    month = _this_month()
    assert _post(job_seeker, "/outcomes/check", kind="training", month=str(month.month),
                 year=str(month.year)).status_code == 303
    _later(monkeypatch, 5)
    four = db.exec(select(CheckIn).where(CheckIn.due_week == 4)).one()
    assert "Comment se passe votre formation\u202f?" in job_seeker.get(f"/fr/outcomes/checkins/{four.id}").text
    assert "Hoe gaat het met je opleiding?" in job_seeker.get(f"/nl/outcomes/checkins/{four.id}").text


# --- a coach records an outcome and checks one ----------------------------------------------------------------------


@pytest.fixture
def coach(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "aftercare-coach"))


@pytest.fixture
def person(app):  # noqa: ANN001, ANN201
    with TestClient(app, follow_redirects=False) as browser:
        start_journey(browser)
        yield browser


def _good(month: date | None = None, **fields: str) -> dict[str, str]:
    month = month or _this_month()
    return {"kind": "job", "hours": "over_30", "contract": "temporary", "month": str(month.month),
            "year": str(month.year), **fields}


def test_a_coach_records_a_job_for_a_client_who_shares(coach, person, db):
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    client_page = coach.get(f"/en/staff/clients/{link_id}")
    assert f'href="/en/staff/clients/{link_id}/outcomes/new"' in client_page.text
    form = coach.get(f"/en/staff/clients/{link_id}/outcomes/new")
    assert form.status_code == 200 and "Record what your client started" in form.text
    saved = _post(coach, f"/staff/clients/{link_id}/outcomes/new", **_good())
    assert saved.status_code == 303 and saved.headers["location"].endswith("#outcomes")
    stored = db.exec(select(Outcome)).one()
    link = db.get(CoachLink, link_id)
    assert link is not None and stored.journey_id == link.journey_id
    assert (stored.kind, stored.detail, stored.entered_by, stored.checked_at) == (
        "job", "over_30/temporary", COACH, None)
    assert len(db.exec(select(CheckIn)).all()) == 3  # the same service: a job's check-ins
    page = coach.get(f"/en/staff/clients/{link_id}")
    assert "Over 30 hours a week · A temporary contract" in page.text and "Recorded by a coach." in page.text
    plan = person.get("/en/plan")
    assert "Your coach told us this. Is something wrong? Change it." in plan.text
    assert f'href="/en/outcomes/{stored.id}/change"' in plan.text  # the person can correct it


def test_the_persons_own_outcome_is_not_marked_as_a_coachs(job_seeker, db):
    month = _this_month()
    _post(job_seeker, "/outcomes/check", kind="volunteering", month=str(month.month), year=str(month.year))
    assert db.exec(select(Outcome)).one().entered_by == PERSON
    assert "Your coach told us this" not in job_seeker.get("/en/plan").text


@pytest.mark.parametrize(("locale", "fields", "messages"), [
    ("en", {}, ["Choose what you started.", "Choose the month and the year it started."]),
    ("en", {"kind": "job", "month": "1", "year": "2026"},
     ["Choose how many hours a week you work.", "Choose what kind of contract you have."]),
    ("fr", {"kind": "bogus"}, ["Choisissez ce que vous avez commencé."]),
    ("nl", {"kind": "training", "month": "13", "year": "2026"}, ["Kies de maand en het jaar"]),
])
def test_bad_input_is_refused_with_every_message_and_nothing_stored(coach, person, db, locale, fields, messages):
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    response = _post(coach, f"/staff/clients/{link_id}/outcomes/new", locale, **fields)
    assert response.status_code == 422
    for message in messages:
        assert message in response.text
    assert db.exec(select(Outcome)).all() == []


def test_a_month_in_the_future_is_refused_and_what_was_chosen_kept(coach, person, db):
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    future = (_this_month() + timedelta(days=40)).replace(day=1)
    response = _post(coach, f"/staff/clients/{link_id}/outcomes/new", **_good(future))
    assert response.status_code == 422 and "This month is in the future." in response.text
    assert 'value="job" id="kind-job" checked' in response.text
    assert 'value="over_30" id="hours-over_30" checked' in response.text
    assert f'<option value="{future.month}" selected>' in response.text
    assert db.exec(select(Outcome)).all() == []


def test_another_coach_or_after_the_client_stops_sharing_nothing_is_recorded(app, coach, person, db):
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    with TestClient(app, follow_redirects=False) as other:
        sign_in_staff(other, db, make_staff(db, "other-aftercare-coach"))
        assert other.get(f"/en/staff/clients/{link_id}/outcomes/new").status_code == 404
        assert _post(other, f"/staff/clients/{link_id}/outcomes/new", **_good()).status_code == 404
    stopped = _post(person, f"/share/{link_id}/stop")
    assert stopped.status_code in (200, 303)
    assert db.get(CoachLink, link_id) is None
    assert coach.get(f"/en/staff/clients/{link_id}/outcomes/new").status_code == 404
    assert _post(coach, f"/staff/clients/{link_id}/outcomes/new", **_good()).status_code == 404
    assert db.exec(select(Outcome)).all() == []


def test_a_coach_marks_an_outcome_checked_and_a_change_by_the_person_takes_it_off(coach, person, db):
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    month = _this_month()
    assert _post(person, "/outcomes/check", kind="training", month=str(month.month),
                 year=str(month.year)).status_code == 303
    outcome_id = db.exec(select(Outcome.id)).one()
    assert "Mark as checked" in coach.get(f"/en/staff/clients/{link_id}").text
    done = _post(coach, f"/staff/clients/{link_id}/outcomes/{outcome_id}/checked")
    assert done.status_code == 303 and done.headers["location"].endswith("#outcomes")
    db.expire_all()
    assert db.get(Outcome, outcome_id).checked_at is not None  # type: ignore[union-attr]
    page = coach.get(f"/en/staff/clients/{link_id}")
    assert "Mark as checked" not in page.text and ">Checked<" in page.text
    assert "Checked by your coach." in person.get("/en/plan").text
    # saved again as it was: still checked; changed to something else: the check was of what it said before
    changed = _post(person, "/outcomes/check", kind="training", month=str(month.month), year=str(month.year),
                    outcome=str(outcome_id))
    assert changed.status_code == 303
    db.expire_all()
    assert db.get(Outcome, outcome_id).checked_at is not None  # type: ignore[union-attr]  # nothing changed
    changed = _post(person, "/outcomes/check", kind="work_experience", month=str(month.month),
                    year=str(month.year), outcome=str(outcome_id))
    assert changed.status_code == 303
    db.expire_all()
    assert db.get(Outcome, outcome_id).checked_at is None  # type: ignore[union-attr]
    assert "Checked by your coach." not in person.get("/en/plan").text


def test_an_outcome_of_another_journey_cannot_be_checked(app, coach, person, db):
    link_id = add_client(coach, share_code(person, outcomes="yes"))
    someone_else = add_outcome(db, journey(db), "job", date(2026, 1, 1), "20_30/permanent")
    assert _post(coach, f"/staff/clients/{link_id}/outcomes/{someone_else}/checked").status_code == 404
    another = journey(db)
    with pytest.raises(OutcomeNotFound), writing(db):
        mark_checked(db, another, someone_else)
    assert db.get(Outcome, someone_else).checked_at is None  # type: ignore[union-attr]


def test_the_rows_say_who_entered_and_whether_checked(db):
    journey_id = journey(db)
    with writing(db):
        mine = service.record_outcome(db, journey_id, OutcomeInput("certificate", month="1", year="2026"),
                                      date(2025, 12, 1), date(2026, 3, 1))
        theirs = service.record_outcome(db, journey_id, OutcomeInput("training", month="2", year="2026"),
                                        date(2025, 12, 1), date(2026, 3, 1), entered_by=COACH)
        mark_checked(db, journey_id, theirs)
    with writing(db):
        rows = {r.id: r for r in journey_outcomes(db, journey_id)}
    assert (rows[mine].entered_by, rows[mine].checked_at) == (PERSON, None)
    assert rows[theirs].entered_by == COACH and rows[theirs].checked_at is not None


def test_the_migration_gives_a_stored_training_its_check_ins(tmp_path):
    """0019 on a database that has a training and a volunteering from before: the training gets its three check-ins
    from its start month, the volunteering none; both are the person's own."""
    from sqlalchemy import text

    from guide.core.db import make_engine
    from guide.core.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'before.db'}")
    upgrade(engine, "0014")
    with engine.begin() as conn:  # plain SQL: the model has columns of later migrations
        conn.execute(text("INSERT INTO journey (code_hash, centre_id, locale, created_at, last_activity_at) "
                          "VALUES ('before-0019', 'medway', 'en', '2026-01-05 10:00:00', '2026-01-05 10:00:00')"))
        journey_id = conn.execute(text("SELECT id FROM journey WHERE code_hash = 'before-0019'")).scalar_one()
        for kind in ("training", "volunteering"):
            conn.execute(text("INSERT INTO outcome (journey_id, kind, detail, started_month, created_at) "
                              "VALUES (:j, :k, '', '2026-01-01', '2026-01-05 10:00:00')"), {"j": journey_id, "k": kind})
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT o.kind, o.entered_by, c.due_week, c.due_on FROM outcome o "
                                 "JOIN outcome_checkin c ON c.outcome_id = o.id ORDER BY c.due_week")).all()
        people = set(conn.execute(text("SELECT entered_by FROM outcome")).scalars())
    assert [(kind, week, str(due)[:10]) for kind, _by, week, due in rows] == [
        ("training", 4, "2026-01-29"), ("training", 13, "2026-04-02"), ("training", 26, "2026-07-02")]
    assert people == {PERSON}
    engine.dispose()
