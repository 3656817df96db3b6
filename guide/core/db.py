"""Engine and sessions, and the one way to read and the one way to write. SQLite is tuned for many readers and one
writer; PostgreSQL needs nothing special.

Every transaction is opened and ended here, by the caller at the edge (a route, a command, the demo, the purge):

    with writing(db):           # one unit of work: commits when the block ends, rolls back on any exception
        save_step(db, ...)
    with reading(db):           # a read: ends the transaction when the block ends, loaded objects stay usable
        found = overview(db, journey)
    panel = await read_db(engine, read, ...)   # the hot pages' reads, on a bare connection

Services (service.py, revisions, ratelimit, exchange, skills_audit.needs) do their work on the session they are
given and never commit or roll back; a retry inside a unit of work runs in a savepoint (`with db.begin_nested():`).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from anyio.to_thread import run_sync as run_in_threadpool
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor, ExceptionContext
from sqlalchemy.pool import ConnectionPoolEntry, PoolResetState
from sqlmodel import Session, create_engine

from guide.core.settings import DataDirError, cannot_write, get_settings, make_private_dir

T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """The engine for a database URL (DataDirError when an SQLite file cannot be written where it must live)."""
    # hide_parameters: a database error's message (and so every traceback in a log) carries the statement's
    # values, and those are what job seekers typed.
    if url.startswith("sqlite"):
        _prepare_sqlite_file(url)
        synchronous = get_settings().sqlite_synchronous
        # A pool as large as FastAPI's thread pool (40): SQLite connections are cheap, and a request never
        # holds one while it waits for a thread (see guide.sessions.deps.signed_in_read).
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=40, max_overflow=10,
            hide_parameters=True,
        )

        _queue_writers(engine)
        _savepoints_inside_transactions(engine)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute(f"PRAGMA synchronous={synchronous}")  # one of two literals (guide.core.settings)
            cur.close()

        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30, hide_parameters=True)
    _terse_errors(engine)
    return engine


def _prepare_sqlite_file(url: str) -> None:
    """Create the database file readable by this user only (SQLite would make it 0644; its -wal and -shm files take
    the database's mode), and check that its folder takes the -wal and -shm files: better one clear line at start
    than a traceback at the first write."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database).resolve()
    make_private_dir(path.parent, "the database's folder", "TENSTEPS_DATA_DIR or TENSTEPS_DATABASE_URL")
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as exc:
        raise DataDirError(cannot_write(path.parent, exc, "the database's folder",
                                        "TENSTEPS_DATA_DIR or TENSTEPS_DATABASE_URL")) from None


def _terse_errors(engine: Engine) -> None:
    """PostgreSQL's errors name the values too ("DETAIL: Failing row contains (…)"): keep the primary message only,
    so no error or traceback carries what someone typed. The details stay on the error's `diag` for code to read."""

    @event.listens_for(engine, "handle_error")
    def _terse(context: ExceptionContext) -> None:
        original = context.original_exception
        primary = getattr(getattr(original, "diag", None), "message_primary", None)
        if not primary:
            return
        original.args = (primary,)
        wrapped = context.sqlalchemy_exception
        if wrapped is not None and wrapped.args:  # SQLAlchemy worded its message before this hook ran
            wrapped.args = (f"({type(original).__module__}.{type(original).__name__}) {primary}",)


# SQLite lets one connection write at a time. A writer that finds the lock taken sleeps and polls (1, 2, 5 ... up to
# 100 ms), so under load it waits far longer than the writes ahead of it take. Within this process, writers queue
# on a lock instead and each starts the moment the one before it ends; other processes still meet SQLite's own
# busy timeout. The lock is taken at a transaction's first write and released when it commits or rolls back.
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
WRITER_WAIT_SECONDS = 30


_WRITER_LOCKS: WeakKeyDictionary[Engine, threading.Lock] = WeakKeyDictionary()


def writer_lock(engine: Engine) -> threading.Lock | None:
    """The lock this process's writers queue on (SQLite only)."""
    return _WRITER_LOCKS.get(engine)


def _queue_writers(engine: Engine) -> None:
    lock = _WRITER_LOCKS[engine] = threading.Lock()

    def release(info: dict[Any, Any]) -> None:
        if info.pop("writing", False):
            lock.release()

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Connection, _cursor: DBAPICursor, statement: str, *_args: object) -> None:
        if not conn.info.get("writing") and statement.lstrip()[:7].upper().startswith(_WRITES):
            # After the wait, go on regardless: SQLite's busy timeout still guards the write.
            conn.info["writing"] = lock.acquire(timeout=WRITER_WAIT_SECONDS)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _ended(conn: Connection) -> None:
        release(conn.info)

    @event.listens_for(engine, "reset")
    def _reset(_dbapi_conn: DBAPIConnection, record: ConnectionPoolEntry, _state: PoolResetState) -> None:
        release(record.info)  # a connection handed back to the pool with its transaction open


def _savepoints_inside_transactions(engine: Engine) -> None:
    """pysqlite opens a transaction only before an INSERT, UPDATE or DELETE: a SAVEPOINT that comes first would open
    one of its own, and its RELEASE would commit the whole unit of work there and then. Open the transaction first
    (on the driver's connection: no statement of ours, so nothing more to count)."""

    @event.listens_for(engine, "savepoint")
    def _begin_first(conn: Connection, _name: str) -> None:
        driver = conn.connection.driver_connection
        if driver is not None and not driver.in_transaction:
            driver.execute("BEGIN")


# --- the one way to read and the one way to write ----------------------------------------------------------------
#
# A unit of work is opened once, by the caller at the edge: writing() or reading() inside another is a mistake and
# raises (joining it silently would move a commit that the inner block counts on, such as a rate limit's). A
# transaction the session began on its own before the block (a look-up outside any unit) is taken into it.

_UNIT = "tensteps.unit_of_work"


@contextmanager
def _unit(db: Session, kind: str) -> Iterator[None]:
    outer = db.info.get(_UNIT)
    if outer is not None:
        raise RuntimeError(f"{kind}() inside {outer}(): a unit of work is opened once, by the caller at the edge")
    db.info[_UNIT] = kind
    try:
        yield
    finally:
        del db.info[_UNIT]


@contextmanager
def writing(db: Session) -> Iterator[None]:
    """One unit of work on `db`: commits when the block ends, rolls back on any exception (which goes on up), so a
    transaction never outlives its block and SQLite's writer lock is always handed back. Catch a service's refusal
    outside the block: the session is usable again once writing() has rolled back.

    A retry inside the unit (two resume codes that clash, an answer sent twice at once) runs in a savepoint,
    `with db.begin_nested():`, which undoes only what it wrapped. Two writes that must not share a transaction (a
    rate limit's slot is committed before the slow check it guards) are two writing() blocks one after the other."""
    with _unit(db, "writing"):
        try:
            yield
        except BaseException:
            db.rollback()
            raise
        try:
            db.commit()
        except BaseException:  # the commit itself failed (a full disk): end the transaction all the same
            db.rollback()
            raise


@contextmanager
def reading(db: Session) -> Iterator[None]:
    """A read on an ORM session: ends the transaction when the block ends, so the connection (and PostgreSQL's
    snapshot) is free before the page is rendered. What was loaded is not expired: the page reads it without another
    query. A read never commits: a block that changed objects is refused (RuntimeError) and what it did is undone.
    On an exception the session rolls back, as in writing(). The hottest pages read through read_db instead."""
    with _unit(db, "reading"):
        try:
            yield
        except BaseException:
            db.rollback()
            raise
        if db.new or db.dirty or db.deleted:
            db.rollback()
            raise RuntimeError("reading() changed objects: a write goes in writing()")
        transaction = db.get_transaction()
        if transaction is not None:
            transaction.close()  # rolls the connection back; unlike Session.rollback(), it expires nothing


async def read_db(engine: Engine, read: Callable[..., T], *args: object) -> T:
    """The read path of the hottest pages (reading() is the same for ORM sessions): run `read(connection, *args)`,
    a read that writes nothing, on a connection of its own, and end its transaction before returning.

    On SQLite (WAL) a read never waits for a lock and takes microseconds, so it runs right here on the event loop: a
    trip to the thread pool would cost more than the query, and under load the pool's threads queue for the GIL. On
    a database over the network the read goes to the thread pool, as sync endpoints do."""
    def run() -> T:
        with engine.connect() as conn:
            try:
                return read(conn, *args)
            finally:
                conn.rollback()  # read-only: the connection goes back to the pool with no transaction open

    if engine.dialect.name == "sqlite":
        return run()
    return await run_in_threadpool(run)


def database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False
