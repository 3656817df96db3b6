"""Engine and sessions. SQLite is tuned for many readers and one writer; PostgreSQL needs nothing special."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

T = TypeVar("T")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # A pool as large as FastAPI's thread pool (40): SQLite connections are cheap, and a request never
        # holds one while it waits for a thread (see guide.routes.journey.current_journey).
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=40, max_overflow=10
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """FastAPI dependency: one session per request, on the app's engine. Async on purpose: opening a Session
    does no I/O, and it spares the request a trip to the thread pool; the queries run in the endpoint's thread."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


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
