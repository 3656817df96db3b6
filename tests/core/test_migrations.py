"""Migrations and models agree, so the schema on SQLite and PostgreSQL is the one the code expects."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from guide import tables  # noqa: F401 - registers the tables


def test_migrations_match_the_models(db_engine):
    """Every table, column, index and constraint the migrations make is in the models, and the other way round: a
    future `alembic revision --autogenerate` would otherwise drop what only the migrations know (indexes included)."""
    with db_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_two_upgrades_at_once_leave_one_schema(engine, tmp_path):
    """Several machines start at once and each upgrades first: the second waits for the first and finds the schema
    at head (PostgreSQL: the upgrade's advisory lock; SQLite: its write lock), instead of failing on tables the
    first has just made."""
    import threading
    import uuid

    from sqlalchemy import text

    from guide.core.db import make_engine
    from guide.core.migrate import upgrade
    from tests.conftest import PG_URL, _postgres_url

    if engine.dialect.name == "postgresql":
        schema = f"tensteps_upgrade_{uuid.uuid4().hex[:8]}"
        admin = make_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        fresh = make_engine(_postgres_url(schema))
    else:
        admin, schema = None, ""
        fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        try:
            upgrade(fresh)
        except BaseException as error:  # noqa: BLE001 - the test reports whatever the second upgrade raised
            errors.append(error)

    try:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        with fresh.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert len(versions) == 1
        assert diff == []
    finally:
        fresh.dispose()
        if admin is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
