"""Rate limits under parallel requests: no more guesses are checked than the limit allows.

The attack: the counter was read before the slow check and written after it, so guesses fired together all read
"not limited yet" (40 parallel staff logins on one account got 34 passwords checked against a limit of 5; 60 resume
codes from one address 23 against 10; 40 share codes 20 against 10). Here every limited endpoint gets N guesses at
once, each from its own browser, and the check behind it (the account look-up, the code look-up) counts how many
were really made. The check is slowed a little so the requests overlap the way they do on a busy server.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from guide.core.codes import ALPHABET, CODE_LENGTH, format_code
from guide.core.db import writing
from guide.core.ratelimit import Limit, take
from guide.core.settings import get_settings
from tests.conftest import CSRF_RE, make_staff, sign_in_staff

PARALLEL = 40


def fire(count: int, attempt: Callable[[int], Any]) -> list[Any]:
    """Run attempt(0) … attempt(count - 1) in threads released at the same moment; their results in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = attempt(i)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test, which fails on it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors[0]
    return results


class Counted:
    """Wraps the check behind an endpoint: counts the calls, slowed so parallel requests overlap."""

    def __init__(self, check: Callable[..., Any]) -> None:
        self.check, self.calls, self._lock = check, 0, threading.Lock()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - whatever the check takes and gives
        with self._lock:
            self.calls += 1
        time.sleep(0.05)
        return self.check(*args, **kwargs)


def browsers(app, count: int, path: str, cookies: dict[str, str] | None = None) -> list[tuple[TestClient, str]]:  # noqa: ANN001
    """`count` browsers, each with its own cookies and the CSRF token of the form on `path`."""
    found = []
    for _ in range(count):
        client = TestClient(app, follow_redirects=False)
        for name, value in (cookies or {}).items():
            client.cookies.set(name, value)
        match = CSRF_RE.search(client.get(path).text)
        assert match, f"no form on {path}"
        found.append((client, match.group(1)))
    return found


def random_code() -> str:
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


@pytest.fixture
def closing() -> Iterator[list[TestClient]]:
    opened: list[TestClient] = []
    yield opened
    for client in opened:
        client.close()


def test_parallel_takes_get_no_more_slots_than_the_limit(db_engine) -> None:  # noqa: ANN001
    def attempt(_i: int) -> bool:
        with Session(db_engine) as db, writing(db):
            return take(db, Limit("race", 7, 900)).allowed

    assert sum(fire(PARALLEL, attempt)) == 7


def test_parallel_staff_logins_check_no_more_passwords_than_the_limit(app, db, monkeypatch, closing) -> None:  # noqa: ANN001
    make_staff(db, "anna-coach")
    import guide.staff.service as service

    counted = Counted(service.find_account)
    monkeypatch.setattr(service, "find_account", counted)
    clients = browsers(app, PARALLEL, "/en/staff/login")
    closing.extend(c for c, _ in clients)

    def guess(i: int) -> int:
        client, token = clients[i]
        data = {"username": "anna-coach", "password": f"wrong-guess-{i:04d}", "csrf_token": token}
        return client.post("/en/staff/login", data=data).status_code

    statuses = fire(PARALLEL, guess)
    limit = get_settings().login_attempts_per_account
    assert counted.calls <= limit
    assert statuses.count(422) == counted.calls and statuses.count(429) == PARALLEL - counted.calls


def test_parallel_resume_codes_check_no_more_codes_than_the_limit(app, monkeypatch, closing) -> None:  # noqa: ANN001
    monkeypatch.setattr(get_settings(), "resume_attempts", 10)
    import guide.journeys.routes as routes

    counted = Counted(routes.find_journey)
    monkeypatch.setattr(routes, "find_journey", counted)
    clients = browsers(app, PARALLEL, "/en/resume")
    closing.extend(c for c, _ in clients)
    codes = [random_code() for _ in range(PARALLEL)]  # all from one address, each under its own code prefix

    def guess(i: int) -> int:
        client, token = clients[i]
        return client.post("/en/resume", data={"code": codes[i], "csrf_token": token}).status_code

    statuses = fire(PARALLEL, guess)
    assert counted.calls <= 10
    assert statuses.count(429) == PARALLEL - counted.calls


def test_parallel_share_codes_check_no_more_codes_than_the_limit(app, db, monkeypatch, closing) -> None:  # noqa: ANN001
    coach = sign_in_staff(TestClient(app, follow_redirects=False), db, make_staff(db, "anna-coach"))
    closing.append(coach)
    import guide.staff.routes as routes

    counted = Counted(routes.redeem_share_code)
    monkeypatch.setattr(routes, "redeem_share_code", counted)
    clients = browsers(app, PARALLEL, "/en/staff/caseload", cookies=dict(coach.cookies.items()))
    closing.extend(c for c, _ in clients)

    def guess(i: int) -> int:
        client, token = clients[i]
        return client.post("/en/staff/caseload", data={"code": f"{i:06d}", "csrf_token": token}).status_code

    statuses = fire(PARALLEL, guess)
    assert counted.calls <= get_settings().share_code_attempts
    assert statuses.count(429) == PARALLEL - counted.calls


def test_parallel_guesses_of_the_current_password_check_no_more_than_the_limit(app, db, monkeypatch,  # noqa: ANN001
                                                                               closing) -> None:
    coach = sign_in_staff(TestClient(app, follow_redirects=False), db, make_staff(db, "anna-coach"))
    closing.append(coach)
    import guide.staff.service as service

    counted = Counted(service.find_account)
    monkeypatch.setattr(service, "find_account", counted)
    clients = browsers(app, PARALLEL, "/en/staff/password", cookies=dict(coach.cookies.items()))
    closing.extend(c for c, _ in clients)

    def guess(i: int) -> int:
        client, token = clients[i]
        data = {"current_password": f"wrong-guess-{i:04d}", "new_password": "Another-fjord-lantern-8",
                "new_password_again": "Another-fjord-lantern-8", "csrf_token": token}
        response = client.post("/en/staff/password", data=data)
        assert not re.search(r"wrong-guess-\d{4}", response.text)
        return response.status_code

    statuses = fire(PARALLEL, guess)
    assert counted.calls <= get_settings().login_attempts_per_account
    assert statuses.count(429) == PARALLEL - counted.calls
