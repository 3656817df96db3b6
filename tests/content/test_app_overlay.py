"""The published revisions an app shows are its own database's: the overlay belongs to the app, not the process."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from guide.app import create_app
from guide.content import revisions as rev
from guide.core.db import make_engine
from guide.core.migrate import upgrade
from tests.conftest import start_journey

TITLE = "Aim for one goal you can reach"


def test_two_apps_in_one_process_each_show_the_texts_published_in_their_own_database(tmp_path):
    engines = [make_engine(f"sqlite:///{tmp_path / name}.db") for name in ("first", "second")]
    for engine in engines:
        upgrade(engine)
    first, second = (create_app(engine) for engine in engines)  # the second is made last, as it was the last word
    with Session(engines[0]) as db:
        revision = rev.save(db, "step/3/title", "en", TITLE, "ann", None)
        rev.publish(db, revision.id, "ann")
        db.commit()
    try:
        with TestClient(first) as a, TestClient(second) as b:
            start_journey(a)
            start_journey(b)
            assert TITLE in a.get("/en/steps/3").text
            assert TITLE not in b.get("/en/steps/3").text
            assert TITLE in a.get("/en/steps").text  # the task list too, on the same worker
    finally:
        for engine in engines:
            engine.dispose()
