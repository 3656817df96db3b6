"""Browser tests: the app served by uvicorn in a thread, driven by Playwright in Debian's chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy.engine import Engine

from guide.app import create_app

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# Layout and accessibility (axe-core, 320 px reflow) are the browser's reading of the same HTML and CSS, whichever
# database served it: those checks run on SQLite only.
LAYOUT_ONLY = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
# A browser walk checks what the browser does (keyboard, no JavaScript, htmx, focus); what the routes read and write is
# checked on both databases by the route tests beside each feature. So walks run on SQLite, and on PostgreSQL too only
# where the browser's own timing meets the database's (closing the browser and resuming, the session's time-out):
# every walk on both databases had grown to a sixth of the suite's time.
POSTGRESQL_TOO = pytest.mark.postgresql_too
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    kept, dropped = [], []
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            params = getattr(getattr(item, "callspec", None), "params", {})
            if params.get("engine") == "postgresql" and item.get_closest_marker("postgresql_too") is None:
                dropped.append(item)
                continue
        kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    # Playwright cannot download its own browser here; Debian's chromium is the one we test on.
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(engine: Engine) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def site(live_server: str, db_engine: Engine) -> str:
    """The live server's base URL; the database is emptied after each test."""
    return live_server


def axe_violations(page) -> list[str]:  # noqa: ANN001
    """axe-core's violations on the page as it is now, one line each (id, impact, help, the first elements)."""
    assert AXE.exists(), "axe-core is missing: run `bash .ci/setup --test`"
    # A click that posts a form may still be on its way to the next page (POST, then a 303): axe must check the
    # page that arrives, not the one being torn down, so it runs again once that page has loaded.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(AXE.read_text(encoding="utf-8"))
            result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
            break
        except PlaywrightError:
            if attempt == 2:
                raise
            page.wait_for_timeout(200)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def check_accessibility(page) -> None:  # noqa: ANN001
    """Run axe-core on the page as it is now and fail on any violation."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: " + "\n".join(violations)
