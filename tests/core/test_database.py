"""The engine's parts of our own: SQLite's queue of writers and where reads run."""

import asyncio
import threading

from sqlalchemy import func, select, text
from sqlmodel import Session, SQLModel

from guide.core.db import make_engine, read_db, writer_lock, writing
from guide.journeys.models import Journey
from guide.journeys.service import start_journey
from tests.conftest import empty_database, make_staff
from tests.conftest import start_journey as start_on_the_web


def test_a_write_holds_the_writer_lock_until_its_transaction_ends(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    lock = writer_lock(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (a INTEGER)"))
    assert not lock.locked()

    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM t"))
        assert not lock.locked()  # reading never queues
        conn.execute(text("INSERT INTO t VALUES (1)"))
        assert lock.locked()
        conn.execute(text("UPDATE t SET a = 2"))  # the same transaction: no second wait
        conn.commit()
        assert not lock.locked()
        conn.execute(text("DELETE FROM t"))
        conn.rollback()
        assert not lock.locked()
        conn.execute(text("INSERT INTO t VALUES (3)"))
    assert not lock.locked()  # handed back to the pool with its transaction open: rolled back, lock freed

    with Session(engine) as db:
        db.execute(text("INSERT INTO t VALUES (4)"))
        assert lock.locked()
    assert not lock.locked()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT a FROM t")).scalars().all() == [2]
    engine.dispose()


def test_only_sqlite_queues_its_writers(db_engine):
    assert (writer_lock(db_engine) is not None) == (db_engine.dialect.name == "sqlite")


def test_many_writers_at_once_all_succeed(db_engine):
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(5):
                with Session(db_engine) as db, writing(db):
                    start_journey(db, "secret", "medway", "en")
        except BaseException as exc:  # noqa: BLE001 - collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Session(db_engine) as db:
        assert db.exec(select(func.count()).select_from(Journey)).scalar() == 60
    lock = writer_lock(db_engine)
    assert lock is None or not lock.locked()


def test_reads_run_on_the_event_loop_only_on_sqlite(db_engine):
    def read(conn) -> tuple[int, int]:  # noqa: ANN001
        return threading.get_ident(), conn.execute(text("SELECT 1")).scalar()

    found: dict = {}

    def loop() -> None:  # a thread of its own: the browser tests keep an event loop running in this one
        found["loop"] = threading.get_ident()
        found["ran_in"], found["value"] = asyncio.run(read_db(db_engine, read))

    thread = threading.Thread(target=loop)
    thread.start()
    thread.join()
    assert found["value"] == 1
    assert (found["ran_in"] == found["loop"]) == (db_engine.dialect.name == "sqlite")


def test_sqlite_syncs_as_the_setting_says(tmp_path, monkeypatch):
    """NORMAL by default (README, Settings: what a power cut may undo); FULL when TENSTEPS_SQLITE_SYNCHRONOUS says."""
    from guide.core.settings import get_settings

    for setting, pragma in (("NORMAL", 1), ("FULL", 2)):
        monkeypatch.setattr(get_settings(), "sqlite_synchronous", setting)
        engine = make_engine(f"sqlite:///{tmp_path / setting}.db")
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA synchronous")).scalar() == pragma
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        engine.dispose()


def test_the_tests_empty_every_table_between_tests(db_engine, client):
    """tests/conftest.py's emptying, on each database (on PostgreSQL its deletes go in one text): nothing is left."""
    start_on_the_web(client)
    with Session(db_engine, expire_on_commit=False) as db:
        make_staff(db, "anna-coach")

    def rows() -> dict[str, int]:
        with db_engine.connect() as conn:
            counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                      for t in SQLModel.metadata.sorted_tables}
        return {name: n for name, n in counts.items() if n}

    assert {"journey", "staff_account"} <= rows().keys()
    empty_database(db_engine)
    assert rows() == {}
