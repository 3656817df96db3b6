"""Engine and sessions. SQLite is tuned for many readers and one writer; PostgreSQL needs nothing special."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from anyio.to_thread import run_sync as run_in_threadpool
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor, ExceptionContext
from sqlalchemy.pool import ConnectionPoolEntry, PoolResetState
from sqlmodel import create_engine

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


async def read_db(engine: Engine, read: Callable[..., T], *args: object) -> T:
    """Run `read(connection, *args)`, a read that writes nothing. On SQLite (WAL) a read never waits for a lock
    and takes microseconds, so it runs right here on the event loop: a trip to the thread pool would cost more than
    the query, and under load the pool's threads queue for the GIL. On a database over the network the read goes
    to the thread pool, as sync endpoints do."""
    def run() -> T:
        with engine.connect() as conn:
            return read(conn, *args)

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
