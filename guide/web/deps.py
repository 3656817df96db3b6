"""What endpoints depend on: the locale, the checked form, the database session, and the exceptions that
send a visitor elsewhere."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from sqlmodel import Session
from starlette.datastructures import FormData

from guide.core import i18n
from guide.core.text import without_control_characters
from guide.web.security import csrf_valid


class NeedsStaff(Exception):
    """A staff page was asked for without a live staff session: to the staff login page."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "login")
        self.expired = expired


class NeedsJourney(Exception):
    """A journey page was asked for without a live session: back to the start with a notice."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


def current_locale(request: Request) -> str:
    return request.scope.get("state", {}).get("locale") or i18n.DEFAULT_LOCALE


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def get_session(request: Request) -> AsyncIterator[Session]:
    """FastAPI dependency: one session per request, on the app's engine. Async on purpose: opening a Session
    does no I/O, and it spares the request a trip to the thread pool; the queries run in the endpoint's thread.
    The endpoint ends every transaction it opens, in guide.core.db's writing() or reading(); closing the session
    afterwards rolls back anything left over, and SQLite's writer lock with it."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


# Every id column is an Integer: 32 bits on PostgreSQL (SERIAL), so no row has a larger id on any database. Bigger
# numbers are not merely absent: PostgreSQL refuses them past 2^31 and SQLite's driver past 2^63, as server errors.
MAX_ID = 2**31 - 1
_ID_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() also takes "²", which int() refuses


def parse_id(raw: object) -> int | None:
    """A row id as written in a URL or a form field, or None when it cannot name a row (not plain digits, zero, or
    out of the columns' range): nothing needs looking up for it."""
    if not isinstance(raw, str) or not _ID_DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_ID else None


def path_id(name: str) -> Any:  # noqa: ANN401 - what Depends() returns, for Annotated[int, path_id(...)]
    """The one way to declare a path parameter that holds a row id: `LinkId = Annotated[int, path_id("link_id")]`.

    A value that cannot be an id is the 404 page before anything else runs (no session is looked up, no query is
    made), the same whoever asks; tests/security checks every digit-valued path parameter is declared so."""

    async def dependency(request: Request) -> int:
        value = parse_id(request.path_params.get(name))
        if value is None:
            raise HTTPException(status_code=404)
        return value

    dependency.path_id = name  # type: ignore[attr-defined]  # a function attribute: lets the tests find which parameters are ids
    return Depends(dependency)


class CsrfFailed(Exception):
    pass


async def valid_locale(locale: str) -> str:
    if locale not in i18n.available_locales():
        raise HTTPException(status_code=404)
    return locale


async def checked_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, once its CSRF token matches this browser's cookie, without control characters. Its uploads
    are closed once the endpoint is done, also the ones it never looked at (a field posted twice)."""
    async with request.form() as form:
        token = form.get("csrf_token")
        if not csrf_valid(request, token if isinstance(token, str) else None):
            raise CsrfFailed()
        yield FormData(
            # control characters are dropped from every posted field, so no form can fail on them (as imports do)
            [(key, without_control_characters(value) if isinstance(value, str) else value)
             for key, value in form.multi_items()]
        )


Form = Annotated[FormData, Depends(checked_form)]


Db = Annotated[Session, Depends(get_session)]

