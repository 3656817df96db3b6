"""What endpoints depend on: the locale, the checked form, the database session, and the exceptions that
send a visitor elsewhere."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

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
    does no I/O, and it spares the request a trip to the thread pool; the queries run in the endpoint's thread."""
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


class CsrfFailed(Exception):
    pass


async def valid_locale(locale: str) -> str:
    if locale not in i18n.available_locales():
        raise HTTPException(status_code=404)
    return locale


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches this browser's cookie, without control characters."""
    form = await request.form()
    token = form.get("csrf_token")
    if not csrf_valid(request, token if isinstance(token, str) else None):
        raise CsrfFailed()
    return FormData(
        # control characters are dropped from every posted field, so no form can fail on them (as imports do)
        [(key, without_control_characters(value) if isinstance(value, str) else value)
         for key, value in form.multi_items()]
    )


Form = Annotated[FormData, Depends(checked_form)]


Db = Annotated[Session, Depends(get_session)]

