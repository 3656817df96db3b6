"""Every route of the app, tried by every kind of visitor: the answer each one gets is written down.

The staff routes are in tests/staff/test_staff_authorisation.py's table; the job seekers' and the public ones are
here. Together the two tables must name every route: a new route without an entry fails the first test, so nobody
adds a page without deciding who may use it. Then every route with a path parameter is tried with values that name
nothing (ids of 2^31, 2^63 and more, negative, not a number): never a server error. An id that cannot exist is a 404
for everybody, before anything is looked up; any other parameter is checked once the visitor is let in.
"""

from __future__ import annotations

from datetime import date

import pytest
from httpx2 import Response

from skills_audit.framework import get_framework
from tests.security.conftest import NOT_ROW_IDS, Cast, Persona, declared_ids, fill, path_params, route_table
from tests.staff.test_staff_authorisation import DONE, LOGIN, PERSONAS
from tests.staff.test_staff_authorisation import EXPECTED as STAFF_EXPECTED

START = "start"  # 303 to the start page: a job seeker's page without a job seeker's session
REFUSED = {LOGIN, START, 403}


def _all(answer) -> dict:  # noqa: ANN001
    return dict.fromkeys(PERSONAS, answer)


def _own(ok) -> dict:  # noqa: ANN001
    """A job seeker's page: only the browser with the journey's session; staff sessions are not journeys."""
    return {**_all(START), "job_seeker": ok}


# A training started this month: never before the cast's journey, never to come.
THIS_MONTH = {"kind": "training", "month": str(date.today().month), "year": str(date.today().year)}

# (method, path) -> (form data, expected answer per persona); "{name}" in a form value is one of the cast's ids.
EXPECTED: dict[tuple[str, str], tuple[dict | None, dict]] = {
    ("GET", "/healthz"): (None, _all(200)),
    ("GET", "/audio/{name}"): (None, _all(200)),  # speech for a text of the guide, the same for everybody (listen)
    ("GET", "/audio/recorded/{name}"): (None, _all(200)),  # a partner's recording of a text, the same for everybody
    ("GET", "/"): (None, _all(200)),  # the choice of language
    ("GET", "/{locale}/"): (None, _all(200)),
    ("POST", "/{locale}/start"): ({"centre": "medway"}, _all(200)),  # anyone may start a journey
    ("GET", "/{locale}/resume"): (None, _all(200)),
    ("POST", "/{locale}/resume"): ({"code": "ACDE-FGHJ-KMNP"}, _all(422)),  # not a code anyone has
    ("GET", "/{locale}/steps"): (None, _own(200)),
    ("GET", "/{locale}/steps/{n}"): (None, _own(200)),
    ("POST", "/{locale}/steps/{n}"): ({"action": "later"}, _own(DONE)),
    ("POST", "/{locale}/steps/{n}/save"): ({}, _own(200)),
    # "Was this clear?" (guide.feedback): sent from a step or the result page, in the session those pages need
    ("GET", "/{locale}/steps/{n}/feedback"): (None, _own(200)),
    ("POST", "/{locale}/steps/{n}/feedback"): ({"clear": "yes"}, _own(DONE)),
    ("GET", "/{locale}/assessment/feedback"): (None, _own(200)),
    ("POST", "/{locale}/assessment/feedback"): ({"clear": "partly", "take": "{take}"}, _own(DONE)),
    ("GET", "/{locale}/plan"): (None, _own(200)),
    ("POST", "/{locale}/stop"): ({}, _all(DONE)),  # nothing to stop is no error
    ("POST", "/{locale}/session/keepalive"): ({}, _own(204)),
    ("GET", "/{locale}/delete"): (None, _own(200)),
    ("POST", "/{locale}/delete"): ({"confirm": "yes"}, _own(DONE)),
    ("GET", "/{locale}/assessment"): (None, _own(200)),
    ("POST", "/{locale}/assessment/start"): ({}, _own(DONE)),
    ("GET", "/{locale}/assessment/{take}/questions/{statement_id}"): (None, _own(200)),
    ("POST", "/{locale}/assessment/{take}/questions/{statement_id}"): ({"answer": "{answer}"}, _own(DONE)),
    ("GET", "/{locale}/assessment/{take}/check"): (None, _own(200)),
    ("POST", "/{locale}/assessment/{take}/finish"): ({}, _own(DONE)),
    ("GET", "/{locale}/assessment/{take}/result"): (None, _own(DONE)),  # not finished: to "check your answers"
    ("GET", "/{locale}/share"): (None, _own(200)),
    ("POST", "/{locale}/share"): ({"answers": "no"}, _own(200)),
    ("POST", "/{locale}/share/{link_id}/stop"): ({}, _own(DONE)),
    ("POST", "/{locale}/share/{link_id}/answers"): ({"answers": "yes"}, _own(DONE)),
    ("POST", "/{locale}/share/{link_id}/barriers"): ({"barriers": "no"}, _own(DONE)),
    ("POST", "/{locale}/share/{link_id}/outcomes"): ({"outcomes": "no"}, _own(DONE)),
    # what stands in the way (issue 16): the job seeker's own check
    # a job seeker's neighbourhood (issue 16): the cast's centre (Medway) has none, so both lead back to the steps
    ("GET", "/{locale}/neighbourhood"): (None, _own(DONE)),
    ("POST", "/{locale}/neighbourhood"): ({"neighbourhood": ""}, _own(DONE)),
    ("GET", "/{locale}/barriers"): (None, _own(200)),
    ("POST", "/{locale}/barriers"): ({"barrier-childcare": "want_help", "barrier-money": "not_now"}, _own(DONE)),
    ("GET", "/{locale}/barriers/summary"): (None, _own(200)),
    # About you (issue 15): the optional questions the cast's partner (Medway) asks; the age is answered
    ("GET", "/{locale}/about-you"): (None, _own(200)),
    ("POST", "/{locale}/about-you/remove"): ({}, _own(DONE)),
    ("GET", "/{locale}/about-you/age"): (None, _own(200)),
    ("POST", "/{locale}/about-you/age"): ({"answer": "under_25"}, _own(DONE)),
    ("GET", "/{locale}/about-you/gender"): (None, _own(200)),
    ("POST", "/{locale}/about-you/gender"): ({"answer": "prefer_not"}, _own(DONE)),
    ("GET", "/{locale}/directory/{centre_id}"): (None, _all(200)),  # a centre's directory: for anyone at the desk
    ("GET", "/{locale}/profile"): (None, _own(200)),
    ("POST", "/{locale}/profile"): ({}, _own(DONE)),
    ("GET", "/{locale}/cv"): (None, _own(200)),
    # the CV itself: the page in that response, nothing stored
    ("POST", "/{locale}/cv/make"): ({"name": "A. Person", "cv_lang": "en", "format": "page"}, _own(200)),
    ("GET", "/{locale}/cv/entries/new"): (None, _own(200)),
    ("POST", "/{locale}/cv/entries/new"): ({"section": "training", "kind": "course", "title": "First aid"},
                                          _own(DONE)),
    ("GET", "/{locale}/cv/entries/{entry_id}"): (None, _own(200)),
    ("POST", "/{locale}/cv/entries/{entry_id}"): ({"kind": "paid", "title": "Cook"}, _own(DONE)),
    ("POST", "/{locale}/cv/entries/{entry_id}/delete"): ({}, _own(DONE)),
    ("GET", "/{locale}/cv/languages"): (None, _own(200)),
    ("POST", "/{locale}/cv/languages"): ({"language-0-name": "Dutch", "language-0-level": "B1"}, _own(DONE)),
    ("GET", "/{locale}/cv/details"): (None, _own(200)),
    ("POST", "/{locale}/cv/details"): ({"driving_licence": "B"}, _own(DONE)),
    # Workshops (issue 18): a participant joins from their journey (without one: to the start page, "start first")
    ("GET", "/{locale}/workshop/join"): (None, _own(200)),
    ("POST", "/{locale}/workshop/join"): ({"code": "ACDEFG"}, _own(422)),  # no workshop has it
    ("POST", "/{locale}/workshop/leave"): ({"workshop": "{workshop_id}"}, _own(DONE)),
    ("POST", "/{locale}/workshop/poll"): ({"workshop": "{workshop_id}", "answer": "2"}, _own(DONE)),
    # What happened next: each question, check your answers (without answers: to the first question), change and
    # remove the cast's job; its open check-in's three questions.
    ("GET", "/{locale}/outcomes/kind"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/kind"): ({"kind": "job"}, _own(DONE)),
    ("GET", "/{locale}/outcomes/hours"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/hours"): ({"kind": "job", "hours": "20_30"}, _own(DONE)),
    ("GET", "/{locale}/outcomes/contract"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/contract"): ({"kind": "job", "contract": "permanent"}, _own(DONE)),
    ("GET", "/{locale}/outcomes/start"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/start"): (THIS_MONTH, _own(DONE)),
    ("GET", "/{locale}/outcomes/check"): (None, _own(DONE)),
    ("POST", "/{locale}/outcomes/check"): (THIS_MONTH, _own(DONE)),
    ("GET", "/{locale}/outcomes/{outcome_id}/change"): (None, _own(DONE)),
    ("GET", "/{locale}/outcomes/{outcome_id}/remove"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/{outcome_id}/remove"): ({}, _own(DONE)),
    ("GET", "/{locale}/outcomes/checkins/{checkin_id}"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/checkins/{checkin_id}"): ({"status": "still_there"}, _own(DONE)),
    ("GET", "/{locale}/outcomes/checkins/{checkin_id}/hard"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/checkins/{checkin_id}/hard"): ({"hard": "travel"}, _own(DONE)),
    ("GET", "/{locale}/outcomes/checkins/{checkin_id}/coach"): (None, _own(200)),
    ("POST", "/{locale}/outcomes/checkins/{checkin_id}/coach"): ({"status": "stopped", "coach": "no"}, _own(DONE)),
}
EVERY_ROUTE = {**STAFF_EXPECTED, **EXPECTED}
# The job seeker acts last: what it does (delete its journey, stop sharing) must not change what others meet.
ORDER = sorted(PERSONAS, key=lambda p: p == "job_seeker")

# Values that name no row: out of every integer column's range (2^31 on PostgreSQL, 2^63 on SQLite), negative,
# zero, not a number, digits that are not ASCII. Then one in range that no row has.
OUT_OF_RANGE = ("2147483648", "9223372036854775808", "18446744073709551616", "1" + "0" * 40, "-1", "0", "abc",
                "²", "١", "1.0")
ABSENT = str(2**31 - 1)  # every id column is a 32-bit integer on PostgreSQL
# What other parameters (a language, a text's key, a step number) get: fewer, they name no row either way.
NOT_THERE = ("0", "2147483648", "9223372036854775808", "abc", "²")
# A visitor who is not let in meets the refusal whatever the value; a few of each kind show it.
FOR_THE_REFUSED = {"id": ("9223372036854775808", "-1", "²", ABSENT), "other": ("2147483648",)}


def answer_kind(response: Response) -> str | int:
    """What a visitor met, in the words of the tables."""
    if response.status_code != 303:
        return response.status_code
    location = response.headers["location"]
    if location.startswith("/en/staff/login?next"):
        return LOGIN
    if location.startswith(("/en/?notice=start", "/en/?notice=timeout", "/en/?notice=workshop")):
        return START
    return DONE


def _values(cast: Cast) -> dict[str, str]:
    return {**cast.ids, "answer": str(get_framework().scale[0].value)}


def _send(cast: Cast, who: Persona, method: str, path: str, form: dict | None, values: dict[str, str]) -> Response:
    url = fill(path, values)
    if method == "GET":
        return who.client.get(url)
    data = {name: value.format(**values) for name, value in (form or {}).items()}
    return who.client.post(url, data={**data, "csrf_token": who.token})


def test_the_tables_name_every_route_once(app):
    routes = set(route_table(app))
    assert not set(STAFF_EXPECTED) & set(EXPECTED), "a route is in both tables"
    assert routes == set(EVERY_ROUTE), (
        "add the new route to a table (staff ones in tests/staff/test_staff_authorisation.py), with its answers"
    )


@pytest.mark.parametrize(("method", "path"), list(EXPECTED), ids=lambda v: v)
def test_route_answers_each_persona_as_expected(cast, method, path):
    form, expected = EXPECTED[(method, path)]
    got = {}
    for persona in ORDER:
        who = cast.personas[persona]
        cast.ready(who)
        response = _send(cast, who, method, path, form, _values(cast))
        assert "Traceback" not in response.text
        got[persona] = answer_kind(response)
    assert got == expected


def test_every_row_id_in_a_path_is_declared_as_one(app, cast):
    """guide.web.deps.path_id checks the id before anything else; a digit-valued parameter without it fails."""
    for (_method, path), route in route_table(app).items():
        for name in path_params(path):
            assert name in cast.ids, f"give the cast a real value for {{{name}}} (tests/security/conftest.py)"
            if cast.ids[name].isdigit() and name not in NOT_ROW_IDS:
                assert name in declared_ids(route), f"{path}: declare {name} with guide.web.deps.path_id"


WITH_PARAMS = [key for key in EVERY_ROUTE if [p for p in path_params(key[1]) if p != "locale"]]


@pytest.mark.parametrize(("method", "path"), WITH_PARAMS, ids=lambda v: v)
def test_values_that_name_nothing_are_not_found(app, cast, method, path):
    form, expected = EVERY_ROUTE[(method, path)]
    ids = declared_ids(route_table(app)[(method, path)])
    wrong = []
    for persona in ORDER:
        who = cast.personas[persona]
        cast.ready(who)  # once: a value that names nothing changes nothing
        refusal = expected[persona] if expected[persona] in REFUSED else None
        for name in path_params(path):
            if name == "locale":
                continue
            is_id = name in ids
            if refusal is not None:
                values = FOR_THE_REFUSED["id" if is_id else "other"]
            else:
                values = (*OUT_OF_RANGE, ABSENT) if is_id else NOT_THERE
            for value in values:
                response = _send(cast, who, method, path, form, {**_values(cast), name: value})
                assert response.status_code < 500 and "Traceback" not in response.text, (persona, name, value)
                got = answer_kind(response)
                if is_id and value != ABSENT:
                    want = {404}  # checked before anything else: not found, whoever asks
                elif refusal is None:
                    want = {404}
                elif refusal == 403:
                    want = {403, 404}  # the parameter may be what decides (a Dutch editor on a French text)
                else:
                    want = {refusal}  # not signed in: nothing else is looked at
                if got not in want:
                    wrong.append((persona, name, value, got, want))
    assert wrong == []
