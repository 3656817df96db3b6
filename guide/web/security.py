"""Security headers, the CSRF token and cookies: what every answer and every form post goes through."""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request, cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from guide.core import i18n
from guide.core.codes import keyed_hash
from guide.core.settings import get_settings

SESSION_COOKIE = "ts_session"


# Staff sign in with their own cookie: a coach's session and a job seeker's never mix.
STAFF_COOKIE = "ts_staff"


# A browser that signed in to a staff account before: its failed sign-ins do not lock the account (see
# guide.staff.service.known_device).
DEVICE_COOKIE = "ts_device"


CSRF_COOKIE = "ts_csrf"


CSRF_FIELD = "csrf_token"


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


def csrf_token(request: Request) -> str:
    seed = request.scope.get("state", {}).get("csrf_seed", "")
    return keyed_hash(get_settings().resolved_secret_key(), "csrf", seed)


def csrf_valid(request: Request, submitted: str | None) -> bool:
    seed = request.cookies.get(CSRF_COOKIE)
    return bool(seed and submitted) and hmac.compare_digest(csrf_token(request), submitted or "")


def rotate_csrf(request: Request) -> None:
    """Give this browser a new CSRF seed with this answer (at sign-in): a token seen before is worth nothing after.
    Call it before the page is rendered, so its forms carry the new token."""
    state = request.scope.setdefault("state", {})
    state["csrf_seed"], state["csrf_rotated"] = secrets.token_urlsafe(24), True


def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
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
        # Starlette's parser, as Request.cookies reads them: lenient like a browser, and several times cheaper than
        # http.cookies.SimpleCookie (5 % of a save's CPU).
        seed = cookie_parser(cookie_header).get(CSRF_COOKIE, "") if cookie_header else ""
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
                if get_settings().secure_cookies:  # served over HTTPS: browsers must never fall back to HTTP
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                if not is_static:
                    extra.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                    if b"cache-control" not in names:
                        # Shared PCs: pages with someone's journey must not come back from the cache.
                        extra.append((b"cache-control", b"no-store"))
                    if (new_seed or state.get("csrf_rotated")) and not state.get("clearing_site"):
                        secure = "; Secure" if get_settings().secure_cookies else ""
                        cookie = f"{CSRF_COOKIE}={state['csrf_seed']}; HttpOnly; Path=/; SameSite=Lax{secure}"
                        extra.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)

