"""A database error leaves nothing a job seeker typed in the server's log.

The attack (or accident): any database error printed the statement's parameters, their typed answers, with the
traceback; PostgreSQL adds the whole failing row to its own message ("DETAIL: Failing row contains (…)"). Here the
database refuses every new answer, a step is saved with an answer nobody else could have written, and the log and the
traceback (as uvicorn writes it: "Exception in ASGI application" with the exception) are searched for it.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from guide.content.library import get_library
from tests.conftest import csrf_token

SECRET_ANSWER = "my-landlord-is-Ms-Zyxwvut-at-14-Quiet-Lane"


@pytest.fixture
def answers_refused(db_engine: Engine) -> Iterator[None]:
    """The database refuses to store any new answer, with a constraint error (as a broken migration might)."""
    postgres = db_engine.dialect.name == "postgresql"
    with db_engine.begin() as conn:
        if postgres:  # its message names the failing row, answer included
            conn.execute(text("ALTER TABLE answer ADD CONSTRAINT refuse_answers CHECK (length(text) < 0) NOT VALID"))
        else:
            conn.execute(text("CREATE TRIGGER refuse_answers BEFORE INSERT ON answer "
                              "BEGIN SELECT RAISE(ABORT, 'answers refused'); END"))
    yield
    with db_engine.begin() as conn:
        if postgres:
            conn.execute(text("ALTER TABLE answer DROP CONSTRAINT refuse_answers"))
        else:
            conn.execute(text("DROP TRIGGER refuse_answers"))


@pytest.mark.parametrize("path", ["/en/steps/2", "/en/steps/2/save"])
def test_a_database_error_logs_no_answer(job_seeker, answers_refused, caplog, path) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    question = get_library().step("en", 2).questions[0].id
    data = {f"answer-{question}": SECRET_ANSWER, "action": "save", "csrf_token": csrf_token(job_seeker)}
    with pytest.raises(Exception) as raised:  # noqa: PT011 - whatever the database raises
        job_seeker.post(path, data=data)
    # What uvicorn does with an exception that reaches it.
    logging.getLogger("uvicorn.error").error("Exception in ASGI application\n", exc_info=raised.value)
    written = [logging.Formatter().format(record) for record in caplog.records]
    assert any("Exception in ASGI application" in line for line in written)
    for line in [*written, caplog.text, "".join(traceback.format_exception(raised.value))]:
        assert SECRET_ANSWER not in line
