"""Staff sign-in for the web layer: who is signed in, and dependencies that let only some roles through.

Other staff pages (editors, analysts) use it like this:

    from guide.routes.auth import StaffDb, require_role
    Editor = Annotated[StaffUser, Depends(require_role("editor"))]

    @router.get("/edit")
    def edit(request: Request, staff: Editor) -> HTMLResponse: ...

Someone not signed in as staff (a job seeker included) is sent to the staff login page; a signed-in staff member
without the role gets a 403 page. The staff cookie is not the job seeker's: one browser is one or the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import Session

from guide.database import get_session
from guide.i18n import N_
from guide.journeys import close_session
from guide.settings import get_settings
from guide.staff import ADMIN, COACH, StaffUser, close_staff_session, session_user
from guide.web import SESSION_COOKIE, STAFF_COOKIE, NeedsStaff

StaffDb = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True)
class StaffArea:
    """A link on the staff home page, shown to holders of the role. Later issues append theirs to STAFF_AREAS."""

    role: str
    path: str  # after /{locale}/staff
    label: str  # a msgid, marked with N_ and translated when shown
    hint: str


STAFF_AREAS: list[StaffArea] = [
    StaffArea(COACH, "/caseload", N_("My caseload"), N_("The clients who share their progress with you.")),
    StaffArea(ADMIN, "/accounts", N_("Staff accounts"), N_("Add accounts, change roles, reset passwords.")),
]


def _secret() -> str:
    return get_settings().resolved_secret_key()


def current_staff(request: Request, db: Session) -> StaffUser | None:
    """The staff member signed in in this browser, or None (also sets request.state.staff for the templates)."""
    settings = get_settings()
    staff = session_user(
        db,
        _secret(),
        request.cookies.get(STAFF_COOKIE, ""),
        timedelta(minutes=settings.staff_session_timeout_minutes),
        timedelta(hours=settings.staff_session_max_hours),
    )
    request.state.staff = staff
    return staff


def staff_signed_in(request: Request, db: Session, *roles: str) -> StaffUser:
    """The signed-in staff member holding one of the roles (any role when none is named).

    NeedsStaff (to the login page) when nobody is signed in; 403 when the role is missing."""
    staff = current_staff(request, db)
    if staff is None:
        raise NeedsStaff(bool(request.cookies.get(STAFF_COOKIE)))
    if roles and not any(staff.has(role) for role in roles):
        raise HTTPException(status_code=403)
    return staff


def require_role(*roles: str) -> Callable[[Request, Session], StaffUser]:
    """A FastAPI dependency: the signed-in staff member with one of these roles."""

    def dependency(request: Request, db: StaffDb) -> StaffUser:
        return staff_signed_in(request, db, *roles)

    return dependency


def end_job_seeker_session(request: Request, db: Session, response: Response) -> None:
    """A staff member signs in: any job seeker's session in this browser ends (they never share one)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        close_session(db, _secret(), token)
        response.delete_cookie(SESSION_COOKIE, path="/")


def end_staff_session(request: Request, db: Session, response: Response) -> None:
    """A job seeker starts or resumes: any staff session in this browser ends."""
    token = request.cookies.get(STAFF_COOKIE, "")
    if token:
        close_staff_session(db, _secret(), token)
        response.delete_cookie(STAFF_COOKIE, path="/")
