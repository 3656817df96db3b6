"""skills_audit.sources, the audit's view of the guide's tables, matches the guide's own SQLModel tables."""

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel

from guide import tables  # noqa: F401 - registers every feature's tables
from skills_audit.sources import TABLES

SOURCE_COLUMNS = [(source.name, column) for source in TABLES for column in source.columns]


@pytest.mark.parametrize(("table", "column"), SOURCE_COLUMNS, ids=[f"{t}.{c.name}" for t, c in SOURCE_COLUMNS])
def test_each_source_column_is_the_guides(table, column):
    guide_table = SQLModel.metadata.tables.get(table)
    assert guide_table is not None, f"the guide has no table {table}"
    assert column.name in guide_table.c, f"the guide's {table} has no column {column.name}"
    declared = guide_table.c[column.name].type
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        # the same SQL type on each database (length, and timezone on PostgreSQL, included)
        assert column.type.compile(dialect) == declared.compile(dialect), (table, column.name, dialect.name)
    assert column.type.python_type is declared.python_type


def test_every_table_of_the_results_sources_is_declared():
    # issue 15: the outreach tallies are read through sources.py like the journeys
    assert {t.name for t in TABLES} >= {"journey", "step_progress", "assessment_take", "assessment_level",
                                        "reach_tally"}
