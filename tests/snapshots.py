"""A database's rows kept in memory and put back, so a test world built once by the app's own routes serves every
test that needs it.

The security and staff tables build the same world (a journey that shares with a coach, staff of every role, a
workshop, a tally, a draft…) before each of their ~700 tests, by dozens of requests: that was most of their time.
They build it once per database and test process, take its rows, and put the rows back before each later test:
the same rows, ids included, over an emptied database, so each test starts where a new build would leave it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel


@dataclass(frozen=True)
class Rows:
    tables: tuple[tuple[Table, tuple[dict[str, Any], ...]], ...]


def take(engine: Engine) -> Rows:
    """Every row of every table of the app, parents before children."""
    with engine.connect() as conn:
        return Rows(tuple(
            (table, tuple(dict(row) for row in conn.execute(select(table)).mappings()))
            for table in SQLModel.metadata.sorted_tables
        ))


def put_back(engine: Engine, rows: Rows) -> None:
    """Empty the database, then insert the rows as taken. New rows get new ids after them: PostgreSQL's sequences
    only go up, and SQLite's rowids follow the largest one."""
    from tests.conftest import empty_database

    empty_database(engine)
    with engine.begin() as conn:
        for table, data in rows.tables:
            if data:
                conn.execute(table.insert(), list(data))
