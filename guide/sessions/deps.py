"""Staff sign-in for the web layer: who is signed in, and dependencies that let only some roles through.

Other staff pages (editors, analysts) use it like this:

    from guide.sessions.deps import StaffDb, require_role
    Editor = Annotated[StaffUser, Depends(require_role("editor"))]

    @router.get("/edit")
    def edit(request: Request, staff: Editor) -> HTMLResponse: ...

Someone not signed in as staff (a job seeker included) is sent to the staff login page; a signed-in staff member
without the role gets a 403 page. The staff cookie is not the job seeker's: one browser is one or the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from guide.content.library import Library, get_library
from guide.core.db import read_db, reading, writing
from guide.core.models import utcnow
from guide.core.settings import get_settings
from guide.journeys.models import Journey
from guide.sessions.policy import EXPIRED, FRESH, VISIT
from guide.sessions.service import (
    SignedIn,
    close_session,
    close_staff_session,
    job_seeker_policy,
    mark_session_seen,
    read_session_user,
    read_signed_in,
    session_journey,
    session_user,
    staff_policy,
)
from guide.staff.service import StaffUser
from guide.web.deps import NeedsJourney, NeedsStaff, get_session
from guide.web.security import SESSION_COOKIE, STAFF_COOKIE

StaffDb = Annotated[Session, Depends(get_session)]


def _secret() -> str:
    return get_settings().resolved_secret_key()


def current_staff(request: Request, db: Session) -> StaffUser | None:
    """The staff member signed in in this browser, or None (also sets request.state.staff for the templates)."""
    token, policy = request.cookies.get(STAFF_COOKIE, ""), staff_policy(get_settings())
    with reading(db):
        staff, verdict = read_session_user(db, _secret(), token, policy)
    if verdict != FRESH:
        with writing(db):  # touches or ends the session: a unit of its own, ended before the page is built
            staff = session_user(db, _secret(), token, policy)
    request.state.staff = staff
    return staff


def staff_signed_in(request: Request, db: Session, *roles: str) -> StaffUser:
    """The signed-in staff member holding one of the roles (any role when none is named).

    NeedsStaff (to the login page) when nobody is signed in; 403 when the role is missing."""
    return _holding(request, current_staff(request, db), roles)


def _holding(request: Request, staff: StaffUser | None, roles: tuple[str, ...]) -> StaffUser:
    if staff is None:
        raise NeedsStaff(bool(request.cookies.get(STAFF_COOKIE)))
    if roles and not any(staff.has(role) for role in roles):
        raise HTTPException(status_code=403)
    return staff


def _read_staff(conn: Connection, token: str) -> tuple[StaffUser | None, str]:
    return read_session_user(Session(bind=conn), _secret(), token, staff_policy(get_settings()))


def _touched_staff(engine: Engine, token: str) -> StaffUser | None:
    with Session(engine, expire_on_commit=False) as db, writing(db):
        return session_user(db, _secret(), token, staff_policy(get_settings()))


async def staff_signed_in_read(request: Request, *roles: str) -> StaffUser:
    """staff_signed_in for the async pages a member of staff asks for again and again (the projector's poll): the
    session read with read_db (on SQLite, on the event loop), as signed_in_read does for job seekers; only a session
    to touch or end goes to the thread pool, for its unit of work. A sync endpoint's dependencies each queue for
    the thread pool behind a room's saves: that put the counts seconds behind (bench/workshops_load.py)."""
    engine, token = request.app.state.engine, request.cookies.get(STAFF_COOKIE, "")
    staff, verdict = await read_db(engine, _read_staff, token)
    if verdict != FRESH:
        staff = await run_in_threadpool(_touched_staff, engine, token)
    request.state.staff = staff
    return _holding(request, staff, roles)


def require_role(*roles: str) -> Callable[[Request, Session], StaffUser]:
    """A FastAPI dependency: the signed-in staff member with one of these roles."""

    def dependency(request: Request, db: StaffDb) -> StaffUser:
        return staff_signed_in(request, db, *roles)

    return dependency


def end_job_seeker_session(request: Request, db: Session, response: Response) -> None:
    """A staff member signs in: any job seeker's session in this browser ends (they never share one), in a unit of
    work of its own."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        with writing(db):
            close_session(db, _secret(), token)
        response.delete_cookie(SESSION_COOKIE, path="/")


def end_staff_session(request: Request, db: Session, response: Response) -> None:
    """A job seeker starts or resumes: any staff session in this browser ends, in a unit of work of its own."""
    token = request.cookies.get(STAFF_COOKIE, "")
    if token:
        with writing(db):
            close_staff_session(db, _secret(), token)
        response.delete_cookie(STAFF_COOKIE, path="/")


def signed_in(request: Request, db: Session, presence: str = VISIT) -> Journey:
    """The journey of this browser's live session, or back to the start page (called inside endpoints, so a
    request needs one trip to the thread pool, not one per dependency). `presence`: what the request says about
    the person being there (see guide.journeys.service.PRESENT, VISIT, SAVE)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    with writing(db):  # touches the session: a unit of its own, ended before the page's work begins
        journey = session_journey(db, _secret(), token, job_seeker_policy(get_settings()), presence)
    if journey is None:
        raise NeedsJourney("timeout" if token else "start")
    request.state.journey = journey
    return journey


def _session_and_guide(conn: Connection, secret: str, token: str) -> tuple[SignedIn | None, Library]:
    # The guide is looked up in the same read: its freshness check may read the database, which belongs where the
    # session's read runs (the thread pool on PostgreSQL), not on the event loop.
    return read_signed_in(conn, secret, token), get_library()


async def signed_in_read(request: Request) -> tuple[SignedIn, Library]:
    """The live session of this browser with its journey and progress, and the guide as it is now, for the pages
    that only read (the task list, a step, "My plan"): one read without the ORM (see guide.core.db.read_db); the
    rare writes (ending or touching the session) in the thread pool. Back to the start page without a live
    session."""
    engine = request.app.state.engine
    token = request.cookies.get(SESSION_COOKIE, "")
    found, library = await read_db(engine, _session_and_guide, _secret(), token)
    verdict = job_seeker_policy(get_settings()).verdict(found.last_seen_at, utcnow()) if found else EXPIRED
    if found and verdict != FRESH:
        await run_in_threadpool(_mark_seen, engine, found.token_hash, verdict)
    if found is None or verdict == EXPIRED:
        raise NeedsJourney("timeout" if token else "start")
    request.state.journey = found.journey
    return found, library


def _mark_seen(engine: Engine, token_hash: str, verdict: str) -> None:
    with Session(engine) as db, writing(db):
        mark_session_seen(db, token_hash, verdict)

