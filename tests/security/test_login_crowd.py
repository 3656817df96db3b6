"""Password hashing under a crowd: at most a few argon2 hashes run at once, and every sign-in still succeeds.

The attack: 40 simultaneous sign-ins used 1.44 GB, each argon2 hash holding 64 MiB while it runs. Here many threads
sign in at the same moment (and others set passwords) with the hasher wrapped so that it counts how many of its calls
run at once; each call is held a little so that, without a bound, they would overlap.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from guide.core.db import make_engine
from guide.core.settings import get_settings
from guide.staff import service
from tests.conftest import STAFF_PASSWORD, authenticate, make_staff

PEOPLE = 8
LIMITS = (50, 500, 900)  # the rate limits are not what this is about


class CountingHasher:
    """The real hasher, counting how many of its calls are under way at once."""

    def __init__(self, real: object) -> None:
        self.real = real
        self.lock = threading.Lock()
        self.running = self.most = self.calls = 0

    def _run(self, name: str, *args: str) -> object:
        with self.lock:
            self.running += 1
            self.calls += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.05)  # widen the window in which calls could overlap (not a timing assertion)
            return getattr(self.real, name)(*args)
        finally:
            with self.lock:
                self.running -= 1

    def hash(self, password: str) -> str:
        return self._run("hash", password)  # type: ignore[return-value]

    def verify(self, password: str, hashed: str) -> bool:
        return self._run("verify", password, hashed)  # type: ignore[return-value]

    def verify_and_update(self, password: str, hashed: str) -> tuple[bool, str | None]:
        return self._run("verify_and_update", password, hashed)  # type: ignore[return-value]


@pytest.fixture
def crowd_engine(db_engine: Engine) -> Iterator[Engine]:
    """An engine of its own on the test database: the crowd's dozen pooled connections are closed afterwards, not
    handed to the next test (a pooled SQLite connection keeps the schema it last read)."""
    engine = make_engine(db_engine.url.render_as_string(hide_password=False))
    yield engine
    engine.dispose()


@pytest.fixture
def counting(monkeypatch) -> Iterator[CountingHasher]:  # noqa: ANN001
    hasher = CountingHasher(service._hasher)
    monkeypatch.setattr(service, "_hasher", hasher)
    service._dummy_hash()  # made once per process: not part of the crowd
    yield hasher


def _crowd(engine: Engine, usernames: list[str], extra: int = 0) -> list[object]:
    """Every username signs in at the same moment, and `extra` threads hash a new password meanwhile."""
    results: list[object] = [None] * (len(usernames) + extra)
    start = threading.Barrier(len(results))

    def sign_in(i: int, username: str) -> None:
        with Session(engine, expire_on_commit=False) as db:
            start.wait()
            result = authenticate(db, "secret", username, STAFF_PASSWORD, f"10.0.0.{i}", LIMITS)
            results[i] = result.account.username if result.account else result

    def set_password(i: int) -> None:
        start.wait()
        results[i] = service.hash_password(f"a-new-password-{i}")[:9]

    threads = [threading.Thread(target=sign_in, args=(i, u)) for i, u in enumerate(usernames)]
    threads += [threading.Thread(target=set_password, args=(len(usernames) + i,)) for i in range(extra)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_a_crowd_of_sign_ins_hashes_at_most_the_bound_at_once_and_all_succeed(crowd_engine, db, counting):
    usernames = [f"crowd-{i:02}" for i in range(PEOPLE)]
    for username in usernames:
        make_staff(db, username)
    counting.calls = 0
    results = _crowd(crowd_engine, usernames, extra=2)
    assert results[:PEOPLE] == usernames  # every sign-in went through, none refused or failed
    assert all(r == "$argon2id" for r in results[PEOPLE:])
    assert counting.calls == PEOPLE + 2
    bound = get_settings().password_hashes_at_once
    assert bound == 2
    assert counting.most == bound  # never more at once; and as many as allowed, not one by one


def test_unknown_usernames_wait_their_turn_too(crowd_engine, counting):
    """A crowd of made-up names still costs a hash each (the dummy one, for equal timing): bounded the same way."""
    results = _crowd(crowd_engine, [f"nobody-{i}" for i in range(PEOPLE)])
    assert all(isinstance(r, service.LoginResult) and r.account is None and not r.limited for r in results)
    assert counting.most == get_settings().password_hashes_at_once


def test_the_bound_is_a_setting(crowd_engine, db, counting, monkeypatch):
    monkeypatch.setattr(get_settings(), "password_hashes_at_once", 1)
    service._hash_slots.cache_clear()
    try:
        usernames = [f"single-{i}" for i in range(4)]
        for username in usernames:
            make_staff(db, username)
        assert _crowd(crowd_engine, usernames) == usernames
        assert counting.most == 1
    finally:
        service._hash_slots.cache_clear()
