"""The workshops' pages: a peer helper plans a workshop and shows its code; a participant joins from their list of
steps, sees the banner, leaves; the projector's counts follow; bad input and wrong codes are said, typed kept."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from guide.core.models import utcnow
from guide.core.settings import get_settings
from guide.staff.areas import landing_endpoint
from guide.workshops.models import Workshop, WorkshopAttendance
from guide.workshops.views import IN_WORKSHOP
from tests.conftest import csrf_token, make_staff, sign_in_staff, start_journey
from tests.workshops.factories import add_workshop

IN_WORKSHOP_COOKIE = IN_WORKSHOP.cookie


@pytest.fixture
def helper(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "a-helper", ("helper",)))


@pytest.fixture
def participant(app):  # noqa: ANN001, ANN201
    with TestClient(app, follow_redirects=False) as c:
        c.resume_code = start_journey(c)  # type: ignore[attr-defined]
        yield c


def _post(client, path, locale="en", **fields):  # noqa: ANN001, ANN201
    return client.post(f"/{locale}{path}", data={"csrf_token": csrf_token(client, locale), **fields})


def _join(client, code, origin="steps"):  # noqa: ANN001, ANN201
    return _post(client, "/workshop/join", code=code, **{"from": origin})


def test_signing_in_leads_a_peer_helper_to_the_workshops_only(helper):
    assert landing_endpoint(frozenset({"helper"})) == "workshops:list"
    assert landing_endpoint(frozenset({"coach"})) == "staff:caseload"  # a coach's workshops are beside the work
    home = helper.get("/en/staff/")
    assert "/en/staff/workshops" in home.text and "/en/staff/caseload" not in home.text


def test_a_helper_plans_a_series_and_sees_the_code(helper, db):
    today = utcnow().date() + timedelta(days=1)
    response = _post(helper, "/staff/workshops", centre="medway", day=today.isoformat(), start="09:30",
                     end="11:00", topic="2", language="en", repeat="3")
    assert response.status_code == 303, response.text
    page = helper.get(response.headers["location"])
    assert "The workshop is planned." in page.text
    code = re.search(r'id="workshop-code">([A-Z0-9]{6})<', page.text)
    assert code
    assert len(db.exec(select(Workshop)).all()) == 3
    listed = helper.get("/en/staff/workshops")
    assert listed.text.count("Step 2:") == 3


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "The date is in the past"), ("nl", "De datum is voorbij"), ("fr", "La date est passée"),
])
def test_bad_input_is_said_in_the_pages_language_and_typed_kept(helper, locale, words):
    response = _post(helper, "/staff/workshops", locale=locale, centre="kortrijk", day="2020-01-01", start="10:00",
                     end="09:00", topic="step", language="en", repeat="40")
    assert response.status_code == 422
    assert words in response.text
    assert 'value="2020-01-01"' in response.text and 'value="40"' in response.text
    assert response.text.count('class="error-message"') == 5  # centre, day, end, topic, repeat


def test_another_partners_workshop_is_not_found(helper, db):
    workshop_id, _code = add_workshop(db, partner="Stad Kortrijk", centre="kortrijk")
    assert helper.get(f"/en/staff/workshops/{workshop_id}").status_code == 404
    assert helper.get(f"/en/staff/workshops/{workshop_id}/screen").status_code == 404
    assert _post(helper, f"/staff/workshops/{workshop_id}/close").status_code == 404


def test_a_participant_joins_sees_the_banner_and_leaves(participant, db):
    workshop_id, code = add_workshop(db, topic="3")
    steps = participant.get("/en/steps")
    assert "Join a workshop: code" in steps.text
    joined = _join(participant, f"{code[:3].lower()} {code[3:]}")
    assert joined.status_code == 303 and joined.headers["location"] == "/en/steps?workshop=joined"
    steps = participant.get(joined.headers["location"])
    assert "You are in the workshop “Step 3:" in steps.text and "Medway" in steps.text
    assert "Join a workshop: code" not in steps.text
    assert "You are in the workshop" in participant.get("/en/steps/3").text
    again = _join(participant, code)
    assert again.headers["location"] == "/en/steps?workshop=again"
    assert "You had already joined this workshop" in participant.get(again.headers["location"]).text
    assert len(db.exec(select(WorkshopAttendance)).all()) == 1
    left = _post(participant, "/workshop/leave", workshop=str(workshop_id), **{"from": "plan"})
    assert left.headers["location"] == "/en/plan?workshop=left"
    plan = participant.get(left.headers["location"])
    assert "You are in the workshop" not in plan.text and "You have left the workshop" in plan.text
    assert "Workshops I attended" in plan.text  # the attendance stays


def test_only_a_browser_that_joined_reads_the_banner_on_a_step_page(participant, db, count_queries):
    """The step page is the busiest: it looks for a workshop only where this browser joined one (the hint cookie
    that joining sets, and the list of steps and My plan keep true)."""
    workshop_id, code = add_workshop(db, topic="3")
    with count_queries() as log:
        assert "You are in the workshop" not in participant.get("/en/steps/3").text
    assert not any("workshop" in statement for statement in log.statements)
    joined = _join(participant, code)
    assert participant.cookies.get(IN_WORKSHOP_COOKIE) == "1" and "HttpOnly" in joined.headers["set-cookie"]
    with count_queries() as log:
        assert "You are in the workshop" in participant.get("/en/steps/3").text
    assert any("workshop" in statement for statement in log.statements)
    # Resumed elsewhere, without the hint: the list of steps finds the workshop and sets it again.
    participant.cookies.delete(IN_WORKSHOP_COOKIE)
    assert "You are in the workshop" not in participant.get("/en/steps/3").text
    participant.get("/en/steps")
    assert participant.cookies.get(IN_WORKSHOP_COOKIE) == "1"
    _post(participant, "/workshop/leave", workshop=str(workshop_id), **{"from": "steps"})
    assert participant.cookies.get(IN_WORKSHOP_COOKIE) is None
    # A hint left over (the workshop closed itself): My plan finds no workshop and clears it.
    participant.cookies.set(IN_WORKSHOP_COOKIE, "1", domain="testserver.local")
    participant.get("/en/plan")
    assert participant.cookies.get(IN_WORKSHOP_COOKIE) is None


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "We did not find this workshop code"), ("nl", "We vonden deze workshopcode niet"),
    ("fr", "Nous n’avons pas trouvé ce code d’atelier"),
])
def test_a_wrong_code_is_said_with_the_code_kept(participant, db, locale, words):
    add_workshop(db)
    response = _post(participant, "/workshop/join", locale=locale, code="ACDEFG")
    assert response.status_code == 422
    assert words in response.text and 'value="ACDEFG"' in response.text


def test_an_ended_workshops_code_is_said_so(participant, db):
    _id, code = add_workshop(db, starts_at=utcnow() - timedelta(hours=3), ends_at=utcnow() - timedelta(hours=2))
    response = _join(participant, code)
    assert response.status_code == 422 and "This workshop has ended" in response.text


def test_wrong_codes_are_rate_limited_and_a_right_one_gives_its_slot_back(participant, db, monkeypatch):
    monkeypatch.setattr(get_settings(), "workshop_code_attempts_per_journey", 2)
    _id, code = add_workshop(db)
    assert _join(participant, code).status_code == 303  # right: not counted
    assert _join(participant, "ACDEFG").status_code == 422
    assert _join(participant, "ACDEFH").status_code == 422
    blocked = _join(participant, code)
    assert blocked.status_code == 429 and "too many workshop codes" in blocked.text


def test_joining_without_a_journey_asks_to_start_first(client, db):
    _id, code = add_workshop(db)
    response = _join(client, code)
    assert response.status_code == 303 and response.headers["location"] == "/en/?notice=workshop"
    assert "To join a workshop, start a new journey" in client.get(response.headers["location"]).text


def _counts(staff, workshop_id):  # noqa: ANN001, ANN202
    response = staff.get(f"/en/staff/workshops/{workshop_id}/screen/counts", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div class="screen-counts-now" id="counts-now" sse-swap="counts"')
    return response.text


def _events(staff, workshop_id, **headers):  # noqa: ANN001, ANN202
    """The stream's events, as (name, data) pairs; without an Accept of text/event-stream it ends after one look."""
    response = staff.get(f"/en/staff/workshops/{workshop_id}/screen/stream", headers=headers)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    assert response.text.startswith("retry: ")
    found = []
    for block in response.text.split("\n\n")[1:]:
        lines = block.splitlines()
        if lines and lines[0].startswith("event: "):
            found.append((lines[0][7:], "\n".join(line[6:] for line in lines[1:] if line.startswith("data: "))))
    return found


def test_the_projector_counts_follow_the_participants(helper, participant, db):
    workshop_id, code = add_workshop(db, topic="1")
    screen = helper.get(f"/en/staff/workshops/{workshop_id}/screen")
    assert screen.status_code == 200 and code in screen.text and 'hx-trigger="every 5s"' in screen.text
    assert re.search(r'id="count-joined">0<', _counts(helper, workshop_id))
    _join(participant, code)
    saved = _post(participant, "/steps/1", tick="enjoy", go="list")
    assert saved.status_code == 303
    counts = _counts(helper, workshop_id)
    assert re.search(r'id="count-joined">1<', counts)
    assert re.search(r"Write down what you like to do[^<]*</dt><dd id=\"count-item-\d\">1<", counts)


def test_the_projector_shows_one_section_at_a_time(helper, db):
    workshop_id, _code = add_workshop(db, topic="1")
    first = helper.get(f"/en/staff/workshops/{workshop_id}/screen")
    assert "Part 1 of" in first.text and "Ask other people" not in first.text
    second = helper.get(f"/en/staff/workshops/{workshop_id}/screen?section=3")
    assert "Ask other people" in second.text and 'id="previous-section"' in second.text
    assert helper.get(f"/en/staff/workshops/{workshop_id}/screen?section=999").status_code == 200


def test_the_poll_is_answered_from_the_banner_and_shown_from_three_answers(helper, app, db):
    workshop_id, code = add_workshop(db)
    assert _post(helper, f"/staff/workshops/{workshop_id}/poll").status_code == 303
    people = []
    for n in range(3):
        c = TestClient(app, follow_redirects=False)
        c.__enter__()
        people.append(c)
        start_journey(c)
        _join(c, code)
        banner = c.get("/en/steps")
        assert "How ready do you feel for an interview?" in banner.text
        assert _post(c, "/workshop/poll", workshop=str(workshop_id), answer=str(n + 1)).status_code == 303
        counts = _counts(helper, workshop_id)
        if n < 2:
            assert "Waiting for at least 3 answers." in counts and 'id="poll-chart"' not in counts
        else:
            assert 'id="poll-chart"' in counts and "Waiting" not in counts
    unanswered = _post(people[0], "/workshop/poll", workshop=str(workshop_id))
    assert unanswered.status_code == 422 and "Choose one answer." in unanswered.text
    for c in people:
        c.__exit__(None, None, None)


def test_the_facilitator_closes_the_workshop_and_nobody_joins_after(helper, participant, db):
    workshop_id, code = add_workshop(db)
    assert _post(helper, f"/staff/workshops/{workshop_id}/close").status_code == 303
    assert "Ended: nobody can join" in helper.get(f"/en/staff/workshops/{workshop_id}").text
    listed = helper.get("/en/staff/workshops").text
    assert "No workshops planned." in listed and listed.index("Past workshops") < listed.index("tag-busy")
    assert _join(participant, code).status_code == 422


def test_the_facilitator_never_sees_an_answer_or_a_code_of_a_participant(helper, participant, db):
    workshop_id, code = add_workshop(db, topic="1")
    _join(participant, code)
    _post(participant, "/steps/1", tick="enjoy", **{"answer-proud": "My allotment on Elm Street", "go": "list"})
    for path in ("", "/screen", "/screen/counts"):
        page = helper.get(f"/en/staff/workshops/{workshop_id}{path}").text
        assert "Elm Street" not in page and participant.resume_code not in page
    assert re.search(r'id="count-joined">1<', _counts(helper, workshop_id))


def test_the_barriers_check_is_a_topic_whose_projector_shows_the_themes_and_counts_no_answer(helper, participant, db):
    new = helper.get("/en/staff/workshops/new")
    assert '<option value="barriers"' in new.text and "What stands in your way" in new.text
    workshop_id, code = add_workshop(db, topic="barriers")
    screen = helper.get(f"/en/staff/workshops/{workshop_id}/screen")
    assert screen.status_code == 200 and "What stands in your way" in screen.text
    themes = helper.get(f"/en/staff/workshops/{workshop_id}/screen?section=2")
    assert "Childcare and caring for someone" in themes.text and "Papers and ID" in themes.text
    assert re.search(r'Answered the check</dt><dd id="count-finished">0<', _counts(helper, workshop_id))
    _join(participant, code)
    saved = _post(participant, "/barriers", **{"barrier-childcare": "want_help", "barrier-money": "no_problem"})
    assert saved.status_code == 303
    counts = _counts(helper, workshop_id)
    assert re.search(r'id="count-joined">1<', counts)
    assert re.search(r'Answered the check</dt><dd id="count-finished">1<', counts)
    assert re.search(r'id="count-moved">1<', counts)
    # how many answered, never what: no theme, no answer on the facilitator's screen
    assert "Childcare" not in counts and "help" not in counts.lower().replace("helper", "")


def test_the_projector_connects_to_the_stream_which_sends_the_counts_as_they_change(helper, participant, db):
    workshop_id, code = add_workshop(db, topic="1")
    screen = helper.get(f"/en/staff/workshops/{workshop_id}/screen?section=2").text
    assert f'sse-connect="/en/staff/workshops/{workshop_id}/screen/stream?section=2"' in screen
    assert 'hx-ext="sse"' in screen and 'sse-close="end"' in screen and "vendor/htmx-ext-sse.min.js" in screen
    [(name, first)] = _events(helper, workshop_id)
    assert name == "counts" and re.search(r'id="count-joined">0<', first)
    assert first.lstrip().startswith('<div class="screen-counts-now" id="counts-now" sse-swap="counts"')
    _join(participant, code)
    assert _post(participant, "/steps/1", tick="enjoy", go="list").status_code == 303
    [(_name, now)] = _events(helper, workshop_id)
    assert re.search(r'id="count-joined">1<', now)
    assert re.search(r"Write down what you like to do[^<]*</dt><dd id=\"count-item-\d\">1<", now)
    assert now == _counts(helper, workshop_id).strip()  # the same markup as the poll's


def test_an_event_source_gets_the_counts_once_while_they_do_not_change(helper, db, monkeypatch):
    from guide.workshops import stream

    monkeypatch.setattr(stream, "STREAM_TICKS", 3)
    monkeypatch.setattr(stream, "STREAM_EVERY", 0.0)
    workshop_id, _code = add_workshop(db, topic="2")
    assert [name for name, _data in _events(helper, workshop_id, accept="text/event-stream")] == ["counts"]


def test_the_stream_ends_once_the_workshop_is_closed_and_is_another_partners_404(helper, db):
    workshop_id, _code = add_workshop(db)
    assert _post(helper, f"/staff/workshops/{workshop_id}/close").status_code == 303
    assert [name for name, _data in _events(helper, workshop_id)] == ["counts", "end"]
    coming, _code = add_workshop(db, starts_at=utcnow() + timedelta(hours=2))  # up before anyone can join: goes on
    assert [name for name, _data in _events(helper, coming)] == ["counts"]
    theirs, _code = add_workshop(db, partner="Stad Kortrijk", centre="kortrijk")
    assert helper.get(f"/en/staff/workshops/{theirs}/screen/stream").status_code == 404


def test_the_stream_never_shows_an_answer_and_hides_the_poll_under_three_answers(helper, app, participant, db):
    workshop_id, code = add_workshop(db, topic="1")
    assert _post(helper, f"/staff/workshops/{workshop_id}/poll").status_code == 303
    _join(participant, code)
    _post(participant, "/steps/1", tick="enjoy", **{"answer-proud": "My allotment on Elm Street", "go": "list"})
    others = []
    for n in range(3):
        c = TestClient(app, follow_redirects=False)
        c.__enter__()
        others.append(c)
        start_journey(c)
        _join(c, code)
        assert _post(c, "/workshop/poll", workshop=str(workshop_id), answer=str(n + 1)).status_code == 303
        [(_name, data)] = _events(helper, workshop_id)
        assert "Elm Street" not in data and participant.resume_code not in data
        if n < 2:
            assert "Waiting for at least 3 answers." in data and 'id="poll-chart"' not in data
        else:
            assert 'id="poll-chart"' in data and "Waiting" not in data
    for c in others:
        c.__exit__(None, None, None)


def test_a_facilitator_without_javascript_refreshes_the_counts_with_a_link(helper, participant, db):
    workshop_id, code = add_workshop(db, topic="1")
    screen = helper.get(f"/en/staff/workshops/{workshop_id}/screen?section=2").text
    link = re.search(r'<noscript><p class="screen-refresh"><a id="refresh-counts" href="([^"]+)">Refresh the counts<',
                     screen)
    assert link and link.group(1) == f"/en/staff/workshops/{workshop_id}/screen?section=2#live-counts"
    _join(participant, code)
    again = helper.get(link.group(1).split("#")[0]).text
    assert re.search(r'id="count-joined">1<', again) and "Part 2 of" in again


def test_each_look_of_the_stream_is_two_statements(helper, db, monkeypatch, count_queries):
    """The stream looks four times a second per projector: the workshop and its counts, nothing else (no session,
    no guide)."""
    from guide.workshops import stream

    monkeypatch.setattr(stream, "STREAM_EVERY", 0.0)
    workshop_id, _code = add_workshop(db, topic="2")
    statements = []
    for ticks in (1, 5):
        monkeypatch.setattr(stream, "STREAM_TICKS", ticks)
        with count_queries() as log:
            _events(helper, workshop_id, accept="text/event-stream")
        statements.append(len(log))
    assert statements[1] - statements[0] == 4 * 2
