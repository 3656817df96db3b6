"""Run Alembic migrations from code, so `tensteps db upgrade` and the tests need no alembic.ini."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:  # alembic is imported only when there is something to do: a start on a database at head skips it
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# Several machines may start `tensteps serve` at once, and each upgrades first. On PostgreSQL the upgrade holds this
# transaction-level advisory lock (a fixed key, "tensteps" in ASCII), so the second waits for the first to commit,
# then finds the schema at head and does nothing, instead of both creating the same tables. On SQLite the upgrade
# takes the database's write lock first (BEGIN IMMEDIATE): the second waits for it (the busy timeout), and the whole
# upgrade is one transaction there too (pysqlite would otherwise run each CREATE on its own).
UPGRADE_LOCK_KEY = 0x74656E7374657073


# How every revision file names itself and its parent (script.py.mako writes them with repr): head_revision reads them.
_REVISION = re.compile(r'^revision = ["\']([^"\']+)["\']$', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision = (?:["\']([^"\']+)["\']|None)$', re.MULTILINE)


def head_revision() -> str | None:
    """The one head of the revision files, read from their text (alembic's own reading of them took a third of a
    second of every start, issue 20); None when the files are not as this expects (a merge, two heads, a line
    written another way): then the caller asks alembic."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for file in (MIGRATIONS / "versions").glob("*.py"):
        source = file.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN_REVISION.search(source)
        if len(revision) != 1 or down is None:
            return None
        revisions.add(revision[0])
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def at_head(engine: Engine) -> bool:
    """Whether the database's schema is at the files' head: one cheap query, no alembic."""
    head = head_revision()
    if head is None:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return versions == [head]


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

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


def upgrade_if_behind(engine: Engine) -> bool:
    """What `tensteps serve` runs at start: upgrade only a database that is not at head (the usual start finds it
    there, and alembic is not even imported). Returns whether it upgraded. A database just brought up to date by
    another machine reads as at head; one still being upgraded reads as behind, and upgrade waits for its lock."""
    if at_head(engine):
        return False
    upgrade(engine)
    return True
