"""Account management between admins: nobody manages an account with more power than their own.

The attack this guards against: a plain Medway admin reset the all-partners admin's password (and was shown the new
one), signed in as it, and reset the Kortrijk admin's. Every action on an account (every route with {account_id}) is
tried here by every admin on every kind of account; a new action without an entry in ACTIONS fails the first test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlmodel import Session

from guide.sessions.models import StaffSession
from guide.staff.models import StaffAccount, StaffRole
from guide.staff.service import account_row
from tests.conftest import STAFF_PASSWORD, csrf_token, make_staff, sign_in_staff
from tests.staff.test_staff_authorisation import _api_routes

MEDWAY, KORTRIJK = "Medway Council", "Stad Kortrijk"


@dataclass(frozen=True)
class Kind:
    """A kind of account: who it belongs to and how much power it holds."""

    name: str
    partner: str
    roles: tuple[str, ...]
    all_partners: bool = False


ACTORS = (
    Kind("medway-admin", MEDWAY, ("admin",)),
    Kind("kortrijk-admin", KORTRIJK, ("admin", "coach")),
    Kind("super-admin", MEDWAY, ("admin",), all_partners=True),
)
TARGETS = (
    Kind("medway-coach", MEDWAY, ("coach",)),
    Kind("medway-editor", MEDWAY, ("editor",)),
    Kind("medway-peer-admin", MEDWAY, ("admin", "analyst")),
    Kind("kortrijk-coach", KORTRIJK, ("coach",)),
    Kind("kortrijk-peer-admin", KORTRIJK, ("admin",)),
    Kind("other-super-admin", KORTRIJK, ("admin",), all_partners=True),
    Kind("medway-super-admin", MEDWAY, ("admin",), all_partners=True),
)


def may_manage(actor: Kind, target: Kind) -> bool:
    """The rule, written independently of the app: only accounts with no more power than one's own."""
    if actor == target or actor.all_partners:
        return True
    return target.partner == actor.partner and not target.all_partners


def _form_same_scope(target: Kind) -> dict[str, object]:
    return {"display_name": "Renamed by an admin", "roles": list(target.roles)}


# (method, path) -> (form for the target, the answer when allowed, the answer when it is one's own account)
ACTIONS: dict[tuple[str, str], tuple[Callable[[Kind], dict[str, object]] | None, int, int]] = {
    ("GET", "/{locale}/staff/accounts/{account_id}"): (None, 200, 200),
    ("POST", "/{locale}/staff/accounts/{account_id}"): (_form_same_scope, 303, 303),
    ("POST", "/{locale}/staff/accounts/{account_id}/status"): (lambda _t: {"action": "disable"}, 303, 422),
    ("POST", "/{locale}/staff/accounts/{account_id}/password"): (lambda _t: {}, 200, 200),
}


def test_every_account_action_is_in_the_table(app) -> None:  # noqa: ANN001
    routes = {
        (method, path)
        for path, route in _api_routes(app.routes)
        if "{account_id}" in path
        for method in route.methods
        if method != "HEAD"
    }
    assert routes == set(ACTIONS), "add the new account action to ACTIONS"


def _state(db: Session, account_id: int) -> tuple[object, ...]:
    """Everything an action could change about an account."""
    db.expire_all()
    account = db.get(StaffAccount, account_id)
    assert account is not None
    row = account_row(db, account)
    sessions = db.execute(select(func.count()).where(StaffSession.account_id == account_id)).scalar_one()
    db.rollback()
    return (account.password_hash, account.disabled_at, account.display_name, account.all_partners, row.roles,
            row.languages, sessions)


@pytest.fixture
def signed_in(app, db) -> Iterator[Callable[[Kind], TestClient]]:  # noqa: ANN001
    clients: list[TestClient] = []

    def sign_in(kind: Kind) -> TestClient:
        account = make_staff(db, kind.name, kind.roles, partner=kind.partner, all_partners=kind.all_partners)
        c = TestClient(app, follow_redirects=False)
        c.__enter__()
        clients.append(c)
        sign_in_staff(c, db, account)
        c.account_id = account.id  # type: ignore[attr-defined]
        return c

    yield sign_in
    for c in clients:
        c.__exit__(None, None, None)


@pytest.mark.parametrize(("method", "path"), list(ACTIONS), ids=lambda v: v)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda k: k.name)
def test_an_admin_manages_only_accounts_with_no_more_power(signed_in, db, actor, method, path) -> None:  # noqa: ANN001
    acting = signed_in(actor)
    form_for, allowed_answer, own_answer = ACTIONS[(method, path)]
    targets = [(t, make_staff(db, t.name, t.roles, partner=t.partner, all_partners=t.all_partners).id)
               for t in TARGETS if t.name != actor.name]
    targets.append((actor, acting.account_id))  # type: ignore[attr-defined]
    token = csrf_token(acting)
    for target, account_id in targets:
        url = path.format(locale="en", account_id=account_id)
        before = _state(db, account_id)
        if method == "GET":
            response = acting.get(url)
        else:
            response = acting.post(url, data={**(form_for(target) if form_for else {}), "csrf_token": token})
        own = target == actor
        if not may_manage(actor, target):
            assert response.status_code == 404, (actor.name, target.name, url, response.status_code)
            assert _state(db, account_id) == before, f"{actor.name} changed {target.name} through {url}"
            assert "Traceback" not in response.text
            continue
        expected = own_answer if own else allowed_answer
        assert response.status_code == expected, (actor.name, target.name, url, response.text[:300])
        if path.endswith("/password"):
            assert _state(db, account_id)[0] != before[0], "the password did not change"
        if own and method == "POST" and path.endswith("/status"):
            assert _state(db, account_id) == before, "an admin disabled their own account"
        if method == "POST" and expected == 303 and not path.endswith("/password"):
            token = csrf_token(acting)  # the next post carries a fresh page's token, as a browser would


def test_the_accounts_list_shows_only_accounts_one_may_manage(signed_in, db) -> None:  # noqa: ANN001
    admin = signed_in(ACTORS[0])
    for target in TARGETS:
        make_staff(db, target.name, target.roles, partner=target.partner, all_partners=target.all_partners)
    page = admin.get("/en/staff/accounts").text
    for target in TARGETS:
        shown = f">{target.name}<" in page
        assert shown == may_manage(ACTORS[0], target), target.name


@pytest.mark.parametrize("actor", ACTORS, ids=lambda k: k.name)
@pytest.mark.parametrize("change", ["add_role", "drop_admin", "add_language"])
def test_nobody_changes_their_own_roles_or_languages(signed_in, db, actor, change) -> None:  # noqa: ANN001
    acting = signed_in(actor)
    account_id = acting.account_id  # type: ignore[attr-defined]
    roles = {"add_role": [*actor.roles, "editor"], "drop_admin": [r for r in actor.roles if r != "admin"] or ["coach"],
             "add_language": list(actor.roles)}[change]
    data: dict[str, object] = {"display_name": "Me", "roles": roles, "csrf_token": csrf_token(acting)}
    if change == "add_language":
        data["languages"] = ["fr"]
    before = _state(db, account_id)
    response = acting.post(f"/en/staff/accounts/{account_id}", data=data)
    assert response.status_code == 422
    assert "You cannot change your own roles or languages" in response.text
    assert _state(db, account_id) == before


def test_the_reported_takeover_fails(signed_in, db, app) -> None:  # noqa: ANN001
    """The attack as reported: a Medway admin resets the all-partners admin, then the Kortrijk admin."""
    medway = signed_in(ACTORS[0])
    root = make_staff(db, "demo-admin", ("admin",), partner=MEDWAY, all_partners=True)
    kortrijk = make_staff(db, "kortrijk-boss", ("admin",), partner=KORTRIJK)
    for account in (root, kortrijk):
        response = medway.post(f"/en/staff/accounts/{account.id}/password", data={"csrf_token": csrf_token(medway)})
        assert response.status_code == 404
        assert "signs this person out" not in response.text
    # the root's own password still works, and nobody was signed out
    with TestClient(app, follow_redirects=False) as fresh:
        response = fresh.post("/en/staff/login", data={"username": "demo-admin", "password": STAFF_PASSWORD,
                                                       "csrf_token": csrf_token(fresh)})
        assert response.status_code == 303
    roles = db.execute(select(StaffRole.role).where(StaffRole.account_id == root.id)).scalars().all()
    db.rollback()
    assert roles == ["admin"]
