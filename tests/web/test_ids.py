"""Row ids from URLs and forms: only what an Integer column can hold on every database names a row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Integer
from sqlmodel import SQLModel

from guide import tables  # noqa: F401 - registers every table
from guide.web.deps import MAX_ID, parse_id


@pytest.mark.parametrize(("raw", "expected"), [
    ("1", 1), ("42", 42), ("007", 7), (str(MAX_ID), MAX_ID),
    (str(MAX_ID + 1), None),  # PostgreSQL's integer ends here
    (str(2**63), None),  # SQLite's driver ends here
    ("0", None), ("-1", None), ("+1", None), (" 1", None), ("1 ", None), ("1.0", None), ("1e3", None), ("", None),
    ("²", None), ("١", None), ("１", None),  # digits to str.isdigit, not plain ASCII ones
    ("00000000001", None),  # no id is written with eleven digits
    (None, None), (5, None),
])
def test_parse_id(raw, expected):
    assert parse_id(raw) == expected


def test_max_id_is_postgresql_integer():
    assert MAX_ID == 2**31 - 1


@given(st.integers())
def test_every_integer_in_range_and_no_other(value):
    assert parse_id(str(value)) == (value if 1 <= value <= MAX_ID else None)


def test_every_integer_key_is_a_32_bit_integer():
    """MAX_ID is PostgreSQL's integer limit: a BigInteger id column would need it raised, a SmallInteger lowered."""
    keys = [column for table in SQLModel.metadata.sorted_tables for column in table.columns
            if (column.primary_key or column.foreign_keys) and isinstance(column.type, Integer)]
    assert keys, "no integer keys found"
    assert [f"{c.table.name}.{c.name}" for c in keys if type(c.type) is not Integer] == []
