"""HTTP tests of every job-seeker route."""

import re

import pytest
from sqlalchemy import select

from guide.content.library import get_library
from guide.journeys.models import Answer, ChecklistTick, Journey
from tests.conftest import csrf_token, start_journey
from tests.html import element, htmx_swap

LOCALES = ["nl", "fr", "en"]


def _form(client, locale="en", **fields):
    return {"csrf_token": csrf_token(client, locale), **fields}


def _step(locale, n):
    return get_library().step(locale, n)


# --- language and start -----------------------------------------------------------------------


def test_first_page_offers_each_language_in_its_own_name(client):
    response = client.get("/")
    assert response.status_code == 200
    for code, name in [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]:
        assert f'href="/{code}/"' in response.text
        assert name in response.text


@pytest.mark.parametrize("locale", LOCALES)
def test_start_page_in_each_language(client, locale):
    response = client.get(f"/{locale}/")
    assert response.status_code == 200
    assert f'<html lang="{locale}"' in response.text
    for centre in get_library().centres.values():
        assert centre.name(locale) in response.text


def test_the_start_page_is_one_shell_for_all_with_each_visitor_s_own_token_and_notice(make_client):
    first, second = make_client(), make_client()
    pages = [first.get("/en/"), second.get("/en/"), first.get("/en/?notice=stopped"), first.get("/en/?notice=made-up")]
    tokens = [re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1) for page in pages]
    assert tokens[0] != tokens[1] and tokens[0] == tokens[2]  # each browser its own token, the shell shared
    assert "You have stopped." in pages[2].text
    assert 'role="status"' not in pages[0].text and 'role="status"' not in pages[3].text
    assert pages[3].text.replace(tokens[3], "") == pages[0].text.replace(tokens[0], "")


def test_unknown_locale_is_a_404_in_english_with_links_to_every_language(client):
    response = client.get("/de/steps")
    assert response.status_code == 404
    assert '<html lang="en"' in response.text
    for code in LOCALES:
        assert f'href="/{code}/"' in response.text


def test_unknown_page_inside_a_language_is_a_localised_404(client):
    response = client.get("/fr/nowhere")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.text


def test_start_gives_a_code_and_a_session_cookie(client, db):
    response = client.post("/en/start", data=_form(client, centre="medway"))
    assert response.status_code == 200
    code = re.search(r'id="resume-code">([A-Z0-9-]+)<', response.text).group(1)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert "<svg" in response.text  # the QR code
    cookie = response.headers["set-cookie"].lower()
    assert "ts_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    journeys = db.exec(select(Journey)).scalars().all()
    assert len(journeys) == 1
    assert code.replace("-", "") not in journeys[0].code_hash


def test_start_without_a_centre_shows_the_error(client, db):
    response = client.post("/nl/start", data=_form(client, "nl"))
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    assert 'href="#centre"' in response.text
    assert db.exec(select(Journey)).scalars().all() == []


def test_start_with_an_unknown_centre_is_refused(client):
    response = client.post("/en/start", data=_form(client, centre="atlantis"))
    assert response.status_code == 422


def test_post_without_csrf_token_is_refused(client, db):
    client.get("/en/")
    response = client.post("/en/start", data={"centre": "medway", "csrf_token": "forged"})
    assert response.status_code == 403
    assert "Traceback" not in response.text
    assert db.exec(select(Journey)).scalars().all() == []


# --- task list and steps ----------------------------------------------------------------------


def test_task_list_needs_a_session(client):
    response = client.get("/en/steps")
    assert response.status_code == 303
    assert response.headers["location"] == "/en/?notice=start"


def test_forged_session_goes_back_to_start_with_a_message(client):
    client.cookies.set("ts_session", "forged-token")
    response = client.get("/fr/steps")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/fr/?notice=")
    page = client.get(response.headers["location"])
    assert 'class="notice"' in page.text


def test_task_list_shows_ten_steps_not_started(job_seeker):
    response = job_seeker.get("/en/steps")
    assert response.status_code == 200
    assert "0 of 10 steps completed" in response.text
    for n in range(1, 11):
        assert f'href="/en/steps/{n}"' in response.text
    assert response.text.count("Not started") == 10


@pytest.mark.parametrize("n", ["0", "11", "abc", "-1", "1.5"])
def test_step_outside_one_to_ten_is_404(job_seeker, n):
    assert job_seeker.get(f"/en/steps/{n}").status_code == 404


@pytest.mark.parametrize("locale", LOCALES)
def test_each_step_renders_in_each_language(job_seeker, locale):
    for n in range(1, 11):
        response = job_seeker.get(f"/{locale}/steps/{n}")
        assert response.status_code == 200
        step = _step(locale, n)
        assert step.title.replace("'", "&#39;") in response.text
        for item in step.checklist:
            assert f'value="{item.id}"' in response.text


def test_step_page_shows_local_help_from_the_centre(job_seeker):
    response = job_seeker.get("/en/steps/1")
    centre = get_library().centres["medway"]
    _, entries = centre.help_for("en", 1)
    assert entries and entries[0].name.replace("'", "&#39;") in response.text


def test_saving_a_step_keeps_ticks_and_answers(job_seeker, db):
    step = _step("en", 1)
    item, q = step.checklist[0].id, step.questions[0].id
    data = _form(job_seeker, tick=[item], **{f"answer-{q}": "I cook for ten people", "go": "list"})
    response = job_seeker.post("/en/steps/1", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == "/en/steps#step-1"
    listing = job_seeker.get("/en/steps").text
    assert "In progress" in listing
    page = job_seeker.get("/en/steps/1").text
    assert f'value="{item}" id="tick-{item}" checked' in page
    assert "I cook for ten people</textarea>" in page


def test_two_people_on_the_same_step_each_see_only_their_own_values(app, job_seeker):
    """The step page is rendered once per shape and filled per person: the second person, whose page comes from
    the same shape, gets their own ticks, answers and form token, and what they typed is escaped."""
    from fastapi.testclient import TestClient

    step = _step("en", 4)
    first_item, second_item = step.checklist[0].id, step.checklist[1].id
    q = step.questions[0].id
    job_seeker.post("/en/steps/4", data=_form(job_seeker, tick=[first_item], **{f"answer-{q}": "Bicycle and tram 42",
                                                                                  "go": "list"}))
    with TestClient(app, follow_redirects=False) as other:
        start_journey(other)
        typed = '<script>alert(1)</script> \x00tick\x1fx\x00 & more'
        other.post("/en/steps/4", data=_form(other, tick=[second_item], **{f"answer-{q}": typed, "go": "list"}))
        mine, theirs = job_seeker.get("/en/steps/4").text, other.get("/en/steps/4").text
        assert f'id="tick-{first_item}" checked' in mine and f'id="tick-{second_item}" checked' not in mine
        assert f'id="tick-{second_item}" checked' in theirs and f'id="tick-{first_item}" checked' not in theirs
        assert "Bicycle and tram 42</textarea>" in mine and "Bicycle and tram 42" not in theirs
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in theirs and "<script>alert" not in theirs
        assert "\x00" not in mine + theirs  # no mark left unfilled; a pasted NUL is dropped, not stored
        assert "tick\x1fx" not in theirs and "tickx &amp; more</textarea>" in theirs
        assert csrf_token(job_seeker) in mine and csrf_token(other) in theirs
        assert csrf_token(job_seeker) != csrf_token(other)


def test_completing_a_step_counts(job_seeker):
    response = job_seeker.post("/en/steps/2", data=_form(job_seeker, action="complete"))
    assert response.status_code == 303
    assert "1 of 10 steps completed" in job_seeker.get("/en/steps").text


def test_a_page_from_before_the_buttons_changed_still_saves(job_seeker, db):
    """A step page left open over a deploy still sends its old "Save" button: what it holds is saved all the same."""
    response = job_seeker.post("/en/steps/4", data=_form(job_seeker, action="save", tick=["route"]))
    assert response.status_code == 303
    assert response.headers["location"].startswith("/en/steps/4")
    assert db.exec(select(ChecklistTick.item_id)).scalars().all() == ["route"]


# --- moving between steps, finishing one --------------------------------------------------------


@pytest.mark.parametrize(("go", "target"), [("next", "/en/steps/5"), ("previous", "/en/steps/3"),
                                            ("list", "/en/steps#step-4")])
def test_every_way_off_a_step_saves_what_was_typed_without_javascript(job_seeker, db, go, target):
    step = _step("en", 4)
    q = step.questions[0].id
    data = _form(job_seeker, tick=[step.checklist[1].id], go=go, **{f"answer-{q}": "The 7:40 bus, then a walk"})
    response = job_seeker.post("/en/steps/4", data=data)
    assert response.status_code == 303
    assert response.headers["location"] == target
    assert db.exec(select(Answer.text)).scalars().all() == ["The 7:40 bus, then a walk"]
    assert db.exec(select(ChecklistTick.item_id)).scalars().all() == [step.checklist[1].id]
    assert "In progress" in element(job_seeker.get("/en/steps").text, "status-4")


@pytest.mark.parametrize("number", [1, 5, 10])
def test_a_step_page_has_no_link_that_drops_what_was_typed_and_one_primary_button(job_seeker, number):
    main = element(job_seeker.get(f"/en/steps/{number}").text, "main")
    assert 'href="/en/steps' not in main  # "Back", "Previous step" and "Next step" are buttons of the form
    ways = re.findall(r'<button class="link-button[^"]*" type="submit" form="step-form" name="go" value="(\w+)"', main)
    assert ways == ["list"] + (["previous"] if number > 1 else []) + (["next"] if number < 10 else [])
    buttons = re.findall(r'<button class="button( button-secondary)?" type="submit" name="(\w+)" value="(\w+)">'
                         r"([^<]+)</button>", element(main, "step-form"))
    assert buttons == [("", "action", "complete", "I have finished this step"),
                       (" button-secondary", "go", "list", "Save and go back to my steps")]
    assert len(re.findall(r'class="button"', main)) == 1  # step 5's self-assessment panel has secondary buttons


def test_the_step_page_says_how_answers_are_saved_with_and_without_javascript(job_seeker):
    page = job_seeker.get("/en/steps/2").text
    mode = element(page, "save-mode")
    assert '<span class="when-js">Your answers are saved as you type.</span>' in mode
    assert '<span class="when-no-js">Your answers are saved when you press a button.</span>' in mode
    assert "when you press a button" not in element(page, "save-status")  # the live region says only what happened
    assert "Saved at" not in element(page, "save-status")


@pytest.mark.parametrize("locale", LOCALES)
def test_finishing_a_step_says_well_done_and_leads_to_the_next_unfinished_step(job_seeker, locale):
    job_seeker.post(f"/{locale}/steps/3", data=_form(job_seeker, locale, action="complete"))
    response = job_seeker.post(f"/{locale}/steps/2", data=_form(job_seeker, locale, action="complete"))
    assert response.status_code == 303
    assert response.headers["location"] == f"/{locale}/steps?done=2#done-banner"
    page = job_seeker.get(response.headers["location"].split("#")[0]).text
    banner = element(page, "done-banner")
    assert 'role="alert"' in banner and "data-autofocus" in banner and 'tabindex="-1"' in banner
    assert _step(locale, 2).title.replace("'", "&#39;") in banner
    assert _step(locale, 4).title.replace("'", "&#39;") in banner  # step 3 is finished already: step 4 is next
    assert f'href="/{locale}/steps/4"' in element(banner, "done-continue")
    assert len(re.findall(r'class="button"', element(page, "main"))) == 1  # the banner's is the one primary button
    assert page.index('id="done-banner"') < page.index("<h1")
    assert 'id="done-banner"' not in job_seeker.get(f"/{locale}/steps?done=5").text  # not finished: no banner


def test_after_the_last_step_the_banner_leads_to_my_plan(job_seeker):
    for n in [*range(1, 8), 9, 10]:
        job_seeker.post(f"/en/steps/{n}", data=_form(job_seeker, action="complete"))
    banner = element(job_seeker.get("/en/steps?done=10").text, "done-banner")
    assert 'href="/en/steps/8"' in banner  # it looks on from step 10, then from the start
    job_seeker.post("/en/steps/8", data=_form(job_seeker, action="complete"))
    banner = element(job_seeker.get("/en/steps?done=8").text, "done-banner")
    assert "You have finished all ten steps" in banner and 'href="/en/plan"' in banner
    job_seeker.post("/en/steps/6", data=_form(job_seeker, action="save"))  # saving keeps it finished
    assert 'id="done-banner"' in job_seeker.get("/en/steps?done=6").text
    start_over = job_seeker.get("/en/steps?done=11").text + job_seeker.get("/en/steps?done=x").text
    assert 'id="done-banner"' not in start_over


def test_step_three_stores_the_sector(job_seeker, db):
    job_seeker.post("/en/steps/3", data=_form(job_seeker, sector="construction", go="list"))
    assert db.exec(select(Journey)).scalars().one().sector == "construction"
    assert 'id="sector-construction" checked' in job_seeker.get("/en/steps/3").text


def test_unknown_sector_gets_a_message_and_nothing_stored(job_seeker, db):
    response = job_seeker.post("/en/steps/3", data=_form(job_seeker, sector="astronaut", go="next"))
    assert response.status_code == 422
    assert 'href="#sector"' in response.text
    assert db.exec(select(Journey)).scalars().one().sector is None


def test_too_long_answer_is_kept_in_the_field_and_nothing_saved(job_seeker, db):
    step = _step("fr", 2)
    q = step.questions[0].id
    long_text = "Mon histoire. " * 400  # about 5,600 characters
    item = step.checklist[0].id
    response = job_seeker.post(
        "/fr/steps/2", data=_form(job_seeker, "fr", tick=[item], **{f"answer-{q}": long_text, "action": "complete"})
    )
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    assert f'href="#answer-{q}"' in response.text
    assert long_text.strip() in response.text  # the whole text is still in the field
    assert f'id="tick-{item}" checked' in response.text
    assert db.exec(select(Answer)).scalars().all() == []
    assert db.exec(select(ChecklistTick)).scalars().all() == []


def test_htmx_save_answers_with_a_small_fragment(job_seeker, db):
    step = _step("en", 1)
    q = step.questions[0].id
    response = job_seeker.post(
        "/en/steps/1/save",
        data=_form(job_seeker, tick=[step.checklist[1].id], **{f"answer-{q}": "Gardening"}),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="save-status"' in response.text
    assert "Saved at" in response.text
    assert len(response.content) < 2048
    assert db.exec(select(Answer)).scalars().one().text == "Gardening"


def test_htmx_fragment_applied_to_the_page_equals_a_fresh_render(job_seeker):
    step = _step("en", 1)
    q = step.questions[0].id
    before = job_seeker.get("/en/steps/1").text
    item = step.checklist[0].id
    data = _form(job_seeker, tick=[item], **{f"answer-{q}": "Listening"})
    fragment = job_seeker.post("/en/steps/1/save", data=data, headers={"HX-Request": "true"}).text
    # What the browser holds: the old page, with what the person typed, then the swap.
    typed = before.replace(f'value="{item}" id="tick-{item}"', f'value="{item}" id="tick-{item}" checked', 1)
    typed = typed.replace(f'name="answer-{q}" rows="5"', f'name="answer-{q}" rows="5"', 1)
    start = typed.index(f'id="answer-{q}"')
    close = typed.index("</textarea>", start)
    typed = typed[:close] + "Listening" + typed[close:]
    swapped = htmx_swap(typed, fragment, "/en/steps/1/save")
    fresh = job_seeker.get("/en/steps/1").text
    assert element(swapped, "main") == element(fresh, "main")


def test_htmx_save_of_a_too_long_answer_explains_and_stores_nothing(job_seeker, db):
    q = _step("nl", 5).questions[0].id
    response = job_seeker.post(
        "/nl/steps/5/save", data=_form(job_seeker, "nl", **{f"answer-{q}": "x" * 6000}), headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert "6.000" in response.text  # the count, formatted the Dutch way
    assert db.exec(select(Answer)).scalars().all() == []


def test_save_without_javascript_on_the_save_url_renders_the_page(job_seeker):
    response = job_seeker.post("/en/steps/1/save", data=_form(job_seeker))
    assert response.status_code == 200
    assert "<html" in response.text


# --- resume -----------------------------------------------------------------------------------


def test_resume_in_another_language_finds_everything(client):
    code = start_journey(client, "fr", "grande-synthe")
    step = _step("fr", 1)
    q = step.questions[0].id
    client.post("/fr/steps/1", data=_form(client, "fr", tick=[step.checklist[0].id], **{f"answer-{q}": "Je chante"}))
    client.cookies.clear()
    assert client.get("/nl/steps").status_code == 303
    typed = " " + code.lower().replace("-", " ") + " "
    response = client.post("/nl/resume", data=_form(client, "nl", code=typed))
    assert response.status_code == 303
    assert response.headers["location"] == "/nl/steps"
    page = client.get("/nl/steps/1").text
    assert "Je chante</textarea>" in page
    assert f'id="tick-{step.checklist[0].id}" checked' in page


def test_resume_page_prefills_the_code_from_the_qr_link(client):
    response = client.get("/en/resume?code=ACDE-FGHJ-KMNP")
    assert 'value="ACDE-FGHJ-KMNP"' in response.text


def test_malformed_code_keeps_what_was_typed(client):
    response = client.post("/en/resume", data=_form(client, code="abc-12"))
    assert response.status_code == 422
    assert 'value="abc-12"' in response.text
    assert 'href="#code"' in response.text


def test_unknown_code_gets_a_clear_message(client):
    response = client.post("/fr/resume", data=_form(client, "fr", code="ACDE-FGHJ-KMNP"))
    assert response.status_code == 422
    assert 'value="ACDE-FGHJ-KMNP"' in response.text
    assert 'class="error-message"' in response.text


def test_code_entry_is_rate_limited(client, monkeypatch):
    from guide.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "resume_attempts", 3)
    code = start_journey(client)
    client.cookies.clear()
    for _ in range(3):
        assert client.post("/en/resume", data=_form(client, code="ACDE-FGHJ-KMNP")).status_code == 422
    blocked = client.post("/en/resume", data=_form(client, code=code))
    assert blocked.status_code == 429
    assert f'value="{code}"' in blocked.text


# --- plan, stop, delete -----------------------------------------------------------------------


def test_plan_shows_every_step_tick_and_answer(job_seeker):
    step = _step("en", 8)
    q = step.questions[0].id
    job_seeker.post("/en/steps/8", data=_form(job_seeker, tick=[step.checklist[0].id], **{f"answer-{q}": "Punctual"}))
    page = job_seeker.get("/en/plan")
    assert page.status_code == 200
    for s in get_library().all_steps("en"):
        assert s.title.replace("'", "&#39;") in page.text
    assert "Punctual" in page.text
    assert "Done:" in page.text


def test_stop_ends_the_session_and_clears_the_browser(job_seeker):
    response = job_seeker.post("/en/stop", data=_form(job_seeker))
    assert response.status_code == 303
    assert response.headers["location"] == "/en/?notice=stopped"
    assert "cookies" in response.headers["clear-site-data"]
    assert job_seeker.get("/en/steps").status_code == 303


def test_stopped_session_cannot_be_replayed(client):
    start_journey(client)
    token = client.cookies.get("ts_session")
    client.post("/en/stop", data=_form(client))
    client.cookies.set("ts_session", token)
    assert client.get("/en/steps").status_code == 303


def test_session_ends_after_inactivity(job_seeker, monkeypatch):
    from guide.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "session_timeout_minutes", 0)
    response = job_seeker.get("/en/steps")
    assert response.status_code == 303
    assert response.headers["location"] == "/en/?notice=timeout"


def _browser_session(db):
    from guide.sessions.models import BrowserSession

    db.expire_all()
    return db.exec(select(BrowserSession)).scalars().one_or_none()


def test_step_page_ends_a_timed_out_session(job_seeker, db, monkeypatch):
    from guide.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "session_timeout_minutes", 0)
    response = job_seeker.get("/en/steps/2")
    assert response.status_code == 303
    assert response.headers["location"] == "/en/?notice=timeout"
    assert _browser_session(db) is None


def test_step_page_notes_activity_at_most_once_a_minute(job_seeker, db):
    from datetime import timedelta

    from guide.core.models import utcnow
    from guide.core.timeutil import as_utc

    row = _browser_session(db)
    recent = utcnow() - timedelta(seconds=20)
    row.last_seen_at = recent
    db.commit()
    assert job_seeker.get("/en/steps/2").status_code == 200
    assert as_utc(_browser_session(db).last_seen_at) == recent  # seen 20 s ago: nothing written

    row = _browser_session(db)
    row.last_seen_at = utcnow() - timedelta(minutes=5)
    db.commit()
    before = utcnow()
    assert job_seeker.get("/en/steps/5").status_code == 200
    assert as_utc(_browser_session(db).last_seen_at) >= before - timedelta(seconds=1)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "beacon"])
def test_a_save_as_you_go_does_not_keep_the_session_alive(job_seeker, db, htmx):
    # The page sends saves on its own (a pause in typing, the blur when the time-out warning takes the focus):
    # they store the answer but leave the session's last-seen time, and so its end, where it was.
    from datetime import timedelta

    from guide.core.models import utcnow
    from guide.core.timeutil import as_utc

    q = _step("en", 1).questions[0].id
    row = _browser_session(db)
    seen = utcnow() - timedelta(minutes=5)
    row.last_seen_at = seen
    db.commit()
    headers = {"HX-Request": "true"} if htmx else {}
    response = job_seeker.post("/en/steps/1/save", data=_form(job_seeker, **{f"answer-{q}": "Kept"}), headers=headers)
    assert response.status_code == 200
    assert as_utc(_browser_session(db).last_seen_at) == seen
    assert db.exec(select(Answer.text)).scalars().all() == ["Kept"]


def test_a_save_after_the_time_out_is_refused_and_ends_the_session(job_seeker, db):
    from datetime import timedelta

    from guide.core.models import utcnow

    q = _step("en", 1).questions[0].id
    row = _browser_session(db)
    row.last_seen_at = utcnow() - timedelta(minutes=20)
    db.commit()
    response = job_seeker.post(
        "/en/steps/1/save", data=_form(job_seeker, **{f"answer-{q}": "Late"}), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response.headers["hx-redirect"] == "/en/?notice=timeout"
    assert _browser_session(db) is None
    assert db.exec(select(Answer)).scalars().all() == []


def test_keepalive_notes_the_person_at_once(job_seeker, db):
    from datetime import timedelta

    from guide.core.models import utcnow
    from guide.core.timeutil import as_utc

    row = _browser_session(db)
    row.last_seen_at = utcnow() - timedelta(seconds=20)  # a page view would write nothing yet
    db.commit()
    before = utcnow()
    assert job_seeker.post("/en/session/keepalive", data=_form(job_seeker)).status_code == 204
    assert as_utc(_browser_session(db).last_seen_at) >= before - timedelta(seconds=1)


def test_typing_for_half_an_hour_keeps_the_session_and_saves_alone_do_not(job_seeker, db, monkeypatch):
    # A clock the test moves: a person types for 30 minutes; the page saves every few seconds and tells the server
    # once a minute that they are there. Then only saves come (a page left open, the warning's blur): it ends.
    from datetime import timedelta

    import guide.sessions.deps
    import guide.sessions.service
    from guide.core.models import utcnow

    clock = [utcnow()]
    monkeypatch.setattr(guide.sessions.service, "utcnow", lambda: clock[0])
    monkeypatch.setattr(guide.sessions.deps, "utcnow", lambda: clock[0])
    q = _step("en", 1).questions[0].id
    token = csrf_token(job_seeker)
    htmx = {"HX-Request": "true"}

    def save(text: str) -> int:
        data = {"csrf_token": token, f"answer-{q}": text}
        return job_seeker.post("/en/steps/1/save", data=data, headers=htmx).status_code

    for minute in range(30):
        clock[0] += timedelta(seconds=30)
        assert save(f"minute {minute}") == 200
        clock[0] += timedelta(seconds=30)
        assert job_seeker.post("/en/session/keepalive", data={"csrf_token": token}).status_code == 204
    assert job_seeker.get("/en/steps/1").status_code == 200
    for _ in range(19):
        clock[0] += timedelta(minutes=1)
        assert save("still typed, nobody there") == 200
    clock[0] += timedelta(minutes=1, seconds=1)
    assert save("too late") == 204  # HX-Redirect to the start page
    assert _browser_session(db) is None


@pytest.mark.parametrize("minutes, page_seconds", [(20, 1140), (2, 108), (0.1, 5.4)])
def test_the_page_ends_the_session_a_touch_interval_before_the_server(job_seeker, monkeypatch, minutes, page_seconds):
    # The server may have written the last-seen time up to a touch interval early (a minute, or a tenth of a
    # shorter time-out): the page gives up that much sooner, so it never shows a session the server has ended.
    from guide.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "session_timeout_minutes", minutes)
    for path in ("/en/steps", "/en/steps/1"):
        body = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', re.search(r"<body[^>]*>", job_seeker.get(path).text)[0]))
        assert float(body["data-timeout"]) == pytest.approx(page_seconds)
        assert float(body["data-presence-every"]) == pytest.approx(minutes * 60 - page_seconds)


@pytest.mark.parametrize("cookie, notice", [(None, "start"), ("forged-token", "timeout")])
def test_step_page_without_a_live_session_goes_to_the_start(client, cookie, notice):
    if cookie:
        client.cookies.set("ts_session", cookie)
    response = client.get("/en/steps/3")
    assert response.status_code == 303
    assert response.headers["location"] == f"/en/?notice={notice}"


def test_journey_pages_are_not_cached(job_seeker):
    assert job_seeker.get("/en/steps").headers["cache-control"] == "no-store"


def test_delete_asks_first_then_erases_everything(job_seeker, db):
    code = job_seeker.resume_code
    assert job_seeker.get("/en/delete").status_code == 200
    assert db.exec(select(Journey)).scalars().all() != []
    response = job_seeker.post("/en/delete", data=_form(job_seeker, confirm="yes"))
    assert response.status_code == 303
    assert response.headers["location"] == "/en/?notice=deleted"
    assert db.exec(select(Journey)).scalars().all() == []
    again = job_seeker.post("/en/resume", data=_form(job_seeker, code=code))
    assert again.status_code == 422


def test_delete_without_confirmation_deletes_nothing(job_seeker, db):
    response = job_seeker.post("/en/delete", data=_form(job_seeker))
    assert response.status_code == 422
    assert len(db.exec(select(Journey)).scalars().all()) == 1


# --- the frame around every page ---------------------------------------------------------------


def test_language_switcher_keeps_the_page(job_seeker):
    page = job_seeker.get("/en/steps/6").text
    assert 'href="/nl/steps/6"' in page and 'href="/fr/steps/6"' in page


def test_security_headers(client):
    response = client.get("/en/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "httponly" in response.headers["set-cookie"].lower()


def test_static_assets_are_served_by_the_app(client):
    page = client.get("/en/").text
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        response = client.get(src)
        assert response.status_code == 200, src
        assert "max-age=31536000" in response.headers["cache-control"]


def test_wrong_method_is_a_friendly_page(client):
    response = client.put("/en/start")
    assert response.status_code == 405
    assert "<html" in response.text


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok"
