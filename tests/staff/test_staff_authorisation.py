"""Every staff route, called by every kind of visitor: the answer each one gets is written down here.

The table must name every route under /{locale}/staff: a new staff route without an entry fails the test below, so
nobody adds a page without deciding who may see it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import select

from guide.app import create_app
from guide.content.revisions import save
from guide.core.db import writing
from guide.core.models import RateLimitHit
from guide.feedback.service import FeedbackInput, record_feedback
from guide.outcomes.models import CheckIn
from guide.outcomes.service import seed as seed_outcomes
from guide.outreach.models import ReachTally
from guide.outreach.service import seed
from guide.sharing.models import CoachLink
from guide.staff.models import StaffAccount
from tests.conftest import (
    STAFF_PASSWORD,
    add_client,
    csrf_token,
    empty_database,
    make_staff,
    share_code,
    sign_in_staff,
    start_journey,
)
from tests.directory.factories import CHILDCARE, add_service
from tests.snapshots import Rows, put_back, take
from tests.workshops.factories import add_workshop

PERSONAS = ("anonymous", "job_seeker", "linked_coach", "same_partner_coach", "other_partner_coach", "admin",
            "fr_editor", "nl_editor", "analyst", "helper")
# editors, analysts and peer helpers have no business on coaches' or admins' pages
EDITORS = {"fr_editor": 403, "nl_editor": 403, "analyst": 403, "helper": 403}
LOGIN = "login"  # 303 to the staff login page
DONE = "done"  # 303 somewhere else: the action was carried out
ANON = {"anonymous": LOGIN, "job_seeker": LOGIN}


def _all(answer) -> dict:  # noqa: ANN001
    return dict.fromkeys(PERSONAS, answer)


def _any_staff(ok) -> dict:  # noqa: ANN001
    return {**ANON, **{p: ok for p in PERSONAS if p not in ANON}}


def _coach_only(ok) -> dict:  # noqa: ANN001
    return {**ANON, "linked_coach": ok, "same_partner_coach": ok, "other_partner_coach": ok, "admin": 403, **EDITORS}


def _linked_only(ok) -> dict:  # noqa: ANN001
    return {**ANON, "linked_coach": ok, "same_partner_coach": 404, "other_partner_coach": 404, "admin": 403,
            **EDITORS}


def _admin_only(ok) -> dict:  # noqa: ANN001
    return {**ANON, "linked_coach": 403, "same_partner_coach": 403, "other_partner_coach": 403, "admin": ok, **EDITORS}


# nor coaches (and peer helpers) on editors' and analysts' pages
NO_COACH = {"linked_coach": 403, "same_partner_coach": 403, "other_partner_coach": 403, "helper": 403}


def _editors_read(ok) -> dict:  # noqa: ANN001
    """Every editor and admin may read every language (the target language in these URLs is French)."""
    return {**ANON, **NO_COACH, "admin": ok, "fr_editor": ok, "nl_editor": ok, "analyst": 403}


def _french_write(ok) -> dict:  # noqa: ANN001
    """Changing French text: admins and French editors; a Dutch editor gets 403."""
    return {**ANON, **NO_COACH, "admin": ok, "fr_editor": ok, "nl_editor": 403, "analyst": 403}


def _analyst(ok) -> dict:  # noqa: ANN001
    return {**ANON, **NO_COACH, "fr_editor": 403, "nl_editor": 403, "analyst": ok, "admin": ok}


def _outreach(ok, other_partner) -> dict:  # noqa: ANN001
    """Coaches and admins of the partner (Medway); a coach of another partner gets `other_partner`."""
    return {**ANON, "linked_coach": ok, "same_partner_coach": ok, "other_partner_coach": other_partner, "admin": ok,
            **EDITORS}


def _workshops(ok, other_partner) -> dict:  # noqa: ANN001
    """Coaches, peer helpers and admins of the partner (Medway); a coach of another partner gets `other_partner`."""
    return {**_outreach(ok, other_partner), "helper": ok}


TOMORROW = (date.today() + timedelta(days=1)).isoformat()
NEW_CENTRE = {"id": "chatham-docks", "partner": "Medway Council", "country": "GB", "region": "UKJ41",
              "timezone": "Europe/London", "official_languages": "en", "learn_language": "en", "name-en": "Chatham"}

# (method, path) -> (form data, expected answer per persona)
EXPECTED: dict[tuple[str, str], tuple[dict | None, dict]] = {
    ("GET", "/{locale}/staff/login"): (None, _all(200)),
    ("POST", "/{locale}/staff/login"): ({"username": "nobody", "password": "not the password"}, _all(422)),
    ("POST", "/{locale}/staff/logout"): ({}, _all(DONE)),
    ("GET", "/{locale}/staff/"): (None, _any_staff(200)),
    ("GET", "/{locale}/staff/password"): (None, _any_staff(200)),
    ("POST", "/{locale}/staff/password"): (  # every member of staff changes their own password
        {"current_password": STAFF_PASSWORD, "new_password": "Harbour-violet-stone-42",
         "new_password_again": "Harbour-violet-stone-42"},
        _any_staff(DONE),
    ),
    ("GET", "/{locale}/staff/caseload"): (None, _coach_only(200)),
    ("POST", "/{locale}/staff/caseload"): ({"code": "000 000"}, _coach_only(422)),
    ("GET", "/{locale}/staff/clients/{link_id}"): (None, _linked_only(200)),
    ("POST", "/{locale}/staff/clients/{link_id}/marks"): ({"mark-1": "strength"}, _linked_only(DONE)),
    ("POST", "/{locale}/staff/clients/{link_id}/next-step"): ({"next_step": "Bring your CV"}, _linked_only(DONE)),
    ("POST", "/{locale}/staff/clients/{link_id}/label"): ({"label": "JD"}, _linked_only(DONE)),
    # a check-in where the client asked to talk, marked followed up: their own coach only
    ("POST", "/{locale}/staff/clients/{link_id}/checkins/{checkin_id}/followed-up"): ({}, _linked_only(DONE)),
    # what the client started, recorded by their own coach (issue 15), and an outcome of theirs marked checked
    ("GET", "/{locale}/staff/clients/{link_id}/outcomes/new"): (None, _linked_only(200)),
    ("POST", "/{locale}/staff/clients/{link_id}/outcomes/new"): (
        {"kind": "training", "month": str(date.today().month), "year": str(date.today().year)}, _linked_only(DONE)
    ),
    ("POST", "/{locale}/staff/clients/{link_id}/outcomes/{outcome_id}/checked"): ({}, _linked_only(DONE)),
    # the client's profile and CV, without contact details (the cast shares no written answers: only strengths)
    ("GET", "/{locale}/staff/clients/{link_id}/profile"): (None, _linked_only(200)),
    # what stands in the client's way (issue 16), shared with the linked coach: a barrier marked as being worked on
    ("POST", "/{locale}/staff/clients/{link_id}/barriers"): (
        {"theme": "childcare", "working_on": "yes"}, _linked_only(DONE)
    ),
    ("GET", "/{locale}/staff/accounts"): (None, _admin_only(200)),
    ("GET", "/{locale}/staff/accounts/new"): (None, _admin_only(200)),
    ("POST", "/{locale}/staff/accounts/new"): (
        {"username": "new-coach", "display_name": "New", "partner": "Medway Council", "roles": "coach"},
        _admin_only(200),  # no password typed: one is made and shown once
    ),
    ("GET", "/{locale}/staff/accounts/{account_id}"): (None, _admin_only(200)),
    ("POST", "/{locale}/staff/accounts/{account_id}"): (
        {"display_name": "Renamed", "roles": "coach"}, _admin_only(DONE)
    ),
    ("POST", "/{locale}/staff/accounts/{account_id}/status"): ({"action": "disable"}, _admin_only(DONE)),
    ("POST", "/{locale}/staff/accounts/{account_id}/password"): ({}, _admin_only(200)),
    # The editors' pages: the target language is French, the item step 1's title (see `world`).
    ("GET", "/{locale}/staff/content"): (None, _editors_read(200)),
    ("GET", "/{locale}/staff/content/{lang}/item/{key:path}"): (None, _editors_read(200)),
    ("POST", "/{locale}/staff/content/{lang}/item/{key:path}"): (
        {"text": "Un titre neuf", "base": "{revision_id}", "action": "publish"}, _french_write(DONE)
    ),
    ("POST", "/{locale}/staff/content/{lang}/preview/{key:path}"): ({"text": "Un *titre*"}, _editors_read(200)),
    ("POST", "/{locale}/staff/content/{lang}/review/{key:path}"): ({"base": "{revision_id}"}, _french_write(DONE)),
    ("POST", "/{locale}/staff/content/{lang}/source/{key:path}"): (
        {"source": "nl"}, {**ANON, **NO_COACH, "admin": DONE, "fr_editor": 403, "nl_editor": 403, "analyst": 403}
    ),
    # the pictogram beside step 1's title (issue 17), the same in every language: editors of the page's language
    ("POST", "/{locale}/staff/content/{lang}/pictogram/{key:path}"): ({"pictogram": "bus"}, _french_write(DONE)),
    # a partner's recording (issue 17, Listen): editors of the text's language; no file sent is refused
    ("POST", "/{locale}/staff/content/{lang}/recording/{key:path}"): ({"part": "0"}, _french_write(422)),
    # ... and of the texts outside the steps (the self-assessment's, the start, code and result pages'), on one page
    ("GET", "/{locale}/staff/content/{lang}/recordings"): (None, _editors_read(200)),
    ("POST", "/{locale}/staff/content/{lang}/recordings"): ({"part": "0", "key": "page/start"}, _french_write(422)),
    ("GET", "/{locale}/staff/content/{lang}/history/{key:path}"): (None, _editors_read(200)),
    ("POST", "/{locale}/staff/content/{lang}/restore/{key:path}"): (
        {"revision": "{revision_id}", "base": "{revision_id}"}, _french_write(DONE)
    ),
    ("GET", "/{locale}/staff/content/{lang}/export"): (None, _editors_read(200)),
    ("GET", "/{locale}/staff/content/{lang}/import"): (None, _french_write(200)),
    ("POST", "/{locale}/staff/content/{lang}/import"): ({}, _french_write(422)),  # no file chosen
    ("POST", "/{locale}/staff/content/{lang}/import/confirm"): ({"packed": "not a file"}, _french_write(422)),
    # Readers' feedback in French (see `world`): its editors and admins mark it as handled, a Dutch editor may not.
    ("POST", "/{locale}/staff/content/{lang}/feedback/{feedback_id}/handled"): ({"key": "{key}"},
                                                                                _french_write(DONE)),
    ("GET", "/{locale}/staff/audit"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/needs"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/needs/new"): (None, _analyst(200)),
    ("POST", "/{locale}/staff/audit/needs/new"): ({"employer": ""}, _analyst(422)),
    ("GET", "/{locale}/staff/audit/needs/import"): (None, _analyst(200)),
    ("POST", "/{locale}/staff/audit/needs/import"): ({}, _analyst(422)),  # no file chosen
    ("GET", "/{locale}/staff/audit/needs/example.csv"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/report"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/report/download/{fmt}"): (None, _analyst(404)),  # no data in the period
    ("POST", "/{locale}/staff/audit/report/release"): ({"period": "2025"}, _analyst(422)),  # no data in the period
    ("GET", "/{locale}/staff/audit/indicators"): (None, _analyst(200)),  # the results against targets
    ("GET", "/{locale}/staff/audit/indicators/results.xlsx"): (None, _analyst(200)),
    # breakdowns below a partner (issues 16 and 18): the map of barriers and the workshops by topic, protected
    ("GET", "/{locale}/staff/audit/breakdowns"): (None, _analyst(200)),
    # the quarter asked (this one) is not released: no download, and a release of 1999 is refused
    ("GET", "/{locale}/staff/audit/breakdowns/download/{fmt}"): (None, _analyst(404)),
    ("POST", "/{locale}/staff/audit/breakdowns/release"): ({"year": "1999", "quarter": "1"}, _analyst(422)),
    # where people stop (issue 15): steps reached, days between steps, quiet for 30 days, protected
    ("GET", "/{locale}/staff/audit/stops"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/stops/download/{fmt}"): (None, _analyst(404)),
    ("POST", "/{locale}/staff/audit/stops/release"): ({"year": "1999", "quarter": "1"}, _analyst(422)),
    # people by age group and by gender (issue 15), released as the breakdowns; the partners' questions: admins,
    # their own partner's
    ("GET", "/{locale}/staff/audit/groups"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/groups/download/{fmt}"): (None, _analyst(404)),
    ("POST", "/{locale}/staff/audit/groups/release"): ({"year": "1999", "quarter": "1"}, _analyst(422)),
    ("GET", "/{locale}/staff/audit/questions"): (None, _admin_only(200)),
    ("POST", "/{locale}/staff/audit/questions"): ({"partner": "Medway Council", "ask_gender": "yes"},
                                                  _admin_only(DONE)),
    # Outreach tallies (issue 15): coaches and admins, for their own partner's centres; the tally is Medway's.
    ("GET", "/{locale}/staff/outreach"): (None, _outreach(200, 200)),
    ("POST", "/{locale}/staff/outreach"): (  # Medway's centre: the Kortrijk coach is refused it
        {"day": "2026-01-05", "centre": "medway", "kind": "house_visit", "count": "3"}, _outreach(DONE, 422)
    ),
    ("GET", "/{locale}/staff/outreach/{tally_id}/remove"): (None, _outreach(200, 404)),
    ("POST", "/{locale}/staff/outreach/{tally_id}/remove"): ({}, _outreach(DONE, 404)),
    # The programme's targets: admins only (the admin is Medway's, a partner admin: their own partner only).
    ("GET", "/{locale}/staff/audit/targets"): (None, _admin_only(200)),
    ("POST", "/{locale}/staff/audit/targets"): (
        {"partner": "Medway Council", "year": str(date.today().year), f"t-started-{date.today().year}-Q1": "20"},
        _admin_only(DONE),
    ),
    ("POST", "/{locale}/staff/audit/targets/import"): (
        {"partner": "Medway Council", "year": str(date.today().year)}, _admin_only(DONE)
    ),
    # Workshops (issue 18): coaches, peer helpers and admins, at their own partner's centres; the workshop is Medway's.
    # The local directory: the editors and admins of the partner (Medway), each writing in their own languages
    ("GET", "/{locale}/staff/directory"): (None, _editors_read(200)),
    ("GET", "/{locale}/staff/directory/new"): (None, _editors_read(200)),
    ("POST", "/{locale}/staff/directory"): (
        {"centre": "medway", "kind": "training", "name-fr": "Formation", "name-nl": "Opleiding", "name-en": "Training"},
        _editors_read(DONE)),
    ("GET", "/{locale}/staff/directory/{listing_id}"): (None, _editors_read(200)),
    # no version sent: as from a form opened before someone else saved, refused with what was typed
    ("POST", "/{locale}/staff/directory/{listing_id}"): ({"kind": "training"}, _editors_read(409)),
    ("POST", "/{locale}/staff/directory/{listing_id}/checked"): ({}, _editors_read(DONE)),
    ("GET", "/{locale}/staff/workshops"): (None, _workshops(200, 200)),
    ("GET", "/{locale}/staff/workshops/new"): (None, _workshops(200, 200)),
    ("POST", "/{locale}/staff/workshops"): (  # Medway's centre: the Kortrijk coach is refused it
        {"centre": "medway", "day": TOMORROW, "start": "09:30", "end": "11:00", "topic": "1", "language": "en",
         "repeat": "1"}, _workshops(DONE, 422)
    ),
    ("GET", "/{locale}/staff/workshops/{workshop_id}"): (None, _workshops(200, 404)),
    ("POST", "/{locale}/staff/workshops/{workshop_id}/close"): ({}, _workshops(DONE, 404)),
    ("POST", "/{locale}/staff/workshops/{workshop_id}/poll"): ({}, _workshops(DONE, 404)),
    ("GET", "/{locale}/staff/workshops/{workshop_id}/screen"): (None, _workshops(200, 404)),
    ("GET", "/{locale}/staff/workshops/{workshop_id}/screen/counts"): (None, _workshops(200, 404)),
    ("GET", "/{locale}/staff/workshops/{workshop_id}/screen/stream"): (None, _workshops(200, 404)),
    # Partners, regions and centres (issue 16): admins; the admin is Medway's, a partner admin, who keeps their own
    # centres (Medway) and adds centres for their partner, but adds or changes no partner and no region (those are
    # an all-partners admin's: tests/places/test_pages.py).
    ("GET", "/{locale}/staff/places"): (None, _admin_only(200)),
    ("GET", "/{locale}/staff/places/centres/new"): (None, _admin_only(200)),
    ("POST", "/{locale}/staff/places/centres"): (NEW_CENTRE, _admin_only(DONE)),
    ("GET", "/{locale}/staff/places/centres/{centre_id}"): (None, _admin_only(200)),
    ("POST", "/{locale}/staff/places/centres/{centre_id}"): ({**NEW_CENTRE, "version": "0"}, _admin_only(DONE)),
    ("GET", "/{locale}/staff/places/regions/new"): (None, _admin_only(403)),
    ("POST", "/{locale}/staff/places/regions"): ({"code": "UKJ42", "country": "GB", "name-en": "Swale"},
                                                 _admin_only(403)),
    ("GET", "/{locale}/staff/places/regions/{region_code}"): (None, _admin_only(403)),
    ("POST", "/{locale}/staff/places/regions/{region_code}"): ({"country": "GB", "name-en": "Medway"},
                                                               _admin_only(403)),
    ("GET", "/{locale}/staff/places/partners/new"): (None, _admin_only(403)),
    ("POST", "/{locale}/staff/places/partners"): ({"id": "Swale Council", "name-en": "Swale"}, _admin_only(403)),
    ("GET", "/{locale}/staff/places/partners/{partner_id}"): (None, _admin_only(403)),
    ("POST", "/{locale}/staff/places/partners/{partner_id}"): ({"name-en": "Medway"}, _admin_only(403)),
}


def _api_routes(routes, prefix: str = ""):  # noqa: ANN001, ANN202
    """Every APIRoute with its full path, through included routers whichever way FastAPI keeps them."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        elif hasattr(route, "original_router"):  # FastAPI >= 0.16x keeps included routers as they are
            yield from _api_routes(route.original_router.routes, prefix + route.include_context.prefix)


def test_every_staff_route_is_in_the_table(app):
    routes = {
        (method, path)
        for path, route in _api_routes(app.routes)
        if path.startswith("/{locale}/staff")
        for method in route.methods
        if method != "HEAD"
    }
    assert routes == set(EXPECTED), "add the new staff route to EXPECTED, with the answer for each persona"


def _checkin_asking_for_a_coach(db, link_id: int) -> tuple[int, int]:  # noqa: ANN001
    """A job of the linked client's, whose 4-week check-in asked to talk to a coach: (the job's id, the
    check-in's)."""
    link = db.get(CoachLink, link_id)
    with writing(db):
        outcome_id = seed_outcomes(db, [(link.journey_id, "job", "over_30/permanent", date(2026, 1, 1))])[0]
        checkin = db.exec(select(CheckIn).where(CheckIn.outcome_id == outcome_id, CheckIn.due_week == 4)).one()
        checkin.status, checkin.wants_coach = "still_there", True
        db.add(checkin)
    return outcome_id, checkin.id


# One build per database and test process (tests/snapshots.py): later worlds are its rows put back, with each
# persona signed in again (a session kept from the build could time out in a long run).
_BUILT: dict[str, tuple[Rows, dict[str, int | None], str, dict]] = {}


@pytest.fixture
def new_world(db_engine, db):  # noqa: ANN001, ANN201
    """Builds the world on a new app over an emptied database, each call forgetting the one before: a job seeker
    who shares with one coach, two coaches who are not linked, an admin and an account to manage."""
    clients: list[TestClient] = []

    def close() -> None:
        for c in clients:
            c.__exit__(None, None, None)
        clients.clear()

    def build():  # noqa: ANN202
        close()
        built = _BUILT.get(str(db_engine.url))
        if built is None:
            empty_database(db_engine)
        else:
            put_back(db_engine, built[0])
        db.expunge_all()  # SQLite hands the emptied rows' ids out again
        app = create_app(db_engine)  # and a new app forgets the rate limits of the sign-ins before

        def new_client() -> TestClient:
            c = TestClient(app, follow_redirects=False)
            c.__enter__()
            clients.append(c)
            return c

        if built is not None:
            _rows, accounts, code, ids = built
            personas = {name: new_client() for name in accounts}
            for name, account_id in accounts.items():
                if account_id is not None:
                    sign_in_staff(personas[name], db, db.get(StaffAccount, account_id))
            resumed = personas["job_seeker"].post("/en/resume", data={
                "code": code, "csrf_token": csrf_token(personas["job_seeker"])})
            assert resumed.status_code == 303, resumed.text
            return personas, dict(ids)
        personas, ids, code, accounts = _build_world(db, new_client)
        _BUILT[str(db_engine.url)] = (take(db_engine), accounts, code, ids)
        return personas, ids

    yield build
    close()


def _build_world(db, new_client):  # noqa: ANN001, ANN202
    """The world made by the app's own routes (and the few rows no page makes, by services): the personas' signed-in
    browsers, the ids the routes name, the job seeker's resume code and each persona's staff account id."""
    job_seeker = new_client()
    resume_code = start_journey(job_seeker)
    # what stands in their way, shared: the coach has a barrier to mark as being worked on
    job_seeker.post("/en/barriers", data={"barrier-childcare": "want_help", "csrf_token": csrf_token(job_seeker)})
    code = share_code(job_seeker, barriers="yes", outcomes="yes")  # and lets the coach record what they started
    staff = {"linked_coach": make_staff(db, "linked-coach")}
    linked = sign_in_staff(new_client(), db, staff["linked_coach"])
    link_id = add_client(linked, code)
    target = make_staff(db, "managed-coach")
    revision = save(db, "step/1/title", "fr", "Un titre", "someone", None, publish=True)
    with writing(db):
        seed(db, [("medway", date(2026, 1, 5), "house_visit", 4)])
    tally_id = db.exec(select(ReachTally.id)).one()
    workshop_id, _code = add_workshop(db)
    listing_id = add_service(db, "medway", replace(CHILDCARE, phone="01634 306000", address="1 High St, Chatham"))
    with writing(db):  # a French reader's answer, for the editors' "Mark as handled"
        feedback_id = record_feedback(db, "1", "fr", "kortrijk", FeedbackInput("no", (), "Trop long."))
    outcome_id, checkin_id = _checkin_asking_for_a_coach(db, link_id)
    staff.update({
        "same_partner_coach": make_staff(db, "same-partner"),
        "other_partner_coach": make_staff(db, "other-partner", partner="Stad Kortrijk"),
        "analyst": make_staff(db, "an-analyst", ("analyst",)),
        "helper": make_staff(db, "a-helper", ("helper",)),
        "admin": make_staff(db, "the-admin", ("admin",)),
        "fr_editor": make_staff(db, "fr-editor", ("editor",), languages=("fr",)),
        "nl_editor": make_staff(db, "nl-editor", ("editor",), languages=("nl",)),
    })
    personas = {"anonymous": new_client(), "job_seeker": job_seeker, "linked_coach": linked}
    for name, account in staff.items():
        personas.setdefault(name, sign_in_staff(new_client(), db, account))
    accounts = {name: staff[name].id if name in staff else None for name in personas}
    ids = {"link_id": link_id, "account_id": target.id, "lang": "fr", "key": "step/1/title",
           "revision_id": revision.id, "fmt": "csv", "tally_id": tally_id, "workshop_id": workshop_id,
           "feedback_id": feedback_id, "checkin_id": checkin_id, "listing_id": listing_id,
           "outcome_id": outcome_id, "centre_id": "medway", "region_code": "UKJ41",
           "partner_id": "Medway Council"}
    return personas, ids, resume_code, accounts


# Posts that change only the persona's own session or account: signing out, and changing one's own password. What
# one persona does there cannot change what the next one finds, so they share a world too.
OWN_ONLY = {"/{locale}/staff/logout", "/{locale}/staff/password"}


def _changes_the_world(method: str, path: str, answer: object) -> bool:
    """A post that is carried out (or answered 200) may change what the next persona finds: it gets a world of
    its own. Refusals, sign-in pages and rejected input change nothing, so those personas share one world (a
    refused sign-in counts against the address: the test forgets those counts between personas)."""
    return method == "POST" and path not in OWN_ONLY and answer not in (LOGIN, 403, 404, 405, 422)


def _forget_sign_in_counts(db) -> None:  # noqa: ANN001
    """Every persona of the sign-in row meets the lockout's counts as a fresh world has them: none."""
    with writing(db):
        for hit in db.exec(select(RateLimitHit)).all():
            db.delete(hit)


def _answer_problem(client: TestClient, method: str, path: str, form: dict | None, ids: dict,
                    expected: object) -> str | None:
    url = path.replace("{key:path}", "{key}").format(locale="en", **ids)
    data = {name: value.format(**ids) for name, value in (form or {}).items()}
    data["csrf_token"] = csrf_token(client)
    if "/download/" in url:
        url += "?region=BE254&sector=care&period=2026"
    response = client.get(url) if method == "GET" else client.post(url, data=data)
    status, location = response.status_code, response.headers.get("location", "")
    if "Traceback" in response.text:
        return "a traceback"
    if expected == LOGIN:
        ok = status == 303 and location.startswith("/en/staff/login?")
    elif expected == DONE:
        ok = status == 303 and not location.startswith("/en/staff/login?next")
    else:
        ok = status == expected
    return None if ok else f"expected {expected}, got {status} {location} {response.text[:300]!r}"


# One test per route (a world costs ten sign-ins): every persona is asked, and every wrong answer is reported.
@pytest.mark.parametrize(("method", "path"), list(EXPECTED), ids=lambda v: v)
def test_staff_route_answers_each_persona_as_expected(new_world, db, method, path):  # noqa: ANN001
    form, answers = EXPECTED[(method, path)]
    assert set(answers) == set(PERSONAS), "the route's entry must give an answer for every persona"
    shared = [p for p in PERSONAS if not _changes_the_world(method, path, answers[p])]
    own = [p for p in PERSONAS if _changes_the_world(method, path, answers[p])]
    problems = {}
    if shared:
        personas, ids = new_world()
        for persona in shared:
            if method == "POST" and path.endswith("/staff/login"):
                _forget_sign_in_counts(db)
            problems[persona] = _answer_problem(personas[persona], method, path, form, ids, answers[persona])
    for persona in own:
        personas, ids = new_world()
        problems[persona] = _answer_problem(personas[persona], method, path, form, ids, answers[persona])
    wrong = {persona: problem for persona, problem in problems.items() if problem}
    assert not wrong, wrong
