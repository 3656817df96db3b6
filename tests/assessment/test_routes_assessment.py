"""HTTP tests of every self-assessment route, bad input included, and of the htmx fragments."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from guide.assessment.models import AssessmentAnswer, AssessmentLevel, AssessmentTake
from guide.assessment.service import finish_take, record_answer, start_take
from guide.content.library import get_library
from guide.core.db import writing
from guide.journeys.models import Journey, StepProgress
from skills_audit.framework import get_framework
from tests.conftest import csrf_token, start_journey
from tests.html import element, htmx_swap

FW = get_framework()
IDS = FW.statement_ids()
TOTAL = len(IDS)
LOCALES = ["nl", "fr", "en"]
HTMX = {"HX-Request": "true"}


def _form(client, locale="en", **fields):
    return {"csrf_token": csrf_token(client, locale), **fields}


def _count(db, model):
    return db.execute(select(func.count()).select_from(model)).scalar()


def _start(client, locale="en") -> str:
    """Start (or continue) a take through the web; returns the first question's address."""
    response = client.post(f"/{locale}/assessment/start", data=_form(client, locale))
    assert response.status_code == 303
    return response.headers["location"]


def _take_id(url: str) -> int:
    return int(re.search(r"/assessment/(\d+)/", url).group(1))


def _answer(client, url, value, locale="en", action="answer"):
    data = _form(client, locale, action=action)
    if value is not None:
        data["answer"] = str(value)
    return client.post(url, data=data)


def _answer_all(client, locale="en", values=None) -> int:
    """Answer every statement (value per position, default 3) and finish; returns the take id."""
    url = _start(client, locale)
    take_id = _take_id(url)
    for n in range(TOTAL):
        value = values[n] if values else 3
        response = _answer(client, url, value, locale, action="skip" if value is None else "answer")
        assert response.status_code == 303
        url = response.headers["location"]
    assert url == f"/{locale}/assessment/{take_id}/check"
    finished = client.post(f"/{locale}/assessment/{take_id}/finish", data=_form(client, locale))
    assert finished.status_code == 303
    assert finished.headers["location"] == f"/{locale}/assessment/{take_id}/result"
    return take_id


def _nl_journey(client):
    client.resume_code = start_journey(client, "nl", "kortrijk")
    return client


# --- every page needs a journey --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/en/assessment", "/en/assessment/1/questions/on-time", "/en/assessment/1/check", "/en/assessment/1/result"],
)
def test_every_page_needs_a_session(client, path):
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == "/en/?notice=start"


def test_unknown_language_is_a_404(job_seeker):
    assert job_seeker.get("/de/assessment").status_code == 404


# --- the overview and starting ------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_overview_explains_and_offers_to_start(job_seeker, locale):
    response = job_seeker.get(f"/{locale}/assessment")
    assert response.status_code == 200
    assert f'<html lang="{locale}"' in response.text
    assert f'action="/{locale}/assessment/start"' in response.text
    assert str(TOTAL) in response.text


def test_start_leads_to_the_first_statement_and_a_second_start_continues(job_seeker, db):
    url = _start(job_seeker)
    assert url.endswith(f"/questions/{IDS[0]}")
    _answer(job_seeker, url, 2)
    again = _start(job_seeker)
    assert again.endswith(f"/questions/{IDS[1]}")
    assert _count(db, AssessmentTake) == 1
    overview = job_seeker.get("/en/assessment").text
    assert f"You have answered 1 of {TOTAL} questions." in overview
    assert f'href="{again}"' in overview


# --- one statement per page ----------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_a_question_page_in_each_language(client, locale):
    start_journey(client, locale)
    url = _start(client, locale)
    page = client.get(url).text
    assert FW.statement_text(IDS[0], locale) in page.replace("&#39;", "'")
    assert re.search(rf"\b1\b.*\b{TOTAL}\b", element(page, "question-count"))
    for level in FW.scale:
        assert f'id="answer-{level.value}" value="{level.value}"' in page
        assert FW.scale_label(level.value, locale) in page
    assert 'name="action" value="skip"' in page
    assert f'hx-post="{url}"' in page


def test_the_question_says_which_number_it_is(job_seeker):
    url = _start(job_seeker)
    take_id = _take_id(url)
    page = job_seeker.get(f"/en/assessment/{take_id}/questions/{IDS[4]}").text
    assert f"Question 5 of {TOTAL}" in page
    assert f'href="/en/assessment/{take_id}/questions/{IDS[3]}"' in page  # back
    first = job_seeker.get(url).text
    assert 'class="back"><a href="/en/assessment"' in first  # back from the first goes to the overview


def test_an_answer_is_saved_as_given_and_leads_on(job_seeker, db):
    url = _start(job_seeker)
    response = _answer(job_seeker, url, 4)
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/questions/{IDS[1]}")
    row = db.exec(select(AssessmentAnswer)).scalars().one()
    assert (row.statement_id, row.value) == (IDS[0], 4)
    assert 'id="answer-4" value="4" checked' in job_seeker.get(url).text


def test_the_scale_id_is_accepted_too(job_seeker, db):
    url = _start(job_seeker)
    assert _answer(job_seeker, url, "usually").status_code == 303
    assert db.exec(select(AssessmentAnswer.value)).scalars().one() == 3


def test_skip_saves_a_skipped_answer(job_seeker, db):
    url = _start(job_seeker)
    response = _answer(job_seeker, url, 2, action="skip")  # a choice made and then skipped: skipped wins
    assert response.status_code == 303
    row = db.exec(select(AssessmentAnswer)).scalars().one()
    assert (row.statement_id, row.value) == (IDS[0], None)
    page = job_seeker.get(url).text
    assert "You skipped this question before." in page
    assert " checked" not in element(page, "answer-form")


def test_back_and_change_then_on_to_the_next_open_statement(job_seeker, db):
    url = _start(job_seeker)
    take_id = _take_id(url)
    for _ in range(3):
        url = _answer(job_seeker, url, 1).headers["location"]
    first = f"/en/assessment/{take_id}/questions/{IDS[0]}"
    response = _answer(job_seeker, first, 4)
    assert response.headers["location"].endswith(f"/questions/{IDS[3]}")  # not back to 2 and 3: they are done
    answers = dict(db.exec(select(AssessmentAnswer.statement_id, AssessmentAnswer.value)).all())
    assert answers == {IDS[0]: 4, IDS[1]: 1, IDS[2]: 1}


def test_answering_puts_step_five_in_progress(job_seeker, db):
    _answer(job_seeker, _start(job_seeker), 3)
    assert db.exec(select(StepProgress.step, StepProgress.status)).all() == [(5, "in_progress")]
    listing = job_seeker.get("/en/steps").text
    assert "In progress" in element(listing, "status-5")


# --- bad input: a 4xx, a clear message, nothing stored --------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "0", "5", "2.5", "-1", "yes", "Usually"])
def test_no_answer_or_one_off_the_scale_shows_the_question_again(job_seeker, db, value):
    url = _start(job_seeker)
    response = _answer(job_seeker, url, value)
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text
    assert 'href="#answer-1"' in response.text
    assert 'id="answer-error"' in response.text
    assert "<title>Error:" in response.text
    assert _count(db, AssessmentAnswer) == 0


def test_the_message_is_in_the_pages_language(client, db):
    _nl_journey(client)
    url = _start(client, "nl")
    response = _answer(client, url, "9", "nl")
    assert response.status_code == 422
    assert '<html lang="nl"' in response.text
    assert "Choose the answer that fits you best" not in response.text


def test_an_unknown_statement_is_a_404_and_stores_nothing(job_seeker, db):
    take_id = _take_id(_start(job_seeker))
    assert job_seeker.get(f"/en/assessment/{take_id}/questions/no-such-thing").status_code == 404
    response = _answer(job_seeker, f"/en/assessment/{take_id}/questions/no-such-thing", 3)
    assert response.status_code == 404
    assert "We could not find this question" in response.text
    assert "Traceback" not in response.text
    assert _count(db, AssessmentAnswer) == 0


@pytest.mark.parametrize("take", ["abc", "0", "999999", "-1", "1e3", "9" * 30])
def test_an_unknown_take_is_a_404(job_seeker, db, take):
    _start(job_seeker)
    for path in (f"/en/assessment/{take}/questions/{IDS[0]}", f"/en/assessment/{take}/check",
                 f"/en/assessment/{take}/result"):
        assert job_seeker.get(path).status_code == 404, path
    response = _answer(job_seeker, f"/en/assessment/{take}/questions/{IDS[0]}", 3)
    assert response.status_code == 404
    assert job_seeker.post(f"/en/assessment/{take}/finish", data=_form(job_seeker)).status_code == 404
    assert _count(db, AssessmentAnswer) == 0


def test_another_journeys_take_is_a_404_and_stays_untouched(client, db):
    start_journey(client)
    their_url = _start(client)
    _answer(client, their_url, 2)
    take_id = _take_id(their_url)
    client.cookies.clear()
    start_journey(client, "fr", "grande-synthe")  # someone else, on the same PC
    mine = f"/fr/assessment/{take_id}/questions/{IDS[0]}"
    assert client.get(mine).status_code == 404
    response = _answer(client, mine, 4, "fr")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.text
    assert client.get(f"/fr/assessment/{take_id}/check").status_code == 404
    assert client.post(f"/fr/assessment/{take_id}/finish", data=_form(client, "fr")).status_code == 404
    assert client.get(f"/fr/assessment/{take_id}/result").status_code == 404
    assert db.exec(select(AssessmentAnswer.value)).scalars().all() == [2]
    assert db.get(AssessmentTake, take_id).finished_at is None


def test_an_answer_to_a_finished_take_is_a_409_and_changes_nothing(job_seeker, db):
    take_id = _answer_all(job_seeker)
    url = f"/en/assessment/{take_id}/questions/{IDS[0]}"
    response = _answer(job_seeker, url, 1)
    assert response.status_code == 409
    assert "already finished" in response.text
    assert f'href="/en/assessment/{take_id}/result"' in response.text
    assert set(db.exec(select(AssessmentAnswer.value)).scalars().all()) == {3}
    # the old page's links lead to the result instead
    assert job_seeker.get(url).headers["location"] == f"/en/assessment/{take_id}/result"
    assert job_seeker.get(f"/en/assessment/{take_id}/check").headers["location"].endswith("/result")


def test_a_form_without_its_csrf_token_is_refused(job_seeker, db):
    url = _start(job_seeker)
    response = job_seeker.post(url, data={"answer": "3", "csrf_token": "forged"})
    assert response.status_code == 403
    assert _count(db, AssessmentAnswer) == 0
    take_id = _take_id(url)
    assert job_seeker.post(f"/en/assessment/{take_id}/finish", data={}).status_code == 403
    assert db.get(AssessmentTake, take_id).finished_at is None


# --- check your answers, finish ------------------------------------------------------------------------


def test_check_page_lists_every_statement_with_a_change_link(job_seeker):
    url = _start(job_seeker)
    take_id = _take_id(url)
    url = _answer(job_seeker, url, 4).headers["location"]
    _answer(job_seeker, url, None, action="skip")
    page = job_seeker.get(f"/en/assessment/{take_id}/check").text
    assert f"You answered 1 of {TOTAL} questions and skipped 1." in page
    assert f"{TOTAL - 2} questions have no answer yet" in page
    for sid in IDS:
        assert f'href="/en/assessment/{take_id}/questions/{sid}"' in page
    assert "Yes, easily" in element(page, f"row-{IDS[0]}")
    assert "Skipped" in element(page, f"row-{IDS[1]}")
    assert "Not answered yet" in element(page, f"row-{IDS[2]}")
    assert f'action="/en/assessment/{take_id}/finish"' in page


def test_finishing_scores_every_competence_once(job_seeker, db):
    values = [4] * 8 + [1] * (TOTAL - 8)
    take_id = _answer_all(job_seeker, values=values)
    levels = dict(db.exec(select(AssessmentLevel.competence_id, AssessmentLevel.level)).all())
    assert set(levels) == set(FW.competence_ids())
    assert levels["self-confidence"] == 4 and levels["learning"] == 1
    assert db.get(AssessmentTake, take_id).finished_at is not None
    again = job_seeker.post(f"/en/assessment/{take_id}/finish", data=_form(job_seeker))  # a double click
    assert again.status_code == 303 and again.headers["location"].endswith("/result")
    assert _count(db, AssessmentLevel) == len(FW.competences)


def test_the_result_of_an_open_take_sends_to_the_check_page(job_seeker):
    take_id = _take_id(_start(job_seeker))
    response = job_seeker.get(f"/en/assessment/{take_id}/result")
    assert response.status_code == 303
    assert response.headers["location"] == f"/en/assessment/{take_id}/check"


# --- the result ----------------------------------------------------------------------------------------


def test_result_names_things_done_well_then_things_to_practise_with_ideas(job_seeker):
    # self-confidence (4 statements) high, motivation (3) low, everything else "usually"
    values = [4, 4, 4, 4, 1, 2, 1] + [3] * (TOTAL - 7)
    take_id = _answer_all(job_seeker, values=values)
    page = job_seeker.get(f"/en/assessment/{take_id}/result").text
    done_well, practise = element(page, "done-well"), element(page, "to-practise")
    assert page.index('id="done-well"') < page.index('id="to-practise"')
    assert "Self-confidence" in done_well and "Motivation and goals" not in done_well
    for sid in FW.competence("self-confidence").statements:
        assert FW.statement_text(sid, "en").replace("'", "&#39;") in element(page, f"done-well-{sid}")
    for sid in FW.competence("motivation").statements:
        assert FW.statement_text(sid, "en").replace("'", "&#39;") in element(page, f"practise-{sid}")
    # "not yet" before "sometimes", each with what the person answered
    assert practise.index("practise-know-what-i-want") < practise.index("practise-small-steps")
    assert "You answered: Not yet" in element(page, "practise-keep-going")
    assert "You answered: Sometimes" in element(page, "practise-small-steps")
    for suggestion in FW.competence("motivation").suggestions:
        assert FW.suggestion_text(suggestion.id, "en").replace("'", "&#39;") in practise
        title = get_library().step("en", suggestion.step).title.replace("'", "&#39;")
        assert f'href="/en/steps/{suggestion.step}">Step {suggestion.step}: {title}</a>' in practise
    # a skill's description only where every statement of it was answered high
    assert FW.competence_description("self-confidence", "en") in element(page, "done-well-self-confidence")
    assert FW.competence_description("motivation", "en") not in page


@pytest.mark.parametrize("locale", LOCALES)
def test_one_not_yet_is_named_to_practise_and_no_level_is_described_that_was_not_given(client, locale):
    """The case a job seeker met: "not yet" to "I let people know in time…", every other answer higher. The mean
    rounds reliability to "usually"; the result must still name that statement, kindly, and say nothing the person
    did not say: no "nothing stands out", no description of being reliable."""
    start_journey(client, locale)
    values = [4 if sid != "let-people-know" else 1 for sid in IDS]
    take_id = _answer_all(client, locale, values=values)
    page = client.get(f"/{locale}/assessment/{take_id}/result").text
    practise = element(page, "to-practise")
    statement = FW.statement_text("let-people-know", locale).replace("'", "&#39;")
    assert statement in element(page, "practise-let-people-know")
    assert FW.scale_label(1, locale) in element(page, "practise-let-people-know")
    assert practise.count("<li id=\"practise-") == 1
    assert statement not in element(page, "done-well")
    assert FW.competence_description("reliability", locale).replace("'", "&#39;") not in page
    for cid in FW.competence_ids():  # every other skill was answered "yes, easily" throughout: described
        if cid != "reliability":
            assert FW.competence_description(cid, locale).replace("'", "&#39;") in element(page, f"done-well-{cid}")
    for said_before in NOTHING_STANDS_OUT[locale]:
        assert said_before not in page
    assert FW.scale_label(3, locale) in element(page, "level-reliability")  # the average, in the one table


# What the result used to say in such a case, in each language.
NOTHING_STANDS_OUT = {
    "en": ("Nothing stands out", "you do well at every skill"),
    "nl": ("Er springt niets uit", "bij alle vaardigheden"),
    "fr": ("Rien ne ressort", "à l’aise dans toutes les compétences"),
}


def test_the_result_shows_its_levels_once_in_one_table(job_seeker):
    take_id = _answer_all(job_seeker, values=[None] * 4 + [2] * (TOTAL - 4))
    page = job_seeker.get(f"/en/assessment/{take_id}/result").text
    assert "<svg" not in page  # no chart saying the table again
    table = element(page, "levels-table")
    assert table.count('<th scope="row">') == len(FW.competences)
    assert table.count("<td>Sometimes</td>") == len(FW.competences) - 1
    assert "Not enough answers" in element(page, "level-self-confidence")
    assert page.count("Motivation and goals") == 2  # once among the things to practise, once in the table
    assert "You skipped 4 questions" in element(page, "skipped")
    assert "This time you did not answer “Usually” or “Yes, easily” to any sentence" in element(page, "done-well")


def _two_takes(db, journey_id, first_values, second_values):
    """Two finished takes, in March and in June, made through the domain so their dates can be set."""
    journey = db.get(Journey, journey_id)
    march = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
    ids = []
    for when, values in ((march, first_values), (march + timedelta(days=92), second_values)):
        with writing(db):
            take = start_take(db, journey, now=when)
            for sid, value in zip(IDS, values, strict=True):
                record_answer(db, journey, take.id, sid, value, now=when)
            finish_take(db, journey, take.id, now=when + timedelta(minutes=15))
        ids.append(take.id)
    return ids


def test_taking_it_again_shows_the_change_in_the_table_with_the_dates_in_the_pages_language(client, db):
    _nl_journey(client)
    journey_id = db.exec(select(Journey.id)).scalars().one()
    first = [2] * 4 + [3] * 3 + [4] * 4 + [None] * (TOTAL - 11)
    second = [4] * 4 + [3] * 3 + [1] * 4 + [2] * (TOTAL - 11)
    first_id, second_id = _two_takes(db, journey_id, first, second)
    page = client.get(f"/nl/assessment/{second_id}/result").text
    table = element(page, "levels-table")
    assert "12 maart 2026" in table and "12 juni 2026" in table  # Babel's month names, in Dutch
    assert table.count('<th scope="col">') == 4  # skill, first time, this time, change
    rows = {cid: element(page, f"level-{cid}") for cid in ("self-confidence", "motivation", "teamwork", "learning")}
    assert FW.scale_label(2, "nl") in rows["self-confidence"] and FW.scale_label(4, "nl") in rows["self-confidence"]
    changes = [re.findall(r"<td>(.*?)</td>", row)[-1] for row in rows.values()]
    assert len(set(changes)) == 4  # higher, the same, lower, not comparable: four different words
    assert f'href="/nl/assessment/{first_id}/result"' in page
    assert 'id="change"' not in page  # the change is in the table, not said again in a list
    # the first take's own result compares with nothing
    first_page = client.get(f"/nl/assessment/{first_id}/result").text
    assert element(first_page, "levels-table").count('<th scope="col">') == 2


def test_take_again_starts_a_new_take_and_keeps_the_old_one(job_seeker, db):
    first_id = _answer_all(job_seeker)
    result = job_seeker.get(f"/en/assessment/{first_id}/result").text
    assert 'action="/en/assessment/start"' in element(result, "again")
    url = _start(job_seeker)
    assert _take_id(url) != first_id
    assert url.endswith(f"/questions/{IDS[0]}")
    overview = job_seeker.get("/en/assessment").text
    assert f'href="/en/assessment/{first_id}/result"' in overview
    assert _count(db, AssessmentTake) == 2


# --- where the assessment is offered ----------------------------------------------------------------------


def test_task_list_and_step_five_offer_it_and_follow_its_state(job_seeker):
    for path in ("/en/steps", "/en/steps/5"):
        panel = element(job_seeker.get(path).text, "assessment-panel")
        assert 'href="/en/assessment"' in panel and "Start the self-assessment" in panel
    assert 'id="assessment-panel"' not in job_seeker.get("/en/steps/4").text
    url = _start(job_seeker)
    url = _answer(job_seeker, url, 3).headers["location"]
    panel = element(job_seeker.get("/en/steps").text, "assessment-panel")
    assert f'href="{url}"' in panel and "Continue the self-assessment" in panel
    take_id = _take_id(url)
    job_seeker.post(f"/en/assessment/{take_id}/finish", data=_form(job_seeker))
    panel = element(job_seeker.get("/en/steps/5").text, "assessment-panel")
    assert f'href="/en/assessment/{take_id}/result"' in panel


def test_my_plan_shows_the_last_result_as_the_result_page_does_and_every_take_s_date(client, db):
    _nl_journey(client)
    journey_id = db.exec(select(Journey.id)).scalars().one()
    latest = [4 if sid != "on-time" else 1 for sid in IDS]
    first_id, second_id = _two_takes(db, journey_id, [2] * TOTAL, latest)
    plan = element(client.get("/nl/plan").text, "plan-assessment")
    assert "12 maart 2026" in plan and "12 juni 2026" in plan
    assert f'href="/nl/assessment/{first_id}/result"' in plan and f'href="/nl/assessment/{second_id}/result"' in plan
    assert FW.statement_text("on-time", "nl") in element(plan, "plan-practise-on-time")
    assert FW.statement_text("let-people-know", "nl") in element(plan, "plan-done-well-let-people-know")
    assert FW.competence_description("reliability", "nl") not in plan
    assert "<table" not in plan


def test_the_panel_counts_what_the_last_result_names(job_seeker):
    take_id = _answer_all(job_seeker, values=[1, 2] + [None] * 3 + [3] * (TOTAL - 5))
    for path in ("/en/steps", "/en/steps/5"):
        panel = element(job_seeker.get(path).text, "assessment-panel")
        assert f'href="/en/assessment/{take_id}/result"' in panel
        counts = element(panel, "assessment-panel-counts")
        assert f"{TOTAL - 5} things you do well" in counts and "2 things to practise" in counts
        assert "At the end you see what you do well and what you can practise." in panel


def test_resuming_with_the_code_goes_to_the_next_unanswered_statement(client):
    code = start_journey(client)
    url = _start(client)
    for _ in range(4):
        url = _answer(client, url, 2).headers["location"]
    client.cookies.clear()
    response = client.post("/nl/resume", data=_form(client, "nl", code=code))
    assert response.status_code == 303
    assert response.headers["location"] == f"/nl/assessment/{_take_id(url)}/questions/{IDS[4]}"
    assert client.get(response.headers["location"]).status_code == 200


def test_resuming_without_an_open_take_goes_to_the_task_list(client):
    code = start_journey(client)
    _answer_all(client)
    client.cookies.clear()
    assert client.post("/en/resume", data=_form(client, code=code)).headers["location"] == "/en/steps"


def test_delete_my_data_erases_the_assessment(job_seeker, db):
    _answer_all(job_seeker)
    _answer(job_seeker, _start(job_seeker), 2)
    assert job_seeker.post("/en/delete", data=_form(job_seeker, confirm="yes")).status_code == 303
    for model in (AssessmentTake, AssessmentAnswer, AssessmentLevel):
        assert _count(db, model) == 0, model


# --- htmx: the fragment is the next page's part, exactly ---------------------------------------------------


def test_htmx_answer_swaps_in_the_next_question_as_a_fresh_page_would_show_it(job_seeker):
    url = _start(job_seeker)
    before = job_seeker.get(url).text
    response = _answer_htmx(job_seeker, url, 3)
    assert response.status_code == 200
    assert "<html" not in response.text
    following = response.headers["HX-Push-Url"]
    assert following.endswith(f"/questions/{IDS[1]}")
    fresh = job_seeker.get(following).text
    swapped = htmx_swap(before, response.text, url)
    assert element(swapped, "main") == element(fresh, "main")
    assert _title(response.text) == _title(fresh)


def test_htmx_last_answer_swaps_in_the_check_page(job_seeker):
    url = _start(job_seeker)
    take_id = _take_id(url)
    for sid in IDS[:-1]:
        _answer(job_seeker, f"/en/assessment/{take_id}/questions/{sid}", 2)
    last = f"/en/assessment/{take_id}/questions/{IDS[-1]}"
    before = job_seeker.get(last).text
    response = _answer_htmx(job_seeker, last, None, action="skip")
    assert response.headers["HX-Push-Url"] == f"/en/assessment/{take_id}/check"
    fresh = job_seeker.get(f"/en/assessment/{take_id}/check").text
    assert element(htmx_swap(before, response.text, last), "main") == element(fresh, "main")
    assert _title(response.text) == _title(fresh)


def test_htmx_answer_without_a_choice_swaps_in_the_message(job_seeker, db):
    url = _start(job_seeker)
    before = job_seeker.get(url).text
    response = _answer_htmx(job_seeker, url, None)
    assert response.status_code == 422
    full = _answer(job_seeker, url, None)
    assert element(htmx_swap(before, response.text, url), "main") == element(full.text, "main")
    assert _title(response.text) == _title(full.text)
    assert _count(db, AssessmentAnswer) == 0


def test_htmx_answer_to_a_finished_take_replaces_the_main_area_with_the_message(job_seeker, db):
    take_id = _answer_all(job_seeker)
    response = _answer_htmx(job_seeker, f"/en/assessment/{take_id}/questions/{IDS[0]}", 1)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#main"
    assert "<html" not in response.text and "already finished" in response.text
    assert set(db.exec(select(AssessmentAnswer.value)).scalars().all()) == {3}


def _answer_htmx(client, url, value, action="answer"):
    data = _form(client, action=action)
    if value is not None:
        data["answer"] = str(value)
    return client.post(url, data=data, headers=HTMX)


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
