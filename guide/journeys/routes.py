"""The job seeker's pages: start, code, resume, task list, steps, plan, stop and delete."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session
from starlette.datastructures import FormData

from guide.assessment.service import STEP as ASSESSMENT_STEP
from guide.assessment.service import overview
from guide.assessment.views import AssessmentPanel, continue_url, panel_markup, panel_view
from guide.barriers.service import BARRIERS_STEP, REMINDER_STEPS, wanted_help
from guide.barriers.views import ASKED_HELP, reminder_words
from guide.content.library import STEP_COUNT, Library, get_library
from guide.core import i18n
from guide.core.codes import keyed_hash
from guide.core.db import read_db, reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id, utcnow
from guide.core.ratelimit import Limit, address_bucket, take
from guide.core.settings import get_settings
from guide.core.timeutil import as_utc
from guide.feedback.forms import read_feedback
from guide.feedback.routes import send_step_feedback
from guide.feedback.views import FeedbackForm
from guide.journeys import forms
from guide.journeys.forms import CV_STEP, STEP_WITH_SECTOR
from guide.journeys.models import Journey
from guide.journeys.plan_panels import PANELS
from guide.journeys.service import (
    COMPLETED,
    JourneyFacts,
    StepInput,
    StepInputError,
    StepState,
    delete_journey,
    find_journey,
    load_progress,
    save_step,
    start_journey,
    validate_step_input,
)
from guide.journeys.views import (
    CodePage,
    DeletePage,
    PlanSlots,
    ResumePage,
    StartPage,
    StartView,
    TaskListSlots,
    centre_choices,
    no_slots,
    plan_context,
    plan_view,
    start_context,
    step_context,
    step_slots,
    step_view,
    task_list_context,
    task_list_view,
)
from guide.sessions.deps import end_staff_session, signed_in, signed_in_read
from guide.sessions.policy import PRESENT, SAVE
from guide.sessions.service import close_session, open_session
from guide.sharing.service import NextStep, next_steps
from guide.web.deps import Db, Form, is_htmx, parse_id, valid_locale
from guide.web.panels import PanelContext
from guide.web.render import Shell, fragment, render
from guide.web.security import CSRF_COOKIE, SESSION_COOKIE, rotate_csrf, set_cookie
from guide.web.urls import url
from guide.workshops.service import Banner, current_banner
from guide.workshops.views import (
    IN_WORKSHOP,
    banner_markup,
    banner_view,
)

router = APIRouter(prefix="/{locale}")
log = logging.getLogger("tensteps")

# Notices shown on the start page after a redirect; the key travels in the URL, the text is translated here.
NOTICES = {
    "stopped": N_("You have stopped. Your answers are saved. Use your code to continue later."),
    "timeout": N_("You were away for a while, so we stopped to protect your answers. Use your code to continue."),
    "expired": N_("Your session has ended. Use your code to continue."),
    "start": N_("Start a new journey, or continue with your code."),
    "deleted": N_("Your data has been deleted. Nothing of your journey is kept."),
    "workshop": N_("To join a workshop, start a new journey or continue with your code. Then type the workshop code "
                   "on the page with your ten steps."),
}


router.dependencies.append(Depends(valid_locale))


def _secret() -> str:
    return get_settings().resolved_secret_key()


def _resume_limits(request: Request, code: str) -> tuple[Limit, Limit]:
    """Wrong codes are counted per address and per code prefix (see Settings.resume_attempts); only keyed hashes of
    either are kept, and only for counting."""
    settings = get_settings()
    address = address_bucket(request.client.host if request.client else "unknown")
    window = settings.resume_window_seconds
    return (Limit("resume:" + keyed_hash(_secret(), "address", address)[:32], settings.resume_attempts, window),
            Limit("resume-code:" + keyed_hash(_secret(), "code-prefix", code[:8])[:32],
                  settings.resume_attempts_per_code, window))


# --- start and resume ---------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse, name="journeys:start_page")
def start_page(request: Request, locale: str, notice: str = "") -> HTMLResponse:
    # A shell per language and notice (see web.render.Shell): only the CSRF token differs from one visitor to the
    # next. A made-up ?notice= is the page without a notice.
    view = StartView(locale, notice, i18n.gettext(NOTICES[notice])) if notice in NOTICES else StartView(locale)
    shell = Shell(view, start_context, no_slots, get_library())
    return render(request, "journeys/start.html", shell=shell)


@router.post("/start", response_class=HTMLResponse, name="journeys:start")
def start(request: Request, locale: str, form: Form, db: Db) -> HTMLResponse:
    library = get_library()
    try:
        centre_id = forms.read_centre(form, library.centres)
    except Problems as exc:
        return render(request, "journeys/start.html", StartPage(centre_choices(locale), errors=exc.worded(locale)),
                      status_code=422)
    centre = library.centres[centre_id]
    with writing(db):
        journey, code = start_journey(db, _secret(), centre_id, locale)
        token = open_session(db, _secret(), journey)
    request.state.journey = journey
    rotate_csrf(request)  # before the page: its forms carry the new token
    # The configured public address, never the request's Host header: the link carries the code, and the card is
    # read away from this request (printed, or scanned on another device).
    site = get_settings().resolved_public_url()
    response = render(request, "journeys/code.html", CodePage(
        code=code, qr_svg=_qr_svg(f"{site}/{locale}/resume?code={code}"), site_address=_address(site),
        made_on=i18n.fmt_date(as_utc(journey.created_at), centre.timezone, centre.country),
    ))
    end_staff_session(request, db, response)
    set_cookie(response, SESSION_COOKIE, token)
    return response


def _address(url: str) -> str:
    """The address as a person types it: browsers try https first, so that scheme need not be written."""
    return url.removeprefix("https://")


def _qr_svg(url: str) -> str:
    import segno

    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=4, dark="#000", light="#fff", omitsize=True)
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)


@router.get("/resume", response_class=HTMLResponse, name="journeys:resume_page")
def resume_page(request: Request, code: str = "") -> HTMLResponse:
    return render(request, "journeys/resume.html", ResumePage(typed=code[:40]))


@router.post("/resume", response_class=HTMLResponse, name="journeys:resume")
def resume(request: Request, locale: str, form: Form, db: Db) -> Response:
    typed = forms.typed_code(form)

    def again(problems: Problems, status_code: int) -> HTMLResponse:
        return render(request, "journeys/resume.html", ResumePage(typed, problems.worded(locale)),
                      status_code=status_code)

    try:
        code = forms.read_code(typed)
    except Problems as exc:
        return again(exc, 422)
    per_address, per_code = _resume_limits(request, code)
    # The slots are taken before the look-up, in a unit of work of their own: committed, so that parallel guesses
    # see each other's counts and get no more than the limit.
    with writing(db):
        attempt = take(db, per_address, per_code)
    if not attempt.allowed:
        return again(_too_many(per_code in attempt.blocked), 429)
    with writing(db):
        journey = find_journey(db, _secret(), typed)
        if journey is not None:  # otherwise the slots stay taken: they count this wrong code
            attempt.refund(db)
            token = open_session(db, _secret(), journey)
            target = _resume_target(request, db, journey)
            asked_help = bool(wanted_help(db, saved_id(journey)))  # the hint for steps 4 and 6, on this PC too
    if journey is None:
        return again(Problems({"code": Message(N_(
            "We did not find this code. Check each letter and number and try again."
        ))}), 422)
    rotate_csrf(request)
    response = ASKED_HELP.keep(request, RedirectResponse(target, status_code=303), asked_help)
    end_staff_session(request, db, response)
    set_cookie(response, SESSION_COOKIE, token)
    return response


def _too_many(this_code: bool) -> Problems:
    minutes = max(1, get_settings().resume_window_seconds // 60)
    if this_code:
        return Problems({"code": Message(N_(
            "This code was tried too many times. Wait %(minutes)s minutes and try again, or ask someone at the "
            "centre."
        ), {"minutes": minutes})})
    return Problems({"code": Message(N_(
        "You tried too many codes. Wait %(minutes)s minutes and try again, or ask someone at the centre."
    ), {"minutes": minutes})})


def _resume_target(request: Request, db: Session, journey: Journey) -> str:
    """The task list, or the next unanswered statement when a self-assessment is under way."""
    open_take = overview(db, journey).open_take
    return continue_url(request, open_take) if open_take else url(request, "journeys:task_list")


# --- task list, steps and plan -------------------------------------------------------------------


@router.get("/steps", response_class=HTMLResponse, name="journeys:task_list")
async def task_list(request: Request, locale: str, done: str = "", workshop: str = "") -> HTMLResponse:
    found, library = await signed_in_read(request)
    journey = found.journey

    def reads(conn: Connection) -> tuple[AssessmentPanel, list[NextStep], Banner | None]:
        db = Session(bind=conn)
        return (panel_view(request, db, journey, locale), next_steps(db, journey.id),
                current_banner(db, journey.id, utcnow()))

    panel, notes, banner = await read_db(request.app.state.engine, reads)
    # The page for these statuses is a shell (see web.render.Shell); the notes, the panel and the workshop banner
    # are its slots.
    slots = TaskListSlots(
        fragment(request, "journeys/_next_steps.html", {"next_steps": notes}) if notes else Markup(""),
        panel_fragment(request, panel, library),
        banner_markup(request, banner_view(banner, locale, "steps", workshop, library=library)),
    )
    shell = Shell(task_list_view(locale, found.progress, done, library, journey.centre_id),
                  lambda view: task_list_context(view, library),
                  slots, library)
    return IN_WORKSHOP.keep(request, render(request, "journeys/task_list.html", shell=shell), banner is not None)


def _step_number(n: str) -> int:
    number = parse_id(n)  # plain ASCII digits ("²" is a digit to str.isdigit, not to int)
    if number is None or number > STEP_COUNT:
        raise HTTPException(status_code=404)
    return number


def _step_page(request: Request, locale: str, number: int, journey: Journey | JourneyFacts, state: StepState,
               panel: AssessmentPanel | None, *, errors: dict[str, Any] | None = None, typed: StepInput | None = None,
               blocks: tuple[str, ...] = (), status_code: int = 200, library: Library | None = None,
               feedback: FeedbackForm | None = None) -> HTMLResponse:
    """A step page rendered whole (or its htmx blocks), with what was typed when a form comes back; `library`, the
    guide when the page has it already."""
    library = library or get_library()
    slots = step_slots(library, journey, state, typed, panel_fragment(request, panel, library))
    context = step_context(step_view(locale, number, journey, state), library, errors=errors or {}, typed=typed,
                           slot=slots, **({"feedback": feedback} if feedback else {}))
    return render(request, "journeys/step.html", context, blocks=blocks, status_code=status_code)


def panel_fragment(request: Request, panel: AssessmentPanel | None, library: Library) -> Markup:
    """The self-assessment panel (task list, step 5) as markup for its slot; nothing without one. `library`: the
    guide the page was read with (a look-up here would check its freshness on the event loop)."""
    return panel_markup(request, panel, library) if panel else Markup("")


@router.get("/steps/{n}", response_class=HTMLResponse, name="journeys:step")
async def step_page(request: Request, locale: str, n: str, feedback: str = "") -> HTMLResponse:
    found, library = await signed_in_read(request)  # the busiest page: async, one read (see signed_in_read)
    journey = found.journey
    number = _step_number(n)
    state = found.progress.state(number)
    panel = Markup("")
    engine = request.app.state.engine
    if number == ASSESSMENT_STEP:  # step 5 shows the person's self-assessment: one more read, its slot
        found_panel = await read_db(engine, lambda conn: _panel(request, Session(bind=conn), journey, locale, number))
        panel = panel_fragment(request, found_panel, library)
    # The workshop the person is in, for the banner (one small read; without a workshop, nothing is shown here).
    workshop = None
    if IN_WORKSHOP.may_have(request):  # the banner of the workshop this browser joined (see guide.web.hints)
        banner = await read_db(engine, lambda conn: current_banner(Session(bind=conn), journey.id, utcnow()))
        workshop = (banner_markup(request, banner_view(banner, locale, "steps", show_join=False, library=library))
                    if banner else None)
    reminder = Markup("")
    # Steps 4 and 6 remind of the help asked for that matters there: one more read, where help was asked for.
    if number in REMINDER_STEPS and ASKED_HELP.may_have(request):
        wanted = await read_db(engine, lambda conn: wanted_help(Session(bind=conn), journey.id))
        reminder = reminder_fragment(request, reminder_words(wanted, number))
    # The person's own values are slots; everything else follows from the view (see web.render.Shell); the
    # shell's key holds the guide it was rendered from.
    # ?feedback=sent: back from "Was this clear?" (guide.feedback.routes), the page with its thanks
    shell = Shell(step_view(locale, number, journey, state, feedback == "sent"),
                  lambda view: step_context(view, library),
                  step_slots(library, journey, state, None, panel, workshop, reminder), library)
    return render(request, "journeys/step.html", shell=shell)


def reminder_fragment(request: Request, themes: list[str]) -> Markup:
    """The step's "You asked for help with …" as markup for its slot; nothing when no help was asked for here."""
    return fragment(request, "barriers/_reminder.html", {"themes": themes}) if themes else Markup("")


def _panel(
    request: Request, db: Session, journey: Journey | JourneyFacts, locale: str, number: int
) -> AssessmentPanel | None:
    # Step 5 offers the soft-skills self-assessment, which counts towards it.
    return panel_view(request, db, journey, locale) if number == ASSESSMENT_STEP else None


def _save(
    request: Request, locale: str, n: str, journey: Journey, form: FormData, db: Session, mark: str | None
) -> tuple[int, StepState, dict[str, str], StepInput | None]:
    """Validate and store a step's form; returns (number, progress state, errors, typed values)."""
    number = _step_number(n)
    step = get_library().step(locale, number)
    data = forms.read_step(form, step, number)
    sector_ids = set(get_library().sectors)
    try:
        clean = validate_step_input(step, data, sector_ids, asks_sector=number == STEP_WITH_SECTOR)
    except StepInputError as exc:
        state = load_progress(db, journey).state(number)  # nothing stored: the unit of work only read
        return number, state, exc.worded(locale), data
    return number, save_step(db, journey, number, clean, mark), {}, None


def _after_save(request: Request, number: int, buttons: forms.StepButtons) -> str:
    """Where a step's buttons lead once the form is saved. Every way off the page is a button of the form ("go":
    next, previous, list), so nothing typed is lost without JavaScript; "I have finished this step" ("action":
    complete) marks the step done and shows the confirmation on the task list."""
    go = buttons.go
    if buttons.completes:
        return url(request, "journeys:task_list", query={"done": str(number)}) + "#done-banner"
    if go == "next" and number < STEP_COUNT:
        return url(request, "journeys:step", n=number + 1)
    if go == "previous" and number > 1:
        return url(request, "journeys:step", n=number - 1)
    if go == "cv" and number == CV_STEP:
        return url(request, "profile:cv")
    if go == "barriers" and number == BARRIERS_STEP:
        return url(request, "barriers:form")
    if go == "step" or buttons.action == "save":  # "save": a page from before the buttons changed, still open somewhere
        return url(request, "journeys:step", n=number, query={"saved": "1"}) + "#save-status"
    return url(request, "journeys:task_list") + f"#step-{number}"


def _not_saved(request: Request, locale: str, n: str, journey: Journey, form: FormData, db: Session,
               exc: OperationalError) -> HTMLResponse:
    """The database could not store the step (a full disk, a lock held too long): the page again, with what was
    typed still in the form and a message that says so. The save's unit of work has rolled back."""
    # The error's class and code only: its message could quote the statement's values.
    log.warning("a step could not be saved: %s %s", type(exc.orig).__name__,
                getattr(exc.orig, "sqlite_errorname", None) or getattr(exc.orig, "sqlstate", None) or "")
    number = _step_number(n)
    typed = forms.read_step(form, get_library().step(locale, number), number)
    try:
        with reading(db):
            state, panel = load_progress(db, journey).state(number), _panel(request, db, journey, locale, number)
    except SQLAlchemyError:  # not even a read (reading() rolled it back): the form alone
        state, panel = StepState(), None
    not_saved = Problems({"step-form": Message(N_(
        "Your answers could not be saved just now. They are still here. Wait a moment and press the button "
        "again. If it happens again, tell someone at the centre."
    ))})
    return _step_page(request, locale, number, journey, state, panel, errors=not_saved.worded(locale), typed=typed,
                      status_code=503)


@router.post("/steps/{n}", response_class=HTMLResponse, name="journeys:step_submit")
def step_submit(request: Request, locale: str, n: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    buttons = forms.read_step_buttons(form)
    mark = COMPLETED if buttons.completes else None
    try:
        with writing(db):
            number, state, errors, typed = _save(request, locale, n, journey, form, db, mark)
    except OperationalError as exc:
        return _not_saved(request, locale, n, journey, form, db, exc)
    if errors:
        with reading(db):
            panel = _panel(request, db, journey, locale, number)
        # "Was this clear?" is part of the step's form: what was typed there comes back too
        return _step_page(request, locale, number, journey, state, panel, errors=errors, typed=typed,
                          status_code=422, feedback=FeedbackForm(read_feedback(form)))
    if buttons.go == "feedback":  # the step is saved; now its "Was this clear?" answer
        return send_step_feedback(request, locale, journey, number, form, db)
    return RedirectResponse(_after_save(request, number, buttons), status_code=303)


@router.post("/steps/{n}/save", response_class=HTMLResponse, name="journeys:step_autosave")
def step_autosave(request: Request, locale: str, n: str, form: Form, db: Db) -> Response:
    """Save as you go (htmx, or a beacon when the page is left): answers with the save-status block. It does not
    keep the session alive: the page sends it on its own, also when the time-out warning takes the focus."""
    journey = signed_in(request, db, SAVE)
    with writing(db):
        number, state, errors, typed = _save(request, locale, n, journey, form, db, None)
    panel = None
    if not is_htmx(request):  # a beacon or a plain post gets the whole page; htmx, two blocks without the panel
        with reading(db):
            panel = _panel(request, db, journey, locale, number)
    return _step_page(request, locale, number, journey, state, panel, errors=errors, typed=typed,
                      blocks=("save_status", "step_status"), status_code=422 if errors else 200)


@router.get("/plan", response_class=HTMLResponse, name="journeys:my_plan")
async def my_plan(request: Request, locale: str) -> HTMLResponse:
    found, library = await signed_in_read(request)
    journey = found.journey
    centre = library.centres.get(journey.centre_id)
    timezone, country = library.clock(journey.centre_id)
    ctx = PanelContext(request, journey, locale, library, centre, timezone, country, utcnow(),
                       dict(request.query_params))

    def reads(conn: Connection) -> list[Any]:  # every panel's read, on one connection
        db = Session(bind=conn)
        return [panel.read(db, ctx) for panel in PANELS]

    data = await read_db(request.app.state.engine, reads)
    parts: dict[str, list[Markup]] = {}
    for panel, read in zip(PANELS, data, strict=True):
        for place, markup in panel.show(ctx, read).items():
            parts.setdefault(place, []).append(markup)
    done = ctx.query.get("done", "")
    notice = next((i18n.gettext(p.notices[done]) for p in PANELS if done in p.notices), "")
    # The page for these statuses is a shell (see web.render.Shell); the ticks, answers, date and parts its slots.
    shell = Shell(plan_view(found.progress, journey, locale, notice), lambda view: plan_context(view, library),
                  PlanSlots(found.progress, timezone, country, ctx.now, parts), library)
    response = render(request, "journeys/plan.html", shell=shell)
    for panel, read in zip(PANELS, data, strict=True):
        if panel.respond is not None:
            panel.respond(ctx, read, response)
    return response


def _leave(response: Response) -> Response:
    """Leave nothing of the journey in this browser: cookies gone, cache and storage cleared."""
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@router.post("/stop", name="journeys:stop")
def stop(request: Request, locale: str, form: Form, db: Db) -> Response:
    with writing(db):
        close_session(db, _secret(), request.cookies.get(SESSION_COOKIE, ""))
    request.scope["state"]["clearing_site"] = True
    notice = forms.read_stop_reason(form)
    return _leave(RedirectResponse(url(request, "journeys:start_page", query={"notice": notice}), status_code=303))


@router.post("/session/keepalive", name="journeys:keepalive")
def keepalive(request: Request, form: Form, db: Db) -> Response:
    """The person is there: the time-out warning's "Continue working", or the page telling that they type or click
    (at most once per touch interval, see app.js). It notes them seen now, or sends them to the start page."""
    signed_in(request, db, PRESENT)
    return Response(status_code=204)


@router.get("/delete", response_class=HTMLResponse, name="journeys:delete_confirm")
def delete_confirm(request: Request, db: Db) -> HTMLResponse:
    signed_in(request, db)
    return render(request, "journeys/delete.html", DeletePage())


@router.post("/delete", name="journeys:delete")
def delete(request: Request, locale: str, form: Form, db: Db) -> Response:
    journey = signed_in(request, db)
    try:
        forms.read_delete_confirmed(form)
    except Problems as exc:
        return render(request, "journeys/delete.html", DeletePage(exc.worded(locale)), status_code=422)
    with writing(db):
        delete_journey(db, journey)
    request.state.journey = None
    request.scope["state"]["clearing_site"] = True
    return _leave(RedirectResponse(url(request, "journeys:start_page", query={"notice": "deleted"}), status_code=303))
