"""Forwarded addresses are believed only from the proxies the administrator names.

The attack: `tensteps serve` believed X-Forwarded-For from 127.0.0.1, so a request that reached the server from the
machine itself (through any local proxy, or a tunnel) could name a fresh address for every guess: 53 resume guesses a
second, no per-address limit left. Here the app is served with the very options `tensteps serve` hands uvicorn.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from guide import cli
from guide.app import create_app
from guide.core.settings import get_settings
from tests.conftest import csrf_token
from tests.security.test_rate_limit_races import random_code

LIMIT = 3


@pytest.fixture
def served(db_engine, monkeypatch) -> Iterator[Any]:  # noqa: ANN001
    """A factory: the app as `tensteps serve` runs it, reached from `peer`."""
    monkeypatch.setattr(get_settings(), "resume_attempts", LIMIT)
    # With a public address set, `serve` keeps the settings it has (it would otherwise make new ones from the
    # environment, without the limit above).
    monkeypatch.setattr(get_settings(), "public_url", "http://127.0.0.1:8000")
    given: dict[str, Any] = {}
    monkeypatch.setattr(cli, "upgrade", lambda _engine: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: given.update(kwargs))
    assert cli.main(["serve"]) == 0
    options = {k: v for k, v in given.items() if k not in ("host", "port", "workers")}
    opened: list[TestClient] = []

    def serve(peer: str) -> TestClient:
        config = uvicorn.Config(create_app(db_engine), log_config=None, **options)
        config.load()
        client = TestClient(config.loaded_app, follow_redirects=False, client=(peer, 40000))
        opened.append(client)
        return client

    yield serve
    for client in opened:
        client.close()


def _guesses(client: TestClient, count: int, forwarded: Any) -> list[int]:  # noqa: ANN401
    statuses = []
    for n in range(count):
        headers = {"x-forwarded-for": forwarded(n)} if forwarded else {}
        data = {"code": random_code(), "csrf_token": csrf_token(client)}
        statuses.append(client.post("/en/resume", data=data, headers=headers).status_code)
    return statuses


def test_rotating_forwarded_addresses_from_localhost_share_one_limit(served) -> None:  # noqa: ANN001
    client = served("127.0.0.1")
    statuses = _guesses(client, LIMIT + 2, lambda n: f"198.51.100.{n + 1}")
    assert statuses == [422] * LIMIT + [429, 429]


def test_the_default_trusts_no_proxy() -> None:
    assert get_settings().trusted_proxies == []


def test_a_named_proxy_is_believed_and_others_are_not(served, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(get_settings(), "trusted_proxies", ["10.0.0.2", "127.0.0.0/8"])
    behind_proxy = served("10.0.0.2")
    # Two people behind the proxy: each has their own limit.
    assert _guesses(behind_proxy, LIMIT, lambda _n: "198.51.100.1") == [422] * LIMIT
    assert _guesses(behind_proxy, 1, lambda _n: "198.51.100.1") == [429]
    assert _guesses(behind_proxy, 1, lambda _n: "198.51.100.2") == [422]
    # Anyone else claiming to be forwarded is taken at their own address.
    stranger = served("203.0.113.5")
    assert _guesses(stranger, LIMIT + 1, lambda n: f"192.0.2.{n + 1}") == [422] * LIMIT + [429]
