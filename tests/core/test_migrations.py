"""Migrations and models agree, so the schema on SQLite and PostgreSQL is the one the code expects."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from guide import tables  # noqa: F401 - registers the tables


def test_migrations_match_the_models(db_engine):
    with db_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    # index naming may differ between what Alembic created and what SQLModel would name; tables and columns may not
    relevant = [d for d in diff if not (isinstance(d, tuple) and d[0] in {"add_index", "remove_index"})]
    assert relevant == []
