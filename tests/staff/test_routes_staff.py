"""HTTP tests of the staff pages and the job seeker's sharing pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from guide.core.settings import get_settings
from guide.sessions.models import StaffSession
from guide.sharing.models import ClientView, CoachLink, ShareCode
from guide.staff.models import StaffAccount
from guide.web.security import SESSION_COOKIE, STAFF_COOKIE
from tests.conftest import (
    STAFF_PASSWORD,
    add_client,
    csrf_token,
    make_staff,
    share_code,
    sign_in_staff,
    start_journey,
)

LOCALES = ["nl", "fr", "en"]


@pytest.fixture
def other(app):  # noqa: ANN001, ANN201
    """A second browser."""
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def coach(other, db):  # noqa: ANN001, ANN201
    other.account = make_staff(db, "anna-coach")
    return sign_in_staff(other, db, other.account)


def _login(client, username, password, locale="en", **extra):  # noqa: ANN001, ANN003, ANN202
    data = {"username": username, "password": password, "csrf_token": csrf_token(client, locale), **extra}
    return client.post(f"/{locale}/staff/login", data=data)


# --- signing in ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_login_page_in_each_language(client, locale):
    response = client.get(f"/{locale}/staff/login")
    assert response.status_code == 200
    assert f'<html lang="{locale}"' in response.text
    assert 'autocomplete="current-password"' in response.text


def test_login_sets_a_staff_cookie_and_goes_to_next(client, db):
    make_staff(db, "anna-coach")
    response = _login(client, "Anna-Coach ", STAFF_PASSWORD, next="/en/staff/caseload")
    assert response.status_code == 303
    assert response.headers["location"] == "/en/staff/caseload"
    cookie = response.headers["set-cookie"].lower()
    assert f"{STAFF_COOKIE}=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/en/staff/caseload").status_code == 200


def test_login_ignores_a_next_that_leaves_the_staff_pages(client, db):
    make_staff(db, "anna-coach")
    response = _login(client, "anna-coach", STAFF_PASSWORD, next="//evil.example/staff/")
    assert response.headers["location"] == "/en/staff/caseload"  # a coach's own main page


def test_a_protected_page_sends_to_login_with_next(client):
    response = client.get("/fr/staff/caseload")
    assert response.status_code == 303
    assert response.headers["location"] == "/fr/staff/login?next=%2Ffr%2Fstaff%2Fcaseload"
    login = client.get(response.headers["location"])
    assert 'name="next" value="/fr/staff/caseload"' in login.text


def test_wrong_password_keeps_the_username_and_says_so(client, db):
    make_staff(db, "anna-coach")
    response = _login(client, "anna-coach", "wrong password here", locale="nl")
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    assert 'value="anna-coach"' in response.text
    assert "wrong password here" not in response.text
    assert STAFF_COOKIE not in response.headers.get("set-cookie", "")


def test_empty_fields_are_named(client):
    response = _login(client, "", "")
    assert response.status_code == 422
    assert 'href="#username"' in response.text and 'href="#password"' in response.text


def test_login_is_rate_limited_per_account(client, app, db):
    make_staff(db, "anna-coach")
    for _ in range(get_settings().login_attempts_per_account):
        assert _login(client, "anna-coach", "wrong password here").status_code == 422
    # even the right password waits now, and from another address-less browser too
    with TestClient(app, follow_redirects=False) as fresh:
        response = _login(fresh, "anna-coach", STAFF_PASSWORD)
    assert response.status_code == 429
    assert 'class="error-summary"' in response.text


def test_login_is_rate_limited_per_address(client, db, monkeypatch):
    monkeypatch.setattr(get_settings(), "login_attempts_per_address", 3)
    make_staff(db, "anna-coach")
    for n in range(3):
        assert _login(client, f"someone-{n}", "wrong password here").status_code == 422
    assert _login(client, "anna-coach", STAFF_PASSWORD).status_code == 429


def test_logout_ends_the_session(coach, db):
    token = coach.cookies.get(STAFF_COOKIE)
    response = coach.post("/en/staff/logout", data={"csrf_token": csrf_token(coach)})
    assert response.status_code == 303
    assert response.headers["location"] == "/en/staff/login?notice=signed_out"
    assert db.exec(select(StaffSession)).scalars().all() == []
    coach.cookies.set(STAFF_COOKIE, token)  # a copied cookie is worth nothing now
    assert coach.get("/en/staff/caseload").headers["location"].startswith("/en/staff/login")


def test_a_disabled_account_is_locked_out_at_once(coach, db, client):
    admin = make_staff(db, "the-admin", ("admin",))
    sign_in_staff(client, db, admin)
    response = client.post(f"/en/staff/accounts/{coach.account.id}/status",
                           data={"action": "disable", "csrf_token": csrf_token(client)})
    assert response.status_code == 303
    assert coach.get("/en/staff/caseload").headers["location"].startswith("/en/staff/login")
    assert _login(coach, "anna-coach", STAFF_PASSWORD).status_code == 422


def test_an_idle_session_expires(coach, db):
    row = db.exec(select(StaffSession)).scalars().one()
    row.last_seen_at -= timedelta(minutes=get_settings().staff_session_timeout_minutes + 1)
    db.add(row)
    db.commit()
    response = coach.get("/en/staff/caseload")
    assert response.headers["location"] == "/en/staff/login?next=%2Fen%2Fstaff%2Fcaseload&notice=expired"
    assert "Sign in again" in coach.get(response.headers["location"]).text


def test_staff_and_job_seeker_never_share_a_browser_session(client, db):
    make_staff(db, "anna-coach")
    start_journey(client)
    assert client.get("/en/steps").status_code == 200
    response = _login(client, "anna-coach", STAFF_PASSWORD)
    assert f'{SESSION_COOKIE}=""' in response.headers.get("set-cookie", "")  # the journey's cookie is cleared
    client.cookies.delete(SESSION_COOKIE)
    assert client.get("/en/steps").status_code == 303
    start_journey(client)  # and the other way round
    assert client.get("/en/staff/caseload").status_code == 303
    assert db.exec(select(StaffSession)).scalars().all() == []


def test_a_role_that_is_missing_gets_a_localised_403(client, db):
    sign_in_staff(client, db, make_staff(db, "ed-itor", ("editor",)))
    response = client.get("/nl/staff/caseload")
    assert response.status_code == 403
    assert '<html lang="nl"' in response.text


def test_staff_home_links_the_areas_of_each_role(client, db):
    sign_in_staff(client, db, make_staff(db, "both", ("coach", "admin")))
    text = client.get("/en/staff/").text
    assert 'href="/en/staff/caseload"' in text and 'href="/en/staff/accounts"' in text


# --- sharing and the caseload --------------------------------------------------------------------------------------


def test_share_code_adds_the_client_once(job_seeker, coach, db):
    code = share_code(job_seeker)
    assert re.fullmatch(r"\d{3} \d{3}", code)
    assert code.replace(" ", "") not in db.exec(select(ShareCode)).scalars().one().code_hash
    link_id = add_client(coach, code)
    assert db.get(CoachLink, link_id).show_answers is False
    response = coach.post("/en/staff/caseload", data={"code": code, "csrf_token": csrf_token(coach)})
    assert response.status_code == 422  # used up
    assert 'value="' + code + '"' in response.text


@pytest.mark.parametrize(("typed", "words"), [("12345", "6 digits"), ("abc def", "6 digits"), ("999 999", "expired")])
def test_a_wrong_share_code_is_explained(coach, typed, words):
    response = coach.post("/en/staff/caseload", data={"code": typed, "csrf_token": csrf_token(coach)})
    assert response.status_code == 422
    assert words in response.text
    assert 'href="#code"' in response.text


def test_an_expired_share_code_is_refused(job_seeker, coach, db):
    code = share_code(job_seeker)
    row = db.exec(select(ShareCode)).scalars().one()
    row.expires_at -= timedelta(minutes=16)
    db.add(row)
    db.commit()
    response = coach.post("/en/staff/caseload", data={"code": code, "csrf_token": csrf_token(coach)})
    assert response.status_code == 422
    assert db.exec(select(CoachLink)).scalars().all() == []


def test_wrong_share_codes_are_rate_limited(coach, job_seeker):
    code = share_code(job_seeker)
    for _ in range(get_settings().share_code_attempts):
        coach.post("/en/staff/caseload", data={"code": "000 001", "csrf_token": csrf_token(coach)})
    response = coach.post("/en/staff/caseload", data={"code": code, "csrf_token": csrf_token(coach)})
    assert response.status_code == 429


def test_share_page_needs_a_choice(job_seeker):
    response = job_seeker.post("/en/share", data={"csrf_token": csrf_token(job_seeker)})
    assert response.status_code == 422
    assert 'href="#answers-no"' in response.text


@pytest.mark.parametrize("locale", LOCALES)
def test_caseload_in_each_language(coach, locale):
    response = coach.get(f"/{locale}/staff/caseload")
    assert response.status_code == 200
    assert f'<html lang="{locale}"' in response.text


def test_caseload_filters_and_sorts(app, coach, db):
    from guide.journeys.models import Journey

    names = []
    for n in range(3):
        with TestClient(app, follow_redirects=False) as person:
            start_journey(person)
            add_client(coach, share_code(person))
            for step in range(1, n + 2):
                person.post(f"/en/steps/{step}", data={"action": "complete", "csrf_token": csrf_token(person)})
    links = db.exec(select(CoachLink).order_by(CoachLink.id)).scalars().all()
    quiet = db.get(Journey, links[0].journey_id)
    quiet.last_activity_at -= timedelta(days=20)
    db.add(quiet)
    db.commit()
    for link in links:
        names.append(f'href="/en/staff/clients/{link.id}"')
    by_progress = coach.get("/en/staff/caseload?sort=progress").text
    assert [by_progress.index(n) for n in reversed(names)] == sorted(by_progress.index(n) for n in names)
    quiet_page = coach.get("/en/staff/caseload?show=quiet").text
    assert names[0] in quiet_page and names[1] not in quiet_page
    active_page = coach.get("/en/staff/caseload?show=active").text
    assert names[0] not in active_page and names[1] in active_page
    assert names[0] not in coach.get("/en/staff/caseload?show=done").text
    assert coach.get("/en/staff/caseload?show=nonsense&sort=nonsense").status_code == 200


def _many_clients(db, coach_id: int, n: int) -> list[CoachLink]:  # noqa: ANN001
    """n shared journeys, client i with i % 11 steps done and last active i hours ago: made in the database."""
    from guide.core.db import writing
    from guide.core.models import utcnow
    from guide.journeys.models import Journey, StepProgress
    from guide.journeys.service import COMPLETED
    from guide.journeys.service import start_journey as begin
    from guide.sharing.service import create_share_code, redeem_share_code

    secret = get_settings().resolved_secret_key()
    with writing(db):
        for i in range(n):
            journey, _code = begin(db, secret, "medway", "en")
            db.add_all(StepProgress(journey_id=journey.id, centre_id=journey.centre_id, step=s, status=COMPLETED)
                       for s in range(1, i % 11 + 1))
            db.flush()
            code, _ = create_share_code(db, secret, journey, False, 15)
            redeem_share_code(db, secret, coach_id, code)
    with writing(db):
        mine = select(CoachLink).where(CoachLink.account_id == coach_id).order_by(CoachLink.id)
        links = db.exec(mine).scalars().all()
        for i, link in enumerate(links):
            journey = db.get(Journey, link.journey_id)
            journey.last_activity_at = utcnow() - timedelta(hours=i)
            db.add(journey)
    return list(links)


def _client_links(page: str) -> list[str]:
    return re.findall(r'href="/\w\w/staff/clients/(\d+)"', page)


def test_a_caseload_of_120_is_shown_50_a_page_keeping_the_sort_and_filter(coach, db):
    links = _many_clients(db, coach.account.id, 120)
    first = coach.get("/en/staff/caseload").text
    assert len(_client_links(first)) == 50
    assert "120 clients share their progress with you" in first and "Page 1 of 3." in first
    assert _client_links(first) == [str(link.id) for link in links[:50]]  # latest activity first
    assert 'href="?show=all&amp;sort=activity&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
    seen = [link for n in (1, 2, 3) for link in _client_links(coach.get(f"/en/staff/caseload?page={n}").text)]
    assert sorted(seen, key=int) == [str(link.id) for link in links]  # every client once, on one of the pages
    last = coach.get("/en/staff/caseload?page=3").text
    assert len(_client_links(last)) == 20 and 'rel="next"' not in last
    assert 'href="?show=all&amp;sort=activity&amp;page=2" rel="prev"' in last

    by_progress = [coach.get(f"/en/staff/caseload?sort=progress&page={n}").text for n in (1, 2, 3)]
    assert 'href="?show=all&amp;sort=progress&amp;page=2"' in by_progress[0]
    order = [int(link) for page in by_progress for link in _client_links(page)]
    done = {link.id: i % 11 for i, link in enumerate(links)}
    assert [done[link] for link in order] == sorted(done.values(), reverse=True)

    done_page = coach.get("/en/staff/caseload?show=done&sort=progress").text
    assert len(_client_links(done_page)) == 10 and "Page 1 of" not in done_page  # one page: no page links
    assert 'class="pagination"' not in done_page


@pytest.mark.parametrize("typed", ["0", "-1", "abc", "99", "1e3", "２", "9999999999"])
def test_a_caseload_page_number_out_of_range_or_not_a_number_shows_a_page(coach, db, typed):
    _many_clients(db, coach.account.id, 60)
    response = coach.get(f"/en/staff/caseload?page={typed}")
    assert response.status_code == 200
    assert len(_client_links(response.text)) in (50, 10)
    assert ("Page 2 of 2." in response.text) == (typed == "99")


@pytest.mark.parametrize(("locale", "words"), [("nl", "Pagina 2 van 2."), ("fr", "Page 2 sur 2.")])
def test_the_caseload_says_which_page_in_each_language(coach, db, locale, words):
    _many_clients(db, coach.account.id, 51)
    page = coach.get(f"/{locale}/staff/caseload?page=2").text
    assert words in page and len(_client_links(page)) == 1


# --- a client's page -----------------------------------------------------------------------------------------------


def _answer_step_1(person, text):  # noqa: ANN001, ANN202
    from guide.content.library import get_library

    step = get_library().step("en", 1)
    data = {f"answer-{step.questions[0].id}": text, "tick": step.checklist[0].id, "action": "complete"}
    person.post("/en/steps/1", data={**data, "csrf_token": csrf_token(person)})


@pytest.mark.parametrize(("answers", "shown"), [("no", False), ("yes", True)])
def test_client_page_shows_answers_only_when_shared(job_seeker, coach, answers, shown):
    _answer_step_1(job_seeker, "I like fixing bikes")
    link_id = add_client(coach, share_code(job_seeker, answers))
    page = coach.get(f"/en/staff/clients/{link_id}").text
    assert ("I like fixing bikes" in page) is shown
    assert "Completed" in page


def test_every_view_is_logged_and_the_client_sees_it(job_seeker, coach, db):
    link_id = add_client(coach, share_code(job_seeker))
    coach.get(f"/en/staff/clients/{link_id}")
    coach.get(f"/en/staff/clients/{link_id}")
    assert len(db.exec(select(ClientView)).scalars().all()) == 2
    page = job_seeker.get("/en/share").text
    assert "Anna Coach (Medway Council) viewed your progress on" in page


def test_stop_sharing_ends_access_at_once_and_keeps_the_log(job_seeker, coach, db):
    link_id = add_client(coach, share_code(job_seeker))
    coach.get(f"/en/staff/clients/{link_id}")
    response = job_seeker.post(f"/en/share/{link_id}/stop", data={"csrf_token": csrf_token(job_seeker)})
    assert response.status_code == 303
    assert coach.get(f"/en/staff/clients/{link_id}").status_code == 404
    assert f"/en/staff/clients/{link_id}" not in coach.get("/en/staff/caseload").text
    assert "viewed your progress" in job_seeker.get("/en/share").text


def test_a_job_seeker_cannot_stop_or_change_another_ones_share(app, job_seeker, coach):
    link_id = add_client(coach, share_code(job_seeker))
    with TestClient(app, follow_redirects=False) as stranger:
        start_journey(stranger)
        for action, data in (("stop", {}), ("answers", {"answers": "yes"})):
            response = stranger.post(f"/en/share/{link_id}/{action}", data={**data, "csrf_token": csrf_token(stranger)})
            assert response.status_code == 404
    assert coach.get(f"/en/staff/clients/{link_id}").status_code == 200


def test_the_job_seeker_can_show_answers_later(job_seeker, coach, db):
    _answer_step_1(job_seeker, "I like fixing bikes")
    link_id = add_client(coach, share_code(job_seeker, "no"))
    job_seeker.post(f"/en/share/{link_id}/answers", data={"answers": "yes", "csrf_token": csrf_token(job_seeker)})
    assert "I like fixing bikes" in coach.get(f"/en/staff/clients/{link_id}").text


def test_next_step_note_reaches_the_task_list(job_seeker, coach):
    link_id = add_client(coach, share_code(job_seeker))
    response = coach.post(f"/en/staff/clients/{link_id}/next-step",
                          data={"next_step": "Bring your CV", "csrf_token": csrf_token(coach)})
    assert response.status_code == 303
    page = job_seeker.get("/en/steps").text
    assert "Next time:" in page and "Bring your CV" in page


def test_too_long_texts_keep_what_was_typed(job_seeker, coach):
    link_id = add_client(coach, share_code(job_seeker))
    long_note = "Bring your CV. " * 20
    response = coach.post(f"/en/staff/clients/{link_id}/next-step",
                          data={"next_step": long_note, "csrf_token": csrf_token(coach)})
    assert response.status_code == 422
    assert long_note.strip() in response.text and 'href="#next_step"' in response.text
    data = {"label": "x" * 41, "csrf_token": csrf_token(coach)}
    response = coach.post(f"/en/staff/clients/{link_id}/label", data=data)
    assert response.status_code == 422
    assert "x" * 41 in response.text


def test_label_is_private_to_the_coach(app, job_seeker, coach, db):
    link_id = add_client(coach, share_code(job_seeker))
    coach.post(f"/en/staff/clients/{link_id}/label", data={"label": "JD-label", "csrf_token": csrf_token(coach)})
    assert "JD-label" in coach.get("/en/staff/caseload").text
    assert "JD-label" not in job_seeker.get("/en/share").text
    with TestClient(app, follow_redirects=False) as second:
        sign_in_staff(second, db, make_staff(db, "bert-coach"))
        link2 = add_client(second, share_code(job_seeker))
        assert "JD-label" not in second.get(f"/en/staff/clients/{link2}").text


def test_marks_are_saved_and_bad_values_dropped(job_seeker, coach):
    link_id = add_client(coach, share_code(job_seeker))
    data = {"mark-1": "strength", "mark-2": "support", "mark-3": "<script>", "csrf_token": csrf_token(coach)}
    assert coach.post(f"/en/staff/clients/{link_id}/marks", data=data).status_code == 303
    page = coach.get(f"/en/staff/clients/{link_id}").text
    assert re.search(r'id="mark-1-strength"[^>]*checked', page)
    assert re.search(r'id="mark-2-support"[^>]*checked', page)
    assert re.search(r'id="mark-3-unexplored"[^>]*checked', page)


def test_self_assessment_results_over_time(job_seeker, coach, db):
    from guide.assessment.models import AssessmentLevel, AssessmentTake
    from guide.core.models import utcnow
    from skills_audit.framework import get_framework

    link_id = add_client(coach, share_code(job_seeker))
    journey_id = db.get(CoachLink, link_id).journey_id
    first = get_framework().competence_ids()[0]
    for weeks, level in ((4, 1), (1, 4)):
        take = AssessmentTake(journey_id=journey_id, finished_at=utcnow() - timedelta(weeks=weeks))
        db.add(take)
        db.flush()
        db.add(AssessmentLevel(take_id=take.id, competence_id=first, level=level))
    db.add(AssessmentTake(journey_id=journey_id))  # unfinished: not shown
    db.commit()
    framework = get_framework()
    page = coach.get(f"/en/staff/clients/{link_id}").text
    assert framework.scale_label(1, "en") in page and framework.scale_label(4, "en") in page
    caseload = coach.get("/en/staff/caseload").text
    assert framework.competence_name(first, "en") in caseload
    assert framework.scale_label(4, "en") in caseload and framework.scale_label(1, "en") not in caseload


def test_a_client_id_that_is_not_a_number_is_a_4xx(coach):
    assert coach.get("/en/staff/clients/abc").status_code in (400, 404, 422)


def test_deleting_the_journey_removes_every_share(job_seeker, coach, db):
    link_id = add_client(coach, share_code(job_seeker))
    coach.get(f"/en/staff/clients/{link_id}")
    job_seeker.post("/en/delete", data={"confirm": "yes", "csrf_token": csrf_token(job_seeker)})
    assert db.exec(select(CoachLink)).scalars().all() == []
    assert db.exec(select(ClientView)).scalars().all() == []
    assert coach.get(f"/en/staff/clients/{link_id}").status_code == 404


# --- accounts ------------------------------------------------------------------------------------------------------


@pytest.fixture
def admin(client, db):  # noqa: ANN001, ANN201
    client.account = make_staff(db, "the-admin", ("admin",))
    return sign_in_staff(client, db, client.account)


def test_admin_adds_an_account_with_a_generated_password(admin, app, db):
    data = {"username": "new.coach", "display_name": "New Coach", "partner": "Medway Council", "roles": "coach",
            "languages": "nl", "csrf_token": csrf_token(admin)}
    response = admin.post("/en/staff/accounts/new", data=data)
    assert response.status_code == 200
    password = re.search(r'id="new-password">([^<]+)<', response.text).group(1)
    with TestClient(app, follow_redirects=False) as fresh:
        assert _login(fresh, "new.coach", password).status_code == 303


@pytest.mark.parametrize(("fields", "field"), [
    ({"username": "x"}, "username"),
    ({"username": "the-admin"}, "username"),
    ({"password": "short"}, "password"),
    ({"password": "qwerty123456"}, "password"),
    ({"password": "Password2024!"}, "password"),
    ({"roles": ""}, "roles"),
    ({"partner": "Stad Kortrijk"}, "partner"),  # not the admin's own partner
    ({"display_name": ""}, "display_name"),
])
def test_bad_account_input_is_explained_and_kept(admin, db, fields, field):
    data = {"username": "new.coach", "display_name": "New Coach", "partner": "Medway Council", "roles": "coach",
            **fields, "csrf_token": csrf_token(admin)}
    response = admin.post("/en/staff/accounts/new", data=data)
    assert response.status_code == 422
    assert f'href="#{field}"' in response.text
    assert 'value="New Coach"' in response.text or field == "display_name"
    assert db.exec(select(StaffAccount).where(StaffAccount.username == "new.coach")).first() is None


def test_admin_manages_only_their_own_partner(admin, db):
    outsider = make_staff(db, "kortrijk-coach", partner="Stad Kortrijk")
    assert admin.get(f"/en/staff/accounts/{outsider.id}").status_code == 404
    assert "kortrijk-coach" not in admin.get("/en/staff/accounts").text


def test_an_all_partners_admin_manages_everyone(client, db):
    sign_in_staff(client, db, make_staff(db, "root", ("admin",), all_partners=True))
    outsider = make_staff(db, "kortrijk-coach", partner="Stad Kortrijk")
    assert client.get(f"/en/staff/accounts/{outsider.id}").status_code == 200
    assert "kortrijk-coach" in client.get("/en/staff/accounts").text


def test_admin_cannot_lock_themselves_out(admin):
    account_id = admin.account.id
    response = admin.post(f"/en/staff/accounts/{account_id}/status",
                          data={"action": "disable", "csrf_token": csrf_token(admin)})
    assert response.status_code == 422
    response = admin.post(f"/en/staff/accounts/{account_id}",
                          data={"display_name": "Me", "roles": "coach", "csrf_token": csrf_token(admin)})
    assert response.status_code == 422
    assert admin.get("/en/staff/accounts").status_code == 200


def test_admin_changes_roles_and_languages(admin, db):
    target = make_staff(db, "ed-itor")
    data = {"display_name": "Ed Itor", "roles": ["editor", "coach"], "languages": ["fr", "nl"],
            "csrf_token": csrf_token(admin)}
    assert admin.post(f"/en/staff/accounts/{target.id}", data=data).status_code == 303
    from guide.staff.service import account_row

    row = account_row(db, db.get(StaffAccount, target.id))
    assert row.roles == ("coach", "editor") and row.languages == ("fr", "nl")


def test_a_new_password_signs_the_account_out(admin, coach, db):
    response = admin.post(f"/en/staff/accounts/{coach.account.id}/password", data={"csrf_token": csrf_token(admin)})
    assert response.status_code == 200
    assert 'id="new-password"' in response.text
    assert coach.get("/en/staff/caseload").status_code == 303


# --- changing one's own password -----------------------------------------------------------------------------------

NEW_PASSWORD = "Harbour-violet-stone-42"


def _change_password(client, current=STAFF_PASSWORD, new=NEW_PASSWORD, again=NEW_PASSWORD, locale="en"):  # noqa: ANN001, ANN202
    data = {"current_password": current, "new_password": new, "new_password_again": again,
            "csrf_token": csrf_token(client, locale)}
    return client.post(f"/{locale}/staff/password", data=data)


@pytest.mark.parametrize("locale", LOCALES)
def test_password_page_in_each_language_is_linked_from_the_header_and_the_home_page(coach, locale):
    home = coach.get(f"/{locale}/staff/").text
    assert home.count(f'href="/{locale}/staff/password"') == 2  # the header's link and the account summary's
    response = coach.get(f"/{locale}/staff/password")
    assert response.status_code == 200
    assert f'<html lang="{locale}"' in response.text
    assert f'action="/{locale}/staff/password"' in response.text and 'name="csrf_token"' in response.text
    for field, autocomplete in (("current_password", "current-password"), ("new_password", "new-password"),
                                ("new_password_again", "new-password")):
        assert re.search(rf'<label class="label-strong" for="{field}">', response.text)
        assert re.search(rf'type="password" id="{field}" name="{field}" value="" autocomplete="{autocomplete}"',
                         response.text)
    assert 'aria-current="page"' in response.text  # the header's link says where you are
    assert 'id="new_password-hint"' in response.text and "12" in response.text


def test_changing_ones_password_keeps_this_browser_signed_in_and_ends_the_others(client, coach, db):
    elsewhere = sign_in_staff(client, db, coach.account)  # the same person, in a second browser
    assert elsewhere.get("/en/staff/caseload").status_code == 200
    response = _change_password(coach)
    assert response.status_code == 303
    assert response.headers["location"] == "/en/staff/?notice=password_changed"
    home = coach.get(response.headers["location"])
    assert home.status_code == 200 and 'role="status"' in home.text
    assert "signed out on every other computer" in home.text
    assert coach.get("/en/staff/caseload").status_code == 200
    assert elsewhere.get("/en/staff/caseload").headers["location"].startswith("/en/staff/login")
    assert len(db.exec(select(StaffSession)).scalars().all()) == 1
    db.rollback()  # hand the connection back now: a test client that closes disposes the engine's pool
    assert _login(elsewhere, "anna-coach", STAFF_PASSWORD).status_code == 422
    assert _login(elsewhere, "anna-coach", NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(("typed", "field", "words"), [
    ({"current": ""}, "current_password", "Enter your current password"),
    ({"current": "not-my-password-at-all"}, "current_password", "current password is not right"),
    ({"new": "", "again": ""}, "new_password", "Enter a new password"),
    ({"new": "short-pass", "again": "short-pass"}, "new_password", "at least 12 characters"),
    ({"new": "Password2024!", "again": "Password2024!"}, "new_password", "too common"),
    ({"again": ""}, "new_password_again", "second time"),
    ({"again": "Harbour-violet-stone-43"}, "new_password_again", "not the same"),
    ({"new": STAFF_PASSWORD, "again": STAFF_PASSWORD}, "new_password", "same as your current"),
])
def test_each_password_problem_is_explained_by_its_field_and_nothing_typed_comes_back(coach, typed, field, words):
    response = _change_password(coach, **typed)
    assert response.status_code == 422
    text = response.text
    assert f'href="#{field}"' in text and f'id="{field}-error"' in text and words in text
    assert "<title>Error: " in text
    for typed_value in {STAFF_PASSWORD, NEW_PASSWORD, *typed.values()} - {""}:
        assert typed_value not in text
    assert 'value=""' in text and "type all three passwords once more" in text
    assert coach.get("/en/staff/caseload").status_code == 200  # still signed in


def test_password_errors_are_localised(coach):
    response = _change_password(coach, current="", locale="fr")
    assert response.status_code == 422
    assert '<html lang="fr"' in response.text
    assert "Enter your current password" not in response.text


def test_the_password_form_cannot_be_used_to_guess(app, coach, db):
    for n in range(get_settings().login_attempts_per_account):
        assert _change_password(coach, current=f"wrong-guess-number-{n}").status_code == 422
    response = _change_password(coach)  # the right one waits too
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.text and 'href="#current_password"' in response.text
    with TestClient(app, follow_redirects=False) as fresh:  # and so does signing in to that account
        assert _login(fresh, "anna-coach", STAFF_PASSWORD).status_code == 429
    assert db.get(StaffAccount, coach.account.id).password_hash == coach.account.password_hash


def test_the_password_form_needs_its_csrf_token(coach):
    data = {"current_password": STAFF_PASSWORD, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    response = coach.post("/en/staff/password", data=data)
    assert response.status_code in (400, 403)
    with TestClient(coach.app, follow_redirects=False) as fresh:
        assert _login(fresh, "anna-coach", STAFF_PASSWORD).status_code == 303
