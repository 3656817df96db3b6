"""Workshops: the staff's pages under /{locale}/staff/workshops (coaches, peer helpers and admins, at their own
partner's centres), and the participant's forms under /{locale}/workshop (join with the code, leave, answer the
poll), in the journey pages' style."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import Connection
from sqlmodel import Session

from guide.content.library import Library, get_library
from guide.core import i18n
from guide.core.codes import keyed_hash
from guide.core.db import read_db, reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import utcnow
from guide.core.ratelimit import Limit, address_bucket, take
from guide.core.settings import get_settings
from guide.outreach.service import partner_centres
from guide.sessions.deps import StaffDb, require_role, signed_in, staff_signed_in_read
from guide.staff.service import ADMIN, COACH, HELPER, StaffUser
from guide.web.deps import Db, Form, NeedsJourney, parse_id, path_id, valid_locale
from guide.web.render import render
from guide.web.urls import url
from guide.workshops import forms, stream, views
from guide.workshops.service import (
    CLOSE_MARGIN,
    FIELDS,
    MAX_REPEAT,
    PollClosed,
    WorkshopInput,
    WorkshopNotFound,
    WorkshopRow,
    WrongCode,
    answer_poll,
    close_workshop,
    create_workshops,
    get_workshop,
    join_workshop,
    leave_workshop,
    list_workshops,
    live_counts,
    normalise_workshop_code,
    open_poll,
)

router = APIRouter(prefix="/{locale}/staff/workshops", dependencies=[Depends(valid_locale)])
join_router = APIRouter(prefix="/{locale}/workshop", dependencies=[Depends(valid_locale)])
FACILITATORS = (HELPER, COACH, ADMIN)
Facilitator = Annotated[StaffUser, Depends(require_role(*FACILITATORS))]
WorkshopId = Annotated[int, path_id("workshop_id")]
NOTICES = {
    "created": N_("The workshop is planned. Show its code to the participants when it starts."),
    "closed": N_("The workshop is closed. Nobody can join it any more."),
    "poll": N_("The poll is asked. Participants answer it on their own screen."),
}


def _secret() -> str:
    return get_settings().resolved_secret_key()


# --- the staff's pages ------------------------------------------------------------------------------------------


def _new_page(request: Request, locale: str, staff: StaffUser, typed: WorkshopInput | None = None,
              errors: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    page = views.new_page(partner_centres(staff.partner), locale, typed, errors, utcnow().date().isoformat(),
                          MAX_REPEAT)
    return render(request, "workshops/new.html", page, status_code=status_code)


@router.get("", response_class=HTMLResponse, name="workshops:list")
def workshop_list(request: Request, locale: str, staff: Facilitator, db: StaffDb, done: str = "") -> HTMLResponse:
    now = utcnow()
    with reading(db):
        found = list_workshops(db, _secret(), staff.partner, now)
    notice = i18n.gettext(NOTICES[done]) if done in NOTICES else ""
    library = get_library()
    page = views.ListPage([views.shown(w, locale, now, library) for w in found.upcoming],
                          [views.shown(w, locale, now, library) for w in found.past], notice)
    return render(request, "workshops/list.html", page)


@router.get("/new", response_class=HTMLResponse, name="workshops:new")
def new_workshop(request: Request, locale: str, staff: Facilitator) -> HTMLResponse:
    return _new_page(request, locale, staff)


@router.post("", response_class=HTMLResponse, name="workshops:create")
def create(request: Request, locale: str, staff: Facilitator, form: Form, db: StaffDb) -> Response:
    typed = forms.read_workshop(form)
    try:
        with writing(db):
            workshop_id = create_workshops(db, _secret(), staff.partner, typed, i18n.available_locales(), staff.id,
                                           utcnow())
    except Problems as exc:
        return _new_page(request, locale, staff, typed, exc.worded(locale, FIELDS), status_code=422)
    return RedirectResponse(url(request, "workshops:page", workshop_id=workshop_id, query={"done": "created"}),
                            status_code=303)


def _counts(db: Session, staff: StaffUser, workshop_id: int, locale: str, now: datetime,
            library: Library) -> tuple[WorkshopRow, views.ShownWorkshop, views.CountsView]:
    """The workshop, as shown, and its live counts; 404 for a workshop not the partner's."""
    try:
        with reading(db):
            row = get_workshop(db, _secret(), staff.partner, workshop_id, now)
            counts = live_counts(db, workshop_id, row.topic)
    except WorkshopNotFound:
        raise HTTPException(status_code=404) from None
    return row, views.shown(row, locale, now, library), views.counts_view(counts, row.topic, row.language,
                                                                           row.poll_open, library)


@router.get("/{workshop_id}", response_class=HTMLResponse, name="workshops:page")
def workshop_page(request: Request, locale: str, workshop_id: WorkshopId, staff: Facilitator, db: StaffDb,
                  done: str = "") -> HTMLResponse:
    _row, workshop, counts = _counts(db, staff, workshop_id, locale, utcnow(), get_library())
    notice = i18n.gettext(NOTICES[done]) if done in NOTICES else ""
    return render(request, "workshops/workshop.html",
                  views.WorkshopPage(workshop, counts, i18n.gettext(views.POLL_QUESTION), notice))


def _change(db: Session, staff: StaffUser, workshop_id: int,
            change: Callable[[Session, str, int, datetime], None]) -> None:
    """A change to one of the partner's workshops, in a unit of its own; 404 for a workshop not theirs."""
    try:
        with writing(db):
            change(db, staff.partner, workshop_id, utcnow())
    except WorkshopNotFound:
        raise HTTPException(status_code=404) from None


@router.post("/{workshop_id}/close", name="workshops:close")
def close(request: Request, workshop_id: WorkshopId, staff: Facilitator, form: Form, db: StaffDb) -> Response:
    _change(db, staff, workshop_id, close_workshop)
    return RedirectResponse(url(request, "workshops:page", workshop_id=workshop_id, query={"done": "closed"}),
                            status_code=303)


@router.post("/{workshop_id}/poll", name="workshops:open_poll")
def ask_poll(request: Request, workshop_id: WorkshopId, staff: Facilitator, form: Form, db: StaffDb) -> Response:
    _change(db, staff, workshop_id, open_poll)
    target = "workshops:screen" if forms.back_to_screen(form) else "workshops:page"
    return RedirectResponse(url(request, target, workshop_id=workshop_id, query={"done": "poll"}), status_code=303)


def _screen(request: Request, locale: str, workshop_id: int, staff: StaffUser, db: Session, section: str,
            blocks: tuple[str, ...] = ()) -> HTMLResponse:
    library = get_library()  # once: each screen asks every second
    row, workshop, counts = _counts(db, staff, workshop_id, locale, utcnow(), library)
    content_lang, sections = views.sections_of(row.topic, row.language, library)
    number = min(max(parse_id(section) or 1, 1), len(sections))
    page = views.ScreenPage(workshop, counts, number, len(sections), sections[number - 1], content_lang,
                            i18n.gettext(views.POLL_QUESTION))
    return render(request, "workshops/screen.html", page, blocks=blocks)


@router.get("/{workshop_id}/screen", response_class=HTMLResponse, name="workshops:screen")
def screen(request: Request, locale: str, workshop_id: WorkshopId, staff: Facilitator, db: StaffDb,
           section: str = "1") -> HTMLResponse:
    return _screen(request, locale, workshop_id, staff, db, section)


@router.get("/{workshop_id}/screen/counts", response_class=HTMLResponse, name="workshops:counts")
async def screen_counts(request: Request, locale: str, workshop_id: WorkshopId, section: str = "1") -> HTMLResponse:
    """The live counts alone, for htmx to swap in while the stream is down (without htmx: the whole projector view).
    Async, its reads through read_db as the step page's: a poll must not queue for the thread pool behind the room's
    saves."""
    staff = await staff_signed_in_read(request, *FACILITATORS)
    return await read_db(request.app.state.engine, lambda conn: _screen(
        request, locale, workshop_id, staff, Session(bind=conn), section, blocks=("counts",)))


# --- the participant's forms ------------------------------------------------------------------------------------


def _participant(request: Request, db: Session) -> int:
    """The journey's id; without a live session, to the start page with a word on workshops."""
    try:
        journey = signed_in(request, db)
    except NeedsJourney as exc:
        raise NeedsJourney("workshop" if exc.notice == "start" else exc.notice) from None
    assert journey.id is not None  # noqa: S101 - a signed-in journey is a saved row
    return journey.id


def _back(request: Request, form_from: object, query: dict[str, str] | None = None) -> str:
    """Back where the form was: My plan, or the list of steps."""
    if form_from == "plan":
        return url(request, "journeys:my_plan", query=query or {})
    return url(request, "journeys:task_list", query=query or {})


def _join_limits(request: Request, journey_id: int) -> tuple[Limit, Limit]:
    """Wrong workshop codes counted per address and per journey, under keyed hashes only."""
    settings = get_settings()
    address = address_bucket(request.client.host if request.client else "unknown")
    window = settings.resume_window_seconds
    return (Limit("workshop:" + keyed_hash(_secret(), "address", address)[:32], settings.workshop_code_attempts,
                  window),
            Limit("workshop-journey:" + keyed_hash(_secret(), "journey", str(journey_id))[:32],
                  settings.workshop_code_attempts_per_journey, window))


@join_router.get("/join", response_class=HTMLResponse, name="workshops:join_page")
def join_page(request: Request, db: Db) -> HTMLResponse:
    _participant(request, db)
    return render(request, "workshops/join.html", views.JoinPage())


@join_router.post("/join", response_class=HTMLResponse, name="workshops:join")
def join(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey_id = _participant(request, db)
    typed = forms.typed_code(form)

    def again(problems: Problems, status_code: int) -> HTMLResponse:
        return render(request, "workshops/join.html", views.JoinPage(typed, problems.worded(locale)),
                      status_code=status_code)

    if normalise_workshop_code(typed) is None:  # not a code at all: said at once, and not counted
        return again(Problems({"code": Message(N_(
            "Write the code on the screen: 6 letters and numbers, like KT4MWX."))}), 422)
    limits = _join_limits(request, journey_id)
    # The slots are taken before the look-up, in a unit of work of their own (see guide.core.ratelimit).
    with writing(db):
        attempt = take(db, *limits)
    if not attempt.allowed:
        minutes = max(1, get_settings().resume_window_seconds // 60)
        return again(Problems({"code": Message(N_(
            "You tried too many workshop codes. Wait %(minutes)s minutes and try again, or ask the person who runs "
            "the workshop."), {"minutes": minutes})}), 429)
    try:
        with writing(db):
            joined = join_workshop(db, _secret(), journey_id, typed, utcnow())
            attempt.refund(db)
    except WrongCode as exc:  # the slots stay taken: they count this wrong code
        return again(exc, 422)
    except Problems as exc:  # a right code of a workshop that is not open: not a guess
        with writing(db):
            attempt.refund(db)
        return again(exc, 422)
    back = RedirectResponse(_back(request, forms.origin(form), {"workshop": "again" if joined.again else "joined"}),
                            status_code=303)
    return views.IN_WORKSHOP.keep(request, back, True)


@join_router.post("/leave", name="workshops:leave")
def leave(request: Request, form: Form, db: Db) -> Response:
    journey_id = _participant(request, db)
    workshop_id = forms.workshop_id(form)
    if workshop_id is not None:
        with writing(db):
            leave_workshop(db, journey_id, workshop_id, utcnow())
    back = RedirectResponse(_back(request, forms.origin(form), {"workshop": "left"}), status_code=303)
    return views.IN_WORKSHOP.keep(request, back, False)


@join_router.post("/poll", response_class=HTMLResponse, name="workshops:answer_poll")
def answer(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey_id = _participant(request, db)
    workshop_id = forms.workshop_id(form)
    try:
        if workshop_id is None:
            raise PollClosed(0)
        with writing(db):
            answer_poll(db, journey_id, workshop_id, forms.poll_answer(form), utcnow())
    except PollClosed:  # no poll to answer (ended, or never asked): back to the pages, which say where things are
        return RedirectResponse(_back(request, forms.origin(form)), status_code=303)
    except Problems as exc:
        assert workshop_id is not None  # noqa: S101 - PollClosed otherwise
        return render(request, "workshops/poll.html",
                      views.PollPage(workshop_id, i18n.gettext(views.POLL_QUESTION), views.poll_choices(),
                                     exc.worded(locale)), status_code=422)
    return RedirectResponse(_back(request, forms.origin(form), {"workshop": "answered"}), status_code=303)


@router.get("/{workshop_id}/screen/stream", name="workshops:stream")
async def screen_stream(request: Request, locale: str, workshop_id: WorkshopId, section: str = "1") -> Response:
    """The live counts as server-sent events, sent when they change (guide.workshops.stream says why and how often).
    The facilitator is signed in and the workshop found once, before the stream starts; a client that does not ask
    for an event stream (not an EventSource) gets the counts once and the answer ends."""
    staff = await staff_signed_in_read(request, *FACILITATORS)
    engine, library, secret = request.app.state.engine, get_library(), _secret()
    number = max(parse_id(section) or 1, 1)

    def read(conn: Connection) -> tuple[views.CountsView, bool] | None:
        db = Session(bind=conn)
        now = utcnow()
        try:
            row = get_workshop(db, secret, staff.partner, workshop_id, now)
        except WorkshopNotFound:
            return None
        counts = live_counts(db, workshop_id, row.topic)
        # a workshop still to come goes on (its projector may be up before anyone can join); an ended one is over
        going = row.closed_at is None and now < row.ends_at + CLOSE_MARGIN
        return views.counts_view(counts, row.topic, row.language, row.poll_open, library), going

    async def look() -> tuple[views.CountsView, bool] | None:
        return await read_db(engine, read)

    def show(counts: views.CountsView) -> str:
        return views.live_markup(request, workshop_id, number, counts)

    if await look() is None:
        raise HTTPException(status_code=404)
    ticks = stream.STREAM_TICKS if "text/event-stream" in request.headers.get("accept", "") else 1
    return StreamingResponse(stream.counts_events(look, show, asyncio.sleep, ticks), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
