"""On a full disk a step's save keeps what was typed and says the save failed.

The finding: with the disk full, pressing a step's button gave the error page, and everything typed since the last
save was gone. Here the database refuses the save as SQLite does on a full disk (and, on SQLite, for real: the file
may not grow by a page).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from markupsafe import escape
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from guide.content.library import get_library
from guide.journeys.models import Answer
from tests.conftest import csrf_token

# Longer than a database page (4 KiB), so storing it needs new pages; shorter than the 5,000 characters allowed.
TYPED = ("I can start at 7 o'clock, <after> the children are at school & I have a bus pass. " * 57).strip()


@pytest.fixture
def disk_full(monkeypatch) -> None:  # noqa: ANN001
    import guide.journeys.routes as routes

    def refuse(*_args: object) -> None:
        raise OperationalError("INSERT INTO answer ...", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(routes, "save_step", refuse)


@pytest.fixture
def sqlite_full(db_engine: Engine) -> Iterator[None]:
    """SQLite itself runs out of room: the database may not grow by a single page."""
    if db_engine.dialect.name != "sqlite":
        pytest.skip("max_page_count is SQLite's")
    with db_engine.connect() as conn:
        conn.exec_driver_sql("VACUUM")  # no free pages left inside the file either

    def cap(dbapi_conn, _record, _proxy) -> None:  # noqa: ANN001
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {pages}")
        cur.close()

    event.listen(db_engine, "checkout", cap)
    yield
    event.remove(db_engine, "checkout", cap)
    db_engine.dispose()  # the capped connections go


def _step_form(client, locale: str = "en") -> tuple[dict, object]:  # noqa: ANN001
    step = get_library().step(locale, 2)
    return {"tick": [step.checklist[0].id], f"answer-{step.questions[0].id}": TYPED, "action": "complete",
            "csrf_token": csrf_token(client, locale)}, step


def _assert_kept(response, step, locale: str = "en") -> None:  # noqa: ANN001
    assert response.status_code == 503
    assert f'<html lang="{locale}"' in response.text
    assert str(escape(TYPED)) in response.text  # in the textarea, as typed
    assert f'value="{step.checklist[0].id}" id="tick-{step.checklist[0].id}" checked' in response.text
    assert 'class="error-summary"' in response.text and 'href="#step-form"' in response.text


@pytest.mark.parametrize("locale", ["en", "nl", "fr"])
def test_a_full_disk_keeps_the_typed_answers_and_says_so(job_seeker, disk_full, locale, caplog) -> None:  # noqa: ANN001
    data, step = _step_form(job_seeker, locale)
    response = job_seeker.post(f"/{locale}/steps/2", data=data)
    _assert_kept(response, step, locale)
    if locale != "en":
        assert "could not be saved" not in response.text  # said in the page's language
    assert "bus pass" not in caplog.text


def test_sqlite_running_out_of_room_keeps_the_typed_answers(job_seeker, db, sqlite_full, caplog) -> None:  # noqa: ANN001
    data, step = _step_form(job_seeker)
    response = job_seeker.post("/en/steps/2", data=data)
    _assert_kept(response, step)
    assert "bus pass" not in caplog.text
    assert db.exec(select(func.count()).select_from(Answer)).scalar() == 0
