"""The hot pages' promises in SQL statements: each page reads what it shows in a fixed number of statements, whatever
the size of the journey or the caseload. A change that adds a statement per row, or a read the page does not need,
fails here; a deliberate change updates the number and says why in its commit."""

from __future__ import annotations

import pytest

from guide.content.library import get_library
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff, start_journey
from tests.skills_audit.factories import release, respondent, survey
from tests.workshops.factories import add_workshop


def _answer_steps(client, steps: range) -> None:  # noqa: ANN001
    """Tick and answer every item of these steps, so a page has as much to read as it can."""
    for number in steps:
        step = get_library().step("en", number)
        data: dict[str, object] = {"csrf_token": csrf_token(client), "tick": [i.id for i in step.checklist],
                                   "action": "done"}
        data.update({f"answer-{q.id}": "Something I typed" for q in step.questions})
        if number == 3:
            data["sector"] = "care"
        assert client.post(f"/en/steps/{number}", data=data).status_code in (200, 303)


# The list of steps and My plan look for the workshop the person is in (one statement), My plan for the workshops
# attended in the same statement, the outcomes and the help asked for too (one each; My plan was 10 when the
# workshops took two); a step page does only in a browser that joined one (guide.workshops.views). My plan reads
# "About you" too: the partner's questions and the person's answers in one statement (guide.about.service). The list's
# self-assessment panel uses the guide the page read and looks up the centre's clock (another look-up of the guide)
# only when it shows a result's date.
@pytest.mark.parametrize(("path", "expected"), [("/en/steps", (6, 2)), ("/en/steps/2", (2, 1)), ("/en/plan", (10, 4))])
def test_a_journey_page_reads_in_a_fixed_number_of_statements(job_seeker, count_queries, path, expected):
    _answer_steps(job_seeker, range(1, 5))
    job_seeker.get(path)  # the first view may touch the session; count a view as a person sees it most often
    with count_queries() as log:
        assert job_seeker.get(path).status_code == 200
    assert log.counts() == expected, log.statements


def test_the_save_as_you_go_writes_in_a_fixed_number_of_statements(job_seeker, count_queries):
    step = get_library().step("en", 1)
    data = {"csrf_token": csrf_token(job_seeker), "tick": [step.checklist[0].id],
            "answer-" + step.questions[0].id: "One answer"}
    job_seeker.post("/en/steps/1/save", data=data, headers={"HX-Request": "true"})
    data["answer-" + step.questions[0].id] = "Another answer"
    with count_queries() as log:
        response = job_seeker.post("/en/steps/1/save", data=data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert log.counts() == SAVE_STATEMENTS, log.statements


@pytest.mark.parametrize("clients", [2, 6])
def test_the_caseload_reads_in_the_same_statements_for_any_number_of_clients(app, db, count_queries, clients):
    from fastapi.testclient import TestClient

    coach = make_staff(db, "busy-coach")
    with TestClient(app, follow_redirects=False) as staff:
        sign_in_staff(staff, db, coach)
        for _ in range(clients):
            with TestClient(app, follow_redirects=False) as person:
                start_journey(person)
                add_client(staff, share_code(person))
        staff.get("/en/staff/caseload")
        with count_queries() as log:
            assert staff.get("/en/staff/caseload").status_code == 200
    assert log.counts() == CASELOAD_STATEMENTS, log.statements


def test_the_audit_report_reads_in_a_fixed_number_of_statements(client, db, count_queries):
    for i in range(12):
        respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 9 else 2, "reliability": 4})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2)}, vacancies=4)
    release(db)
    sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))
    url = "/en/staff/audit/report?region=BE254&sector=care&period=2026"
    client.get(url)
    with count_queries() as log:
        assert client.get(url).status_code == 200
    assert log.counts() == REPORT_STATEMENTS, log.statements


@pytest.mark.parametrize("topic", ["2", "assessment"])
def test_the_projector_s_counts_read_in_a_fixed_number_of_statements(app, db, count_queries, topic):
    """Every facilitator's screen asks every second: the staff session (no write while it is fresh), the workshop,
    and its counts in one statement."""
    from fastapi.testclient import TestClient

    helper = make_staff(db, "poll-helper", ("helper",))
    workshop_id, _code = add_workshop(db, topic=topic)
    with TestClient(app, follow_redirects=False) as staff:
        sign_in_staff(staff, db, helper)
        url = f"/en/staff/workshops/{workshop_id}/screen/counts"
        staff.get(url)
        with count_queries() as log:
            assert staff.get(url).status_code == 200
    assert log.counts() == COUNTS_STATEMENTS, log.statements


# (statements, of which content token reads): see QueryLog.counts
SAVE_STATEMENTS = (12, 3)  # was (13, 4): reading the step form looked the guide up a second time
# The coach's centre comes from the library (admins' centres too, guide.places): one token read, free in production
# (once per refresh delay); was (7, 1) before the links read the steps' statuses with their counts, (6, 0) from the
# files, (5, 0) before the check-ins' marks.
CASELOAD_STATEMENTS = (6, 1)
# The audit's places follow the library (admins' centres and regions, guide.places): each look-up of them reads the
# token (free in production, once per refresh delay), nothing else; was (6, 2), and (10, 3) before a released report
# read its release instead of counting.
REPORT_STATEMENTS = (10, 6)
COUNTS_STATEMENTS = (5, 1)  # session, roles, workshop, counts, guide; the counts were six statements, the guide five
