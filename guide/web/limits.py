"""Request bodies capped per route before anything parses them (the form parser, the CSRF check, an upload).

Starlette reads a whole urlencoded form into memory, and a multipart one into memory and temporary files, before an
endpoint can look at its CSRF token: a 300 MiB anonymous post cost 205 MB. So every request's body is held to a limit
here, at the edge: when the app first asks for the body, a Content-Length over the limit is refused without reading
a byte, and a body sent without one (chunked), or longer than it said, is counted as it streams in and refused the
moment it passes the limit. The refusal is the error page in
the person's language (kind "too_large"), status 413, for htmx requests too.

Every route takes at most FORM_BODY_LIMIT; a route that takes a file says its own with `@body_limit(...)`.

Not FastAPI's own `max_body_size`: when Content-Length is over it, that answers with a plain English "Content Too
Large" in place of whatever the app's error handler renders, and a person must get a page in their language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from guide.web.deps import is_htmx
from guide.web.render import render

# The largest legitimate forms: the editor's text of a step page (guide.content.items.MAX_CHARS, 20,000 characters)
# and a step page with every answer at its longest (2 questions of guide.journeys.service.MAX_ANSWER_LENGTH, 5,000
# characters). Form-encoded, an accented letter takes 6 bytes (%C3%A9) and an emoji 12: 20,000 characters of
# emoji are 240,000 bytes, under this limit; ordinary text in nl/fr/en is about a tenth of that.
FORM_BODY_LIMIT = 256 * 1024
MULTIPART_ROOM = 64 * 1024  # an upload's form fields and multipart headers besides the file itself

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class BodyLimit:
    bytes: int
    file_megabytes: int | None = None  # for an upload: the file's limit as the page states it


FORM = BodyLimit(FORM_BODY_LIMIT)


def body_limit(limit: int, file_megabytes: int | None = None) -> Callable[[F], F]:
    """Mark an endpoint that takes more than a form: an upload (say the file's limit as the page states it)."""

    def mark(endpoint: F) -> F:
        endpoint.body_limit = BodyLimit(limit, file_megabytes)  # type: ignore[attr-defined]
        return endpoint

    return mark


class BodyTooLarge(HTTPException):
    """Raised from `receive` inside the app when a streamed body passes its limit; app.py renders the page."""

    def __init__(self, limit: BodyLimit) -> None:
        super().__init__(status_code=413)
        self.limit = limit


def too_large_response(request: Request, limit: BodyLimit) -> Response:
    """The 413 page, or for htmx the same message put at the top of the page (what was typed stays there)."""
    context = {"kind": "too_large", "limit": limit, "max_kb": limit.bytes // 1024,
               "staff_area": "/staff/" in request.url.path}  # the way back: staff pages need no signed-in check here
    response = render(request, "errors/error.html", context, blocks=["too_large_notice"], status_code=413)
    if is_htmx(request):
        response.headers["HX-Retarget"] = "#main"
        response.headers["HX-Reswap"] = "afterbegin"
    return response


class BodyLimitMiddleware:
    """Refuses a body over its route's limit before the app reads it (see the module's docstring).

    The limit is looked up when the app first asks for the body, after routing: the endpoint is in the scope then.
    Nothing reads a body but through `receive`, so a route that answers without reading it (a redirect to the
    sign-in page) answers as usual, and the server drops the unread body.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # GET and HEAD bodies are never read here; Starlette may still call `receive` to watch for a disconnect.
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        declared = next((value for key, value in scope["headers"] if key == b"content-length"), b"")
        received = 0

        async def counted() -> Message:
            nonlocal received
            limit: BodyLimit = getattr(scope.get("endpoint"), "body_limit", FORM)
            if declared.isdigit() and int(declared) > limit.bytes:
                raise BodyTooLarge(limit)  # refused before a byte is read
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.bytes:  # a chunked body, or one longer than it said
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)
