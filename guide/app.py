"""The app factory: one engine per app, routes by audience, friendly error pages instead of stack traces."""

from __future__ import annotations

import asyncio
import logging
import typing
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from guide.about import routes as about
from guide.assessment import routes as assessment
from guide.audit_pages import routes as audit
from guide.barriers import routes as barriers
from guide.content.library import get_library
from guide.content.revisions import PublishedOverlay, use_database, use_overlay
from guide.core import i18n
from guide.core.db import database_answers, make_engine
from guide.core.settings import get_settings
from guide.directory import routes as directory
from guide.editor import routes as editor
from guide.feedback import routes as feedback
from guide.journeys import language
from guide.journeys import routes as journey
from guide.listen import routes as listen
from guide.outcomes import routes as outcomes
from guide.outreach import routes as outreach
from guide.places import routes as places
from guide.profile import routes as profile
from guide.sharing import routes as share
from guide.staff import routes as staff
from guide.web.compression import PrecompressedStaticFiles, compress_middleware, precompress_in_background
from guide.web.deps import CsrfFailed, NeedsJourney, NeedsStaff, current_locale, is_htmx
from guide.web.limits import BodyLimitMiddleware, BodyTooLarge, too_large_response
from guide.web.render import STATIC_DIR, ShellCache, render
from guide.web.security import SESSION_COOKIE, STAFF_COOKIE, SecurityMiddleware
from guide.web.urls import url
from guide.workshops import routes as workshops

log = logging.getLogger("tensteps")


# Every page and form of the app; tests/security builds its attacks from this list before any app exists.
ROUTERS = (language.router, journey.router, assessment.router, share.router, staff.router, editor.router, audit.router,
           profile.router, outreach.router, workshops.router, workshops.join_router, feedback.router, outcomes.router,
           outcomes.coach_router, barriers.router, directory.router, listen.router, about.router, places.router,
           places.seeker_router)


class CachedStaticFiles(PrecompressedStaticFiles):
    """Assets are versioned by content hash in their URL, so browsers may keep them for a year; compressed copies
    are made once, on a thread started with the app (guide.web.compression)."""

    def file_response(self, *args: typing.Any, **kwargs: typing.Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "public, max-age=31536000, immutable"
        return response


class AppContent:
    """Each request sees the published revisions of its own app's database: the overlay is the app's, not the
    process's (two apps in one process, as in the tests, each on its own database, show their own)."""

    def __init__(self, app: ASGIApp, overlay: PublishedOverlay) -> None:
        self.app, self.overlay = app, overlay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        use_overlay(self.overlay)  # a context variable: this request's task and the threads it hands work to
        await self.app(scope, receive, send)


def create_app(engine: Engine | None = None, purge_every_seconds: float | None = None) -> FastAPI:
    """The app on `engine` (by default the configured database, closed with the app). With `purge_every_seconds`
    (the server's entry point, guide.asgi, gives it) expired rows are deleted at start and then that often."""
    settings = get_settings()
    owns_engine = engine is None  # an engine handed in belongs to the caller (the tests share one): not ours to close
    engine = engine or make_engine(settings.resolved_database_url())
    get_library()  # load and check the files at start-up, not on the first visitor
    precompress_in_background(STATIC_DIR)  # brotli 11 and gzip 9 copies of the assets, once per process
    overlay = use_database(engine)  # then show the published revisions over them

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        purging = None
        if purge_every_seconds:
            await _purge(engine)  # at start, so a server restarted often still purges
            purging = asyncio.create_task(_purge_every(engine, purge_every_seconds))
        yield
        if purging is not None:
            purging.cancel()
        if owns_engine:
            engine.dispose()

    app = FastAPI(title="Ten Steps", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.engine = engine
    app.state.shells = ShellCache()

    app.add_middleware(AppContent, overlay=overlay)
    app.add_middleware(BodyLimitMiddleware)  # inside SecurityMiddleware: its 413 page gets the locale and headers
    app.add_middleware(SecurityMiddleware)
    # Outside SecurityMiddleware: it compresses the body and leaves the security headers as they are.
    app.add_middleware(compress_middleware)
    if settings.trusted_proxies:  # outermost, so everything inside sees the client's address
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/healthz", include_in_schema=False, name="app:healthz")
    def healthz() -> Response:
        ok = database_answers(engine)
        return PlainTextResponse("ok" if ok else "database unavailable", status_code=200 if ok else 503)

    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(NeedsJourney)
    async def needs_journey(request: Request, exc: NeedsJourney) -> Response:
        target = url(request, "journeys:start_page", query={"notice": exc.notice})
        if is_htmx(request):
            response: Response = Response(status_code=204, headers={"HX-Redirect": target})
        else:
            response = RedirectResponse(target, status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.exception_handler(NeedsStaff)
    async def needs_staff(request: Request, exc: NeedsStaff) -> Response:
        query = {"next": request.url.path, **({"notice": "expired"} if exc.expired else {})}
        target = url(request, "staff:login_page", query=query)
        if is_htmx(request):
            response: Response = Response(status_code=204, headers={"HX-Redirect": target})
        else:
            response = RedirectResponse(target, status_code=303)
        if exc.expired:
            response.delete_cookie(STAFF_COOKIE, path="/")
        return response

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _exc: Exception) -> Response:
        return render(request, "errors/error.html", {"kind": "csrf"}, status_code=403)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if isinstance(exc, BodyTooLarge):
            return too_large_response(request, exc.limit)
        if exc.status_code == 404:
            return not_found(request)
        if exc.status_code == 403:
            return render(request, "errors/error.html", {"kind": "forbidden"}, status_code=403)
        if exc.status_code == 405:
            return render(request, "errors/error.html", {"kind": "method"}, status_code=405)
        return render(request, "errors/error.html", {"kind": "request"}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, _exc: RequestValidationError) -> Response:
        return render(request, "errors/error.html", {"kind": "request"}, status_code=400)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return render(request, "errors/error.html", {"kind": "server"}, status_code=500)

    return app


async def _purge(engine: Engine) -> None:
    from guide.purge import purge_expired

    try:
        purged = await run_in_threadpool(purge_expired, engine, get_settings())
    except Exception as exc:  # noqa: BLE001 - a failed purge must not stop the server; the next one tries again
        log.warning("purging expired rows failed: %s", type(exc).__name__)
    else:
        log.info("%s", purged)


async def _purge_every(engine: Engine, seconds: float) -> None:
    while True:
        await asyncio.sleep(seconds)
        await _purge(engine)


def not_found(request: Request) -> Response:
    """Inside a language: a page in that language. Elsewhere: in English, with links to every language."""
    if current_locale(request) and request.scope.get("state", {}).get("locale"):
        return render(request, "errors/not_found.html", status_code=404)
    i18n.set_locale(i18n.DEFAULT_LOCALE)
    return render(request, "errors/not_found_language.html", status_code=404)
