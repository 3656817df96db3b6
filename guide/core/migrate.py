"""Run Alembic migrations from code, so `tensteps db upgrade` and the tests need no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Several machines may start `tensteps serve` at once, and each upgrades first. On PostgreSQL the upgrade holds this
# transaction-level advisory lock (a fixed key, "tensteps" in ASCII), so the second waits for the first to commit,
# then finds the schema at head and does nothing, instead of both creating the same tables. On SQLite the upgrade
# takes the database's write lock first (BEGIN IMMEDIATE): the second waits for it (the busy timeout), and the whole
# upgrade is one transaction there too (pysqlite would otherwise run each CREATE on its own).
UPGRADE_LOCK_KEY = 0x74656E7374657073


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
        elif connection.dialect.name == "sqlite":
            driver = connection.connection.driver_connection
            if driver is not None and not driver.in_transaction:
                driver.execute("BEGIN IMMEDIATE")
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
