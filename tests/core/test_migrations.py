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


def test_the_cheap_head_is_alembics_head(tmp_path):
    """`tensteps serve` skips alembic on a database at head, found by reading the revision files' own lines: that
    reading names the head alembic names."""
    from alembic.script import ScriptDirectory

    from guide.core.migrate import alembic_config, head_revision

    engine = make_sqlite_engine(tmp_path / "heads.db")
    try:
        assert [head_revision()] == ScriptDirectory.from_config(alembic_config(engine)).get_heads()
    finally:
        engine.dispose()


def test_serve_upgrades_only_a_database_behind(tmp_path):
    """A fresh database is upgraded, the next start finds it at head and leaves it; one a revision behind (a deploy
    with a new migration) is upgraded again."""
    from alembic import command
    from sqlalchemy import text

    from guide.core.migrate import alembic_config, at_head, head_revision, upgrade, upgrade_if_behind

    engine = make_sqlite_engine(tmp_path / "serve.db")
    try:
        assert not at_head(engine)
        assert upgrade_if_behind(engine) is True
        assert at_head(engine)
        assert upgrade_if_behind(engine) is False
        with engine.begin() as conn:  # one revision back, as before a deploy that brings a migration
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "-1")
        assert not at_head(engine)
        assert upgrade_if_behind(engine) is True
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
        upgrade(engine)  # and alembic itself agrees there is nothing left to do
        assert at_head(engine)
    finally:
        engine.dispose()


def make_sqlite_engine(path):  # noqa: ANN001, ANN201
    from guide.core.db import make_engine

    return make_engine(f"sqlite:///{path}")
