"""Fixtures shared by every test: the database on each backend, the app, a client per role."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

# Settings are read once: point them at throw-away places before the app is imported.
_TMP = Path(tempfile.mkdtemp(prefix="tensteps-tests-"))
os.environ["TENSTEPS_DATA_DIR"] = str(_TMP / "data")
os.environ["TENSTEPS_SECRET_KEY"] = "test-secret-key-not-for-production"
os.environ.pop("TENSTEPS_DATABASE_URL", None)
# Tests publish and look at once, as if on one worker; the refresh delay has a test of its own.
os.environ["TENSTEPS_CONTENT_REFRESH_SECONDS"] = "0"

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from guide import tables  # noqa: E402,F401 - registers the tables
from guide.app import create_app  # noqa: E402
from guide.core.db import make_engine, writer_lock  # noqa: E402
from guide.core.migrate import upgrade  # noqa: E402
from guide.staff import service as staff_service  # noqa: E402

# Argon2 is slow on purpose: production's parameters (64 MiB, 3 passes, 4 lanes) cost half a second of both cores for
# every hash and every check, and the tests sign in, fail to sign in, set passwords and load the demo's accounts
# hundreds of times. They use the same argon2id through the same code with the smallest cost argon2 allows;
# tests/staff/test_staff.py checks production's parameters on PRODUCTION_HASHER itself.
PRODUCTION_HASHER = staff_service._hasher
staff_service._hasher = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))

PG_URL = os.environ.get("TENSTEPS_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def _postgres_url(schema: str) -> str:
    # Each run gets its own schema in the shared `test` database, so nothing else there is touched.
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    schema = f"tensteps_test_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = make_engine(_postgres_url(schema))
    upgrade(eng)
    yield eng
    eng.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def db_engine(engine: Engine) -> Iterator[Engine]:
    """The session's engine, emptied after each test (which must not leave SQLite's writer queue locked)."""
    yield engine
    empty_database(engine)


def empty_database(engine: Engine) -> None:
    """Delete every row, as after each test (which must not leave SQLite's writer queue locked)."""
    lock = writer_lock(engine)
    assert lock is None or not lock.locked(), "a write transaction was left open"
    children_first = list(reversed(SQLModel.metadata.sorted_tables))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # Every table's delete in one round trip to the server (psycopg sends a text without parameters as it
            # is), not one round trip per table after every PostgreSQL test: 0.08-0.12 s became 0.01-0.02 s.
            quote = conn.dialect.identifier_preparer.format_table
            conn.exec_driver_sql("; ".join(f"DELETE FROM {quote(table)}" for table in children_first))
            return
        for table in children_first:
            conn.execute(table.delete())


class QueryLog:
    """The SQL statements an engine ran while it was listening."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __len__(self) -> int:
        return len(self.statements)

    def counts(self) -> tuple[int, int]:
        """(statements, of which reads of the content token): the tests publish with no refresh delay, so each
        look-up of the guide reads the token; in production a worker reads it at most once per refresh delay."""
        token = sum(1 for s in self.statements if "FROM content_state" in s)
        return len(self.statements), token


@pytest.fixture
def count_queries(db_engine: Engine):  # noqa: ANN201
    """`with count_queries() as log:` records every statement the app's engine runs inside the block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting() -> Iterator[QueryLog]:
        log = QueryLog()

        def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
            log.statements.append(statement)

        event.listen(db_engine, "before_cursor_execute", record)
        try:
            yield log
        finally:
            event.remove(db_engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def db(db_engine: Engine) -> Iterator[Session]:
    with Session(db_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def app(db_engine: Engine):  # noqa: ANN201
    return create_app(db_engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # noqa: ANN001
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def make_client(app) -> Iterator[Callable[[], TestClient]]:  # noqa: ANN001
    """More browsers on the app, each with its own cookies (two editors, a job seeker and an editor…)."""
    clients: list[TestClient] = []

    def new() -> TestClient:
        c = TestClient(app, follow_redirects=False)
        c.__enter__()
        clients.append(c)
        return c

    yield new
    for c in clients:
        c.__exit__(None, None, None)


def csrf_token(client: TestClient, locale: str = "en") -> str:
    """The CSRF token this client's forms carry (it hangs on the client's cookie)."""
    response = client.get(f"/{locale}/")
    match = CSRF_RE.search(response.text)
    assert match, "no CSRF token on the start page"
    return match.group(1)


def start_journey(client: TestClient, locale: str = "en", centre: str = "medway") -> str:
    """Start a journey through the web, as a job seeker would; returns the resume code."""
    response = client.post(f"/{locale}/start", data={"centre": centre, "csrf_token": csrf_token(client, locale)})
    assert response.status_code == 200, response.text
    match = re.search(r'id="resume-code">([A-Z0-9-]+)<', response.text)
    assert match, "no resume code on the page"
    return match.group(1)


@pytest.fixture
def job_seeker(client: TestClient) -> TestClient:
    """A client signed in to a fresh journey (the code is on `client.resume_code`)."""
    client.resume_code = start_journey(client)  # type: ignore[attr-defined]
    return client


# --- staff -----------------------------------------------------------------------------------------------------------

STAFF_PASSWORD = "Fjord-lantern-quiet-7"
SHARE_CODE_RE = re.compile(r'id="share-code">(\d{3} \d{3})<')


@lru_cache
def staff_password_hash() -> str:
    """The test password's hash, made once for every account the tests make."""
    from guide.staff.service import hash_password

    return hash_password(STAFF_PASSWORD)


def make_staff(db: Session, username: str, roles: tuple[str, ...] = ("coach",), partner: str = "Medway Council",
               languages: tuple[str, ...] = (), all_partners: bool = False):  # noqa: ANN201
    from guide.core.db import writing
    from guide.staff.service import create_account

    with writing(db):
        return create_account(
            db, username, username.replace("-", " ").title(), partner, set(roles), set(languages), {"nl", "fr", "en"},
            password_hash=staff_password_hash(), all_partners=all_partners,
        )


def authenticate(db: Session, secret: str, username: str, password: str, address: str,
                 limits: tuple[int, int, int], device: str = ""):  # noqa: ANN201
    """A sign-in's check as the login page makes it: the slots in a unit of work of their own, then the check."""
    from guide.core.db import writing
    from guide.staff.service import check_login, login_slots

    with writing(db):
        attempt = login_slots(db, secret, username, address, limits, device)
    with writing(db):
        return check_login(db, secret, username, password, attempt, device)


def sign_in_staff(client: TestClient, db: Session, account) -> TestClient:  # noqa: ANN001
    """Put a live staff session on the client's cookies, as a successful login would."""
    from guide.core.db import writing
    from guide.core.settings import get_settings
    from guide.sessions.service import open_staff_session
    from guide.web.security import STAFF_COOKIE

    with writing(db):
        token = open_staff_session(db, get_settings().resolved_secret_key(), account.id)
    client.cookies.set(STAFF_COOKIE, token)
    return client


def share_code(client: TestClient, answers: str = "no", locale: str = "en", barriers: str = "",
               outcomes: str = "") -> str:
    """A signed-in job seeker makes a share code through the web (`barriers="yes"`: what stands in their way
    too; `outcomes="yes"`: the coach may record what they started); returns the code as shown."""
    data = {"answers": answers, "csrf_token": csrf_token(client, locale)}
    data |= ({"barriers": barriers} if barriers else {}) | ({"outcomes": outcomes} if outcomes else {})
    response = client.post(f"/{locale}/share", data=data)
    assert response.status_code == 200, response.text
    match = SHARE_CODE_RE.search(response.text)
    assert match, "no share code on the page"
    return match.group(1)


def add_client(coach: TestClient, code: str, locale: str = "en") -> int:
    """The coach types the share code into their caseload; returns the client's link id."""
    response = coach.post(f"/{locale}/staff/caseload", data={"code": code, "csrf_token": csrf_token(coach, locale)})
    assert response.status_code == 303, response.text
    page = coach.get(response.headers["location"])
    match = re.search(r'href="/' + locale + r'/staff/clients/(\d+)"', page.text)
    assert match, "the client is not in the caseload"
    return int(match.group(1))
