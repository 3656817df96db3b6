"""The pages that read on the event loop (task list, step, My plan) look the guide up in the same read as the
session: on PostgreSQL that read is in the thread pool, so the guide's freshness check (a query) never blocks the
event loop; on SQLite it runs on the loop by design (a local read costs less than a trip to a thread)."""

from __future__ import annotations

import asyncio

import pytest

from guide.content.revisions import PublishedOverlay


def watch_freshness_checks(monkeypatch) -> list[bool]:  # noqa: ANN001
    """Each check of the guide's freshness from now on: True when it ran on the event loop."""
    on_loop: list[bool] = []
    original = PublishedOverlay.token

    def watched(self: PublishedOverlay) -> str:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return original(self)

    monkeypatch.setattr(PublishedOverlay, "token", watched)
    return on_loop


@pytest.mark.parametrize("path", ["/en/steps", "/en/steps/2", "/en/steps/5", "/en/plan"])
def test_the_guides_freshness_is_read_where_the_session_is(job_seeker, db_engine, monkeypatch, path):
    on_loop = watch_freshness_checks(monkeypatch)
    assert job_seeker.get(path).status_code == 200
    assert on_loop, "the page looked the guide up"
    if db_engine.dialect.name == "sqlite":
        assert all(on_loop)
    else:
        assert not any(on_loop), on_loop
