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
