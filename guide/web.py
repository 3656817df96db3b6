"""The web layer's shared parts: templates, page and fragment responses, CSRF, cookies, security headers."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from jinja2_fragments import render_blocks
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from guide import i18n
from guide.codes import keyed_hash
from guide.content import STEP_COUNT
from guide.journeys import touch_interval
from guide.settings import get_settings

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
SESSION_COOKIE = "ts_session"
# Staff sign in with their own cookie: a coach's session and a job seeker's never mix.
STAFF_COOKIE = "ts_staff"
CSRF_COOKIE = "ts_csrf"
CSRF_FIELD = "csrf_token"



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


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


@lru_cache
def static_version(relpath: str) -> str:
    """A content hash for cache busting: assets can then be cached for a year."""
    return hashlib.sha256((STATIC_DIR / relpath).read_bytes()).hexdigest()[:10]


def static_url(relpath: str) -> str:
    return f"/static/{relpath}?v={static_version(relpath)}"


def _make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates change only with a deploy; no stat() per render
    )
    # Jinja's newstyle gettext formats the %(name)s variables itself: hand it the bare look-ups.
    env.install_gettext_callables(
        lambda message: i18n.translations().gettext(message),
        lambda singular, plural, n: i18n.translations().ngettext(singular, plural, n),
        newstyle=True,
    )
    env.globals.update(
        static_url=static_url,
        language_name=i18n.language_name,
        language_label=i18n.language_label,
        fmt_date=i18n.fmt_date,
        fmt_datetime=i18n.fmt_datetime,
        fmt_month=i18n.fmt_month,
        fmt_time=i18n.fmt_time,
        fmt_number=i18n.fmt_number,
        STEP_COUNT=STEP_COUNT,
        direction=i18n.text_direction,
        gettext_in=lambda code, message: i18n.translations(code).gettext(message),
    )
    return env


templates = _make_env()


def current_locale(request: Request) -> str:
    return request.scope.get("state", {}).get("locale") or i18n.DEFAULT_LOCALE


def locale_url(request: Request, locale: str) -> str:
    """The same page in another language: the first path segment is the locale."""
    parts = request.url.path.split("/")
    if len(parts) > 1 and parts[1] in i18n.available_locales():
        parts[1] = locale
        return "/".join(parts)
    return f"/{locale}/"


def csrf_token(request: Request) -> str:
    seed = request.scope.get("state", {}).get("csrf_seed", "")
    return keyed_hash(get_settings().resolved_secret_key(), "csrf", seed)


def csrf_valid(request: Request, submitted: str | None) -> bool:
    seed = request.cookies.get(CSRF_COOKIE)
    return bool(seed and submitted) and hmac.compare_digest(csrf_token(request), submitted or "")


def base_context(request: Request) -> dict[str, Any]:
    locale = current_locale(request)
    settings = get_settings()
    timeout = timedelta(minutes=settings.session_timeout_minutes)
    return {
        "request": request,
        "locale": locale,
        "dir": i18n.text_direction(locale),
        "languages": [(code, i18n.language_name(code), locale_url(request, code)) for code in i18n.available_locales()],
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "signed_in": getattr(request.state, "journey", None) is not None,
        "staff": getattr(request.state, "staff", None),
        "timeout_seconds": int(settings.session_timeout_minutes * 60),
        "warning_seconds": int(settings.session_warning_minutes * 60),
        # The page ends the session itself, before the server would: the server may have noted the person's last
        # request up to a touch interval late (guide.journeys.touch_interval).
        "page_timeout_seconds": round((timeout - touch_interval(timeout)).total_seconds(), 3),
        "page_warning_seconds": round(settings.session_warning_minutes * 60, 3),
        # ... and tells the server that the person types or clicks at most this often (see app.js).
        "presence_every_seconds": round(touch_interval(timeout).total_seconds(), 3),
    }


def page(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    html = templates.get_template(template).render({**base_context(request), **(context or {})})
    return HTMLResponse(html, status_code=status_code)


# --- pages rendered once per shape, filled per person -----------------------------------------------------------
#
# A step page is the same for everyone who sees the same step, in the same language, at the same centre, with the
# same status: only the CSRF token, the ticks, the answers and the time of the last save differ. Rendering that
# page once per shape and filling in those values per request keeps the busiest page cheap. The template marks
# each per-person value with slot(name, arg); rendered normally, slot() gives the value itself, so there is one
# template and one set of rules either way.

_SLOT_MARK = re.compile("\x00([a-z_]+)\x1f([^\x00]*)\x00")
_SHELLS: OrderedDict[tuple, tuple[object, list[str]]] = OrderedDict()
SHELL_CACHE_SIZE = 2000


def _shell_slot(name: str, arg: str = "") -> Markup:
    return Markup(f"\x00{name}\x1f{arg}\x00")


Slots = Callable[[str, str], Markup]


def shell_page(
    request: Request, template: str, shape: tuple, context: dict[str, Any], slots: Slots, content: object
) -> HTMLResponse:
    """The page of this shape, rendered once with marks where `slots` fills in each person's values. `shape` must
    hold everything the page's output depends on besides those values and the content (the guide as loaded now:
    new content, new shells); the context is only read when rendering."""
    base_shape = (
        template, request.url.path, current_locale(request), getattr(request.state, "journey", None) is not None,
        getattr(request.state, "staff", None) is not None, get_settings().session_timeout_minutes,
        get_settings().session_warning_minutes, id(content), *shape,
    )
    cached = _SHELLS.get(base_shape)
    if cached is not None and cached[0] is content:
        parts = cached[1]
    else:
        marks = {**base_context(request), **context, "csrf_token": _shell_slot("csrf"), "slot": _shell_slot}
        shell = templates.get_template(template).render(marks)
        # Split once at the marks: [text, name, arg, text, name, arg, ..., text], so a request only joins.
        parts = _SLOT_MARK.split(shell)
        # The content is kept with its shell, so its id cannot stand for other content while the shell is cached.
        _SHELLS[base_shape] = (content, parts)
        if len(_SHELLS) > SHELL_CACHE_SIZE:
            _SHELLS.popitem(last=False)
    token = csrf_token(request)
    out = [parts[0]]
    for i in range(1, len(parts), 3):
        name, arg = parts[i], parts[i + 1]
        out.append(token if name == "csrf" else slots(name, arg))
        out.append(parts[i + 2])
    return HTMLResponse("".join(out))


def fragment(
    request: Request, template: str, blocks: list[str], context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Blocks of a page template: the same markup the full page has, for htmx to swap in (the first block
    is the target; later ones carry hx-swap-oob through the `oob` flag)."""
    html = render_blocks(templates, template, blocks, {**base_context(request), **(context or {}), "oob": True})
    return HTMLResponse(html, status_code=status_code)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def set_cookie(response: HTMLResponse, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax", secure=get_settings().secure_cookies, path="/"
    )


class SecurityMiddleware:
    """Sets the request's locale, hands out the CSRF seed cookie and adds security headers to every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        first = path.split("/")[1] if path.count("/") >= 1 else ""
        locale = first if first in i18n.available_locales() else None
        i18n.set_locale(locale or i18n.DEFAULT_LOCALE)
        state = scope.setdefault("state", {})
        state["locale"] = locale
        cookie_header = ""
        for key, value in scope.get("headers", []):
            if key == b"cookie":
                cookie_header = value.decode("latin-1")
        jar = SimpleCookie()
        try:
            jar.load(cookie_header)
        except Exception:  # noqa: BLE001 - a broken cookie header is treated as no cookies
            jar = SimpleCookie()
        seed = jar[CSRF_COOKIE].value if CSRF_COOKIE in jar else ""
        new_seed = not seed
        if new_seed:
            seed = secrets.token_urlsafe(24)
        state["csrf_seed"] = seed
        is_static = path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                if not is_static:
                    extra.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                    if b"cache-control" not in names:
                        # Shared PCs: pages with someone's journey must not come back from the cache.
                        extra.append((b"cache-control", b"no-store"))
                    if new_seed and not state.get("clearing_site"):
                        secure = "; Secure" if get_settings().secure_cookies else ""
                        extra.append(
                            (b"set-cookie", f"{CSRF_COOKIE}={seed}; HttpOnly; Path=/; SameSite=Lax{secure}".encode())
                        )
                message["headers"] = headers + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
