"""Every staff route, called by every kind of visitor: the answer each one gets is written down here.

The table must name every route under /{locale}/staff: a new staff route without an entry fails the test below, so
nobody adds a page without deciding who may see it.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff, start_journey

PERSONAS = (
    "anonymous", "job_seeker", "linked_coach", "same_partner_coach", "other_partner_coach", "editor", "analyst", "admin"
)
LOGIN = "login"  # 303 to the staff login page
DONE = "done"  # 303 somewhere else: the action was carried out
ANON = {"anonymous": LOGIN, "job_seeker": LOGIN}


def _all(answer) -> dict:  # noqa: ANN001
    return dict.fromkeys(PERSONAS, answer)


def _coach_only(ok) -> dict:  # noqa: ANN001
    return {**ANON, "linked_coach": ok, "same_partner_coach": ok, "other_partner_coach": ok, "editor": 403,
            "analyst": 403, "admin": 403}


def _linked_only(ok) -> dict:  # noqa: ANN001
    return {**ANON, "linked_coach": ok, "same_partner_coach": 404, "other_partner_coach": 404, "editor": 403,
            "analyst": 403, "admin": 403}


def _admin_only(ok) -> dict:  # noqa: ANN001
    return {**ANON, "linked_coach": 403, "same_partner_coach": 403, "other_partner_coach": 403, "editor": 403,
            "analyst": 403, "admin": ok}


def _analyst(ok) -> dict:  # noqa: ANN001
    return {**ANON, "linked_coach": 403, "same_partner_coach": 403, "other_partner_coach": 403, "editor": 403,
            "analyst": ok, "admin": ok}


# (method, path) -> (form data, expected answer per persona)
EXPECTED: dict[tuple[str, str], tuple[dict | None, dict]] = {
    ("GET", "/{locale}/staff/login"): (None, _all(200)),
    ("POST", "/{locale}/staff/login"): ({"username": "nobody", "password": "not the password"}, _all(422)),
    ("POST", "/{locale}/staff/logout"): ({}, _all(DONE)),
    ("GET", "/{locale}/staff/"): (None, {**ANON, **{p: 200 for p in PERSONAS[2:]}}),
    ("GET", "/{locale}/staff/caseload"): (None, _coach_only(200)),
    ("POST", "/{locale}/staff/caseload"): ({"code": "000 000"}, _coach_only(422)),
    ("GET", "/{locale}/staff/clients/{link_id}"): (None, _linked_only(200)),
    ("POST", "/{locale}/staff/clients/{link_id}/marks"): ({"mark-1": "strength"}, _linked_only(DONE)),
    ("POST", "/{locale}/staff/clients/{link_id}/next-step"): ({"next_step": "Bring your CV"}, _linked_only(DONE)),
    ("POST", "/{locale}/staff/clients/{link_id}/label"): ({"label": "JD"}, _linked_only(DONE)),
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
    ("GET", "/{locale}/staff/audit"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/needs"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/needs/new"): (None, _analyst(200)),
    ("POST", "/{locale}/staff/audit/needs/new"): ({"employer": ""}, _analyst(422)),
    ("GET", "/{locale}/staff/audit/needs/import"): (None, _analyst(200)),
    ("POST", "/{locale}/staff/audit/needs/import"): ({}, _analyst(422)),  # no file chosen
    ("GET", "/{locale}/staff/audit/needs/example.csv"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/report"): (None, _analyst(200)),
    ("GET", "/{locale}/staff/audit/report/download/{fmt}"): (None, _analyst(404)),  # no data in the period
    ("GET", "/{locale}/staff/audit/indicators"): (None, _analyst(200)),
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


@pytest.fixture
def world(app, db):  # noqa: ANN001, ANN201
    """A job seeker who shares with one coach, two coaches who are not linked, an admin and an account to manage."""
    clients = []

    def new_client() -> TestClient:
        c = TestClient(app, follow_redirects=False)
        c.__enter__()
        clients.append(c)
        return c

    job_seeker = new_client()
    start_journey(job_seeker)
    code = share_code(job_seeker)
    linked = sign_in_staff(new_client(), db, make_staff(db, "linked-coach"))
    link_id = add_client(linked, code)
    target = make_staff(db, "managed-coach")
    personas = {
        "anonymous": new_client(),
        "job_seeker": job_seeker,
        "linked_coach": linked,
        "same_partner_coach": sign_in_staff(new_client(), db, make_staff(db, "same-partner")),
        "other_partner_coach": sign_in_staff(
            new_client(), db, make_staff(db, "other-partner", partner="Stad Kortrijk")
        ),
        "editor": sign_in_staff(new_client(), db, make_staff(db, "an-editor", ("editor",), languages=("nl",))),
        "analyst": sign_in_staff(new_client(), db, make_staff(db, "an-analyst", ("analyst",))),
        "admin": sign_in_staff(new_client(), db, make_staff(db, "the-admin", ("admin",))),
    }
    yield personas, {"link_id": link_id, "account_id": target.id, "fmt": "csv"}
    for c in clients:
        c.__exit__(None, None, None)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "path"), list(EXPECTED), ids=lambda v: v)
def test_staff_route_answers_each_persona_as_expected(world, method, path, persona):
    personas, ids = world
    client = personas[persona]
    form, answers = EXPECTED[(method, path)]
    url = path.format(locale="en", **ids)
    if "/download/" in url:
        url += "?region=BE254&sector=care&period=2026"
    data = {**(form or {}), "csrf_token": csrf_token(client)}
    response = client.get(url) if method == "GET" else client.post(url, data=data)
    expected = answers[persona]
    if expected == LOGIN:
        assert response.status_code == 303, response.text[:500]
        assert response.headers["location"].startswith("/en/staff/login?")
    elif expected == DONE:
        assert response.status_code == 303, response.text[:500]
        assert not response.headers["location"].startswith("/en/staff/login?next")
    else:
        assert response.status_code == expected, response.text[:500]
    assert "Traceback" not in response.text
