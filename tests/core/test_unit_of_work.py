"""The one way to write (writing()) and the one way to read (reading()): every transaction ends with its block, so
SQLite's writer lock is always handed back; and no module but guide.core.db commits or rolls back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from guide.core.db import reading, writer_lock, writing
from guide.journeys.models import Journey
from guide.journeys.service import start_journey

ROOT = Path(__file__).resolve().parents[2]


def _journeys(engine) -> int:  # noqa: ANN001
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Journey)).scalar_one()


def _lock_free(engine) -> bool:  # noqa: ANN001
    lock = writer_lock(engine)
    return lock is None or not lock.locked()


def _stored_and_unlocked(engine, journeys: int) -> None:  # noqa: ANN001
    """What the database holds once the session is closed: `journeys` journeys, and no writer lock taken."""
    assert _journeys(engine) == journeys
    assert _lock_free(engine)


def test_writing_commits_when_the_block_ends(db_engine):
    with Session(db_engine) as db:
        with writing(db):
            start_journey(db, "secret", "medway", "en")
            if db_engine.dialect.name == "sqlite":
                assert not _lock_free(db_engine)  # the write queued for the lock
        assert not db.in_transaction()
    _stored_and_unlocked(db_engine, 1)


def test_writing_rolls_back_on_any_exception_and_lets_it_through(db_engine):
    with Session(db_engine) as db:
        with pytest.raises(ValueError, match="refused"), writing(db):
            start_journey(db, "secret", "medway", "en")
            db.flush()
            raise ValueError("refused")
        assert not db.in_transaction()
        assert _lock_free(db_engine)
        with writing(db):  # the session is usable again
            start_journey(db, "secret", "medway", "en")
    _stored_and_unlocked(db_engine, 1)


def test_a_failed_commit_still_ends_the_transaction(db_engine):
    with Session(db_engine) as db:
        with writing(db):
            journey, _code = start_journey(db, "secret", "medway", "en")
        with pytest.raises(IntegrityError), writing(db):
            db.add(Journey(code_hash=journey.code_hash, centre_id="medway", locale="en"))  # flushed by the commit
        assert not db.in_transaction()
    _stored_and_unlocked(db_engine, 1)


def test_a_savepoint_undoes_only_what_it_wrapped(db_engine):
    """How a retry runs inside a unit of work; on SQLite too, whose driver would otherwise commit at the RELEASE."""
    with Session(db_engine) as db:
        with writing(db):
            journey, _code = start_journey(db, "secret", "medway", "en")
            with pytest.raises(IntegrityError), db.begin_nested():
                db.add(Journey(code_hash=journey.code_hash, centre_id="medway", locale="en"))
            start_journey(db, "secret", "kortrijk", "nl")
        assert _journeys(db_engine) == 2
        with pytest.raises(ValueError, match="undo"), writing(db):
            with db.begin_nested():  # the first thing in the transaction: its RELEASE must not commit
                start_journey(db, "secret", "medway", "en")
            raise ValueError("undo")
    _stored_and_unlocked(db_engine, 2)


def test_reading_leaves_no_transaction_open_and_expires_nothing(db_engine, count_queries):
    with Session(db_engine) as db:
        with writing(db):
            start_journey(db, "secret", "medway", "en")
        with reading(db):
            journey = db.exec(select(Journey)).scalars().one()
        assert not db.in_transaction()
        with count_queries() as log:
            assert journey.centre_id == "medway"  # still loaded: no query
        assert len(log) == 0
    assert _lock_free(db_engine)


def test_reading_refuses_a_change_and_undoes_it(db_engine):
    with Session(db_engine) as db:
        with pytest.raises(RuntimeError, match="writing"), reading(db):
            db.add(Journey(code_hash="x", centre_id="medway", locale="en"))
        assert not db.in_transaction()
        with pytest.raises(ValueError, match="failed"), reading(db):
            db.execute(text("SELECT 1"))
            raise ValueError("failed")
        assert not db.in_transaction()
    _stored_and_unlocked(db_engine, 0)


@pytest.mark.parametrize(("outer", "inner"), [(writing, writing), (writing, reading), (reading, writing)])
def test_a_unit_of_work_inside_another_is_refused(db_engine, outer, inner):
    with Session(db_engine) as db:
        with pytest.raises(RuntimeError, match="inside"), outer(db), inner(db):
            pass
        with writing(db):  # and the session goes on
            pass
    assert _lock_free(db_engine)


# --- services never commit --------------------------------------------------------------------------------------

# Modules allowed to end a transaction themselves, and why. guide.core.db is the unit of work; the migrations run on
# Alembic's own connection.
ALLOWED = {"guide/core/db.py"}
ALLOWED_FOLDERS = ("guide/migrations/",)


def _ends_transactions(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("commit", "rollback")
    ]


def test_no_module_but_the_unit_of_work_commits_or_rolls_back():
    found = {}
    for folder in ("guide", "skills_audit"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in ALLOWED or name.startswith(ALLOWED_FOLDERS):
                continue
            if lines := _ends_transactions(path):
                found[name] = lines
    assert found == {}, "open the unit of work at the caller: with writing(db) / with reading(db)"
