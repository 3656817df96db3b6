"""What the attacks in this folder found, each kept as an example that must not come back.

The ids of paths have theirs in test_route_table.py (every route, every persona, every value out of range); here are
the faults behind form fields.
"""

from __future__ import annotations

import pytest

from tests.security.conftest import Cast

TOO_BIG = ("2147483648", "9223372036854775808", "1" + "0" * 30)  # PostgreSQL's integer, SQLite's, and beyond


@pytest.mark.parametrize("revision", TOO_BIG)
def test_restoring_a_revision_id_out_of_range_is_a_message(cast: Cast, revision):
    """The restore form's `revision` reached the database as it came: OverflowError on SQLite from 2^63, and
    PostgreSQL refused it from 2^31 (both a server error). It names no version, and the page says so."""
    editor = cast.personas["fr_editor"]
    response = cast.ready(editor).post(
        "/en/staff/content/fr/restore/step/1/title",
        data={"revision": revision, "base": cast.ids["revision_id"], "csrf_token": editor.token},
    )
    assert response.status_code == 422
    assert "This version does not exist (any more)." in response.text
