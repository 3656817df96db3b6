"""Staff pages under /{locale}/staff: sign in and out, the coach's caseload and client pages, admins' accounts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from guide.core import i18n
from guide.core.codes import keyed_hash
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.ratelimit import Limit, address_bucket, take
from guide.core.settings import get_settings
from guide.sessions.deps import StaffDb, current_staff, end_job_seeker_session, require_role
from guide.sessions.service import close_staff_session, open_staff_session
from guide.sharing.models import CoachLink
from guide.sharing.service import (
    ShareCodeError,
    TooLong,
    coach_link,
    log_view,
    pseudonym,
    redeem_share_code,
    save_label,
    save_marks,
    save_next_step,
)
from guide.staff import forms, views
from guide.staff.areas import landing_endpoint
from guide.staff.service import (
    ADMIN,
    COACH,
    KNOWN_DEVICE_DAYS,
    AccountError,
    LoginResult,
    StaffUser,
    account_problem,
    account_roles,
    change_own_password,
    check_login,
    create_account,
    generate_password,
    login_slots,
    manageable_account,
    set_disabled,
    set_password,
    update_account,
)
from guide.web.deps import Form, path_id, valid_locale
from guide.web.render import render
from guide.web.security import DEVICE_COOKIE, STAFF_COOKIE, rotate_csrf, set_cookie
from guide.web.urls import url, url_format

if TYPE_CHECKING:  # for annotations only (imported here, apart: the imports above change with other work)
    from guide.staff.models import StaffAccount

router = APIRouter(prefix="/{locale}/staff", dependencies=[Depends(valid_locale)])

AnyStaff = Annotated[StaffUser, Depends(require_role())]
Coach = Annotated[StaffUser, Depends(require_role(COACH))]
Admin = Annotated[StaffUser, Depends(require_role(ADMIN))]
LinkId = Annotated[int, path_id("link_id")]
AccountId = Annotated[int, path_id("account_id")]


def _secret() -> str:
    return get_settings().resolved_secret_key()


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _address_key(request: Request, purpose: str) -> str:
    return f"{purpose}:" + keyed_hash(_secret(), "address", address_bucket(_address(request)))[:32]


def _login_limits() -> tuple[int, int, int]:
    settings = get_settings()
    return settings.login_attempts_per_account, settings.login_attempts_per_address, settings.login_window_seconds


def _check_password(request: Request, db: Session, username: str, password: str) -> LoginResult:
    """A password checked under the sign-in's rate limits, in two units of work: the slots are committed before the
    check (slow on purpose), so parallel guesses see each other's counts and no writer waits behind it for SQLite's
    write lock; the check, and the refund of the slots when it was right, are the second."""
    device = request.cookies.get(DEVICE_COOKIE, "")
    with writing(db):
        attempt = login_slots(db, _secret(), username, _address(request), _login_limits(), device)
    with writing(db):
        return check_login(db, _secret(), username, password, attempt, device)


# --- signing in and out --------------------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse, name="staff:login_page")
def login_page(request: Request, db: StaffDb, next: str = "", notice: str = "") -> HTMLResponse:  # noqa: A002
    current_staff(request, db)  # the header shows who is signed in, if anyone
    return render(request, "staff/login.html", views.login_view(forms.safe_next(next), notice))


@router.post("/login", response_class=HTMLResponse, name="staff:login")
def login(request: Request, locale: str, form: Form, db: StaffDb) -> Response:
    sign_in = forms.read_sign_in(form)
    username, next_path = sign_in.username, sign_in.next_path

    def again(problems: Problems, status_code: int) -> HTMLResponse:
        view = views.LoginPage(typed=username, next=next_path,
                               errors=problems.worded(locale, ("username", "password")))
        return render(request, "staff/login.html", view, status_code=status_code)

    try:
        forms.check_sign_in(sign_in)
    except Problems as exc:
        return again(exc, 422)
    result = _check_password(request, db, username, sign_in.password)
    if result.limited:
        minutes = max(1, get_settings().login_window_seconds // 60)
        return again(Problems({"username": Message(N_(
            "Too many attempts to sign in. Wait %(minutes)s minutes and try again, or ask an administrator."
        ), {"minutes": minutes})}), 429)
    if result.account is None:
        return again(Problems({"username": Message(N_(
            "The username or the password is not right. Check them and try again."
        ))}), 422)
    with writing(db):
        token = open_staff_session(db, _secret(), result.account.id)  # type: ignore[arg-type]
        landing = landing_endpoint(account_roles(db, result.account.id))  # type: ignore[arg-type]
    rotate_csrf(request)
    response = RedirectResponse(next_path or url(request, landing), status_code=303)
    end_job_seeker_session(request, db, response)
    set_cookie(response, STAFF_COOKIE, token)
    set_cookie(response, DEVICE_COOKIE, result.device, max_age=KNOWN_DEVICE_DAYS * 86400)
    return response


@router.post("/logout", name="staff:logout")
def logout(request: Request, locale: str, form: Form, db: StaffDb) -> Response:
    with writing(db):
        close_staff_session(db, _secret(), request.cookies.get(STAFF_COOKIE, ""))
    response = RedirectResponse(url(request, "staff:login_page", query={"notice": "signed_out"}), status_code=303)
    response.delete_cookie(STAFF_COOKIE, path="/")
    rotate_csrf(request)
    # As a job seeker's "stop" does, but not "cookies": the known-device cookie must outlive the session (it is what
    # lets this coach sign in here while their account is hammered elsewhere); the others are replaced or deleted.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@router.get("/", response_class=HTMLResponse, name="staff:home")
def staff_home(request: Request, staff: AnyStaff, notice: str = "") -> HTMLResponse:
    return render(request, "staff/home.html", views.home_view(staff, notice))


# --- one's own password --------------------------------------------------------------------------------------------


@router.get("/password", response_class=HTMLResponse, name="staff:own_password_page")
def own_password_page(request: Request, staff: AnyStaff) -> HTMLResponse:
    return render(request, "staff/change_password.html", views.PasswordChangePage())


@router.post("/password", response_class=HTMLResponse, name="staff:own_password")
def own_password(request: Request, locale: str, staff: AnyStaff, form: Form, db: StaffDb) -> Response:
    typed = forms.read_password_change(form)
    current = typed.current
    # The current password is checked as a sign-in checks it (its own units of work: see _check_password).
    checked = _check_password(request, db, staff.username, current) if current else None
    try:
        with writing(db):
            change_own_password(db, _secret(), staff.id, current, typed.new, typed.again,
                                keep_token=request.cookies.get(STAFF_COOKIE, ""), checked=checked,
                                window_seconds=_login_limits()[2])
    except AccountError as exc:
        # What was typed is never sent back: a password must not sit in a page, a cache or the browser's history.
        return render(request, "staff/change_password.html", views.PasswordChangePage(errors=_account_errors(exc)),
                      status_code=429 if exc.limited else 422)
    return RedirectResponse(url(request, "staff:home", query={"notice": "password_changed"}), status_code=303)


# --- the caseload --------------------------------------------------------------------------------------------------


def _caseload_page(request: Request, locale: str, staff: StaffUser, db: Session, show: str = "all",
                   sort: str = "activity", page: int = 1, typed: str = "", errors: dict[str, str] | None = None,
                   notice: str = "", status_code: int = 200) -> HTMLResponse:
    view = views.caseload_view(db, _secret(), staff, locale, url_format(request, "staff:client", "link_id"), show,
                               sort, page, typed=typed, errors=errors, notice=notice)
    return render(request, "staff/caseload.html", view, status_code=status_code)


@router.get("/caseload", response_class=HTMLResponse, name="staff:caseload")
def caseload_page(request: Request, locale: str, staff: Coach, db: StaffDb, show: str = "all",
                  sort: str = "activity", added: str = "", page: str = "1") -> HTMLResponse:
    notice = i18n.gettext("Client %(name)s is now in your caseload.", name=added) if re.fullmatch(
        r"[A-Z0-9]{3}-[A-Z0-9]{3}", added) else ""
    return _caseload_page(request, locale, staff, db, show, sort, views.page_number(page), notice=notice)


@router.post("/caseload", response_class=HTMLResponse, name="staff:add_client")
def add_client(request: Request, locale: str, staff: Coach, form: Form, db: StaffDb) -> Response:
    typed = forms.typed_share_code(form)
    settings = get_settings()
    window = settings.share_code_window_seconds
    limits = (Limit(f"share-code-coach:{staff.id}", settings.share_code_attempts, window),
              Limit(_address_key(request, "share-code"), settings.share_code_attempts, window))

    def again(problems: Problems, status_code: int) -> HTMLResponse:
        return _caseload_page(request, locale, staff, db, typed=typed, errors=problems.worded(locale),
                              status_code=status_code)

    try:
        forms.check_share_code(typed)
    except Problems as exc:
        return again(exc, 422)
    # The slots are taken before the look-up, in a unit of work of their own: committed, so that parallel guesses
    # see each other's counts and get no more than the limit.
    with writing(db):
        attempt = take(db, *limits)
    if not attempt.allowed:
        return again(Problems({"code": Message(N_(
            "You tried too many share codes. Wait %(minutes)s minutes and try again."
        ), {"minutes": max(1, window // 60)})}), 429)
    try:
        with writing(db):
            link = redeem_share_code(db, _secret(), staff.id, typed)
            attempt.refund(db)
    except ShareCodeError:  # the slots stay taken: they count this wrong code
        return again(Problems({"code": Message(N_(
            "This share code is not right or has expired. A code works once, for %(minutes)s minutes. "
            "Ask your client to make a new one."
        ), {"minutes": settings.share_code_minutes})}), 422)
    name = pseudonym(_secret(), link.journey_id)
    return RedirectResponse(url(request, "staff:caseload", query={"added": name}), status_code=303)


# --- a client's page -----------------------------------------------------------------------------------------------


def _own_link(db: Session, staff: StaffUser, link_id: int) -> CoachLink:
    link = coach_link(db, staff.id, link_id)
    if link is None:  # not theirs, stopped sharing, or never existed: all look the same
        raise HTTPException(status_code=404)
    return link


def _client_page(request: Request, locale: str, db: Session, link: CoachLink, errors: dict[str, str] | None = None,
                 typed: dict[str, str] | None = None, notice: str = "", status_code: int = 200) -> HTMLResponse:
    view = views.client_view(db, _secret(), link, locale, errors=errors, typed=typed, notice=notice)
    if view is None:
        raise HTTPException(status_code=404)
    return render(request, "staff/client.html", view, status_code=status_code)


@router.get("/clients/{link_id}", response_class=HTMLResponse, name="staff:client")
def client_page(request: Request, locale: str, link_id: LinkId, staff: Coach, db: StaffDb,
                saved: str = "") -> HTMLResponse:
    with writing(db):
        link = _own_link(db, staff, link_id)
        log_view(db, link)  # every view is logged: the client sees when their coach looked
    notice = i18n.gettext("Saved.") if saved else ""
    return _client_page(request, locale, db, link, notice=notice)


def _saved(request: Request, link_id: int, anchor: str) -> RedirectResponse:
    target = url(request, "staff:client", link_id=link_id, query={"saved": "1"})
    return RedirectResponse(f"{target}#{anchor}", status_code=303)


@router.post("/clients/{link_id}/marks", response_class=HTMLResponse, name="staff:client_marks")
def client_marks(request: Request, locale: str, link_id: LinkId, staff: Coach, form: Form, db: StaffDb) -> Response:
    marks = forms.read_marks(form)
    with writing(db):
        save_marks(db, _own_link(db, staff, link_id), marks)
    return _saved(request, link_id, "steps")


def _too_long(field: str, exc: TooLong) -> dict[str, str]:
    return Problems({field: Message(N_(
        "This text has %(length)s characters. The limit is %(max)s. Make it shorter: your text is still here."
    ), {"length": exc.length, "max": exc.limit})}).worded(i18n.get_locale())


@router.post("/clients/{link_id}/next-step", response_class=HTMLResponse, name="staff:client_next_step")
def client_next_step(request: Request, locale: str, link_id: LinkId, staff: Coach, form: Form,
                     db: StaffDb) -> Response:
    text = forms.read_note(form, "next_step")
    try:
        with writing(db):
            link = _own_link(db, staff, link_id)
            save_next_step(db, link, text)
    except TooLong as exc:
        return _client_page(request, locale, db, link, _too_long("next_step", exc), {"next_step": text},
                            status_code=422)
    return _saved(request, link_id, "next-step")


@router.post("/clients/{link_id}/label", response_class=HTMLResponse, name="staff:client_label")
def client_label(request: Request, locale: str, link_id: LinkId, staff: Coach, form: Form, db: StaffDb) -> Response:
    text = forms.read_note(form, "label")
    try:
        with writing(db):
            link = _own_link(db, staff, link_id)
            save_label(db, link, text)
    except TooLong as exc:
        return _client_page(request, locale, db, link, _too_long("label", exc), {"label": text}, status_code=422)
    return _saved(request, link_id, "label")


# --- accounts (admins) ---------------------------------------------------------------------------------------------


# The account forms' fields in the order they are on the page: the error summary lists errors in the same order.
ACCOUNT_FIELDS = ("username", "display_name", "roles", "languages", "partner", "password")


def _account_errors(exc: AccountError) -> dict[str, str]:
    return exc.worded(i18n.get_locale(), ACCOUNT_FIELDS)


def _managed(db: Session, staff: StaffUser, account_id: int) -> StaffAccount:
    account = manageable_account(db, staff, account_id)
    if account is None:
        raise HTTPException(status_code=404)
    return account


@router.get("/accounts", response_class=HTMLResponse, name="staff:accounts")
def accounts_page(request: Request, staff: Admin, db: StaffDb) -> HTMLResponse:
    return render(request, "staff/accounts.html", views.accounts_view(db, staff))


@router.get("/accounts/new", response_class=HTMLResponse, name="staff:new_account_page")
def new_account_page(request: Request, staff: Admin) -> HTMLResponse:
    return render(request, "staff/account_new.html", views.new_account_view(staff))


@router.post("/accounts/new", response_class=HTMLResponse, name="staff:new_account")
def new_account(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    sent = forms.read_account(form)
    generated = "" if sent.password else generate_password()
    try:
        if sent.partner not in views.partner_choices(staff):
            raise AccountError({"partner": account_problem("unknown_partner")})
        with writing(db):
            account = create_account(
                db, sent.username, sent.display_name, sent.partner, set(sent.roles), set(sent.languages),
                set(i18n.available_locales()), password=sent.password or generated,
            )
    except AccountError as exc:
        return render(request, "staff/account_new.html",
                      views.new_account_view(staff, typed=sent.typed(), errors=_account_errors(exc)), status_code=422)
    if generated:
        return render(request, "staff/password.html", views.NewPasswordPage(account, generated))
    return RedirectResponse(url(request, "staff:account", account_id=account.id, query={"saved": "1"}),  # type: ignore[arg-type]
                            status_code=303)


def _account_page(request: Request, staff: StaffUser, db: Session, account: StaffAccount, status_code: int = 200, *,
                  typed: dict[str, object] | None = None, errors: dict[str, str] | None = None,
                  notice: str = "") -> HTMLResponse:
    view = views.account_view(db, staff, account, typed=typed, errors=errors, notice=notice)
    return render(request, "staff/account.html", view, status_code=status_code)


@router.get("/accounts/{account_id}", response_class=HTMLResponse, name="staff:account")
def account_page(request: Request, account_id: AccountId, staff: Admin, db: StaffDb, saved: str = "") -> HTMLResponse:
    with reading(db):
        account = _managed(db, staff, account_id)
    return _account_page(request, staff, db, account, notice=i18n.gettext("Saved.") if saved else "")


@router.post("/accounts/{account_id}", response_class=HTMLResponse, name="staff:account_update")
def account_update(request: Request, locale: str, account_id: AccountId, staff: Admin, form: Form,
                   db: StaffDb) -> Response:
    sent = forms.read_account(form)
    try:
        with writing(db):
            account = _managed(db, staff, account_id)
            update_account(db, account, sent.display_name, set(sent.roles), set(sent.languages),
                           set(i18n.available_locales()), actor=staff)
    except AccountError as exc:
        typed: dict[str, object] = {"display_name": sent.display_name, "roles": sorted(sent.roles),
                                    "languages": sorted(sent.languages)}
        return _account_page(request, staff, db, account, status_code=422, errors=_account_errors(exc), typed=typed)
    return RedirectResponse(url(request, "staff:account", account_id=account_id, query={"saved": "1"}), status_code=303)


@router.post("/accounts/{account_id}/status", response_class=HTMLResponse, name="staff:account_status")
def account_status(request: Request, locale: str, account_id: AccountId, staff: Admin, form: Form,
                   db: StaffDb) -> Response:
    disable = forms.read_disable(form)
    with writing(db):
        account = _managed(db, staff, account_id)
        own = disable and account.id == staff.id  # nobody locks themselves out
        if not own:
            set_disabled(db, account, disable)
    if own:
        errors = _account_errors(AccountError({"status": account_problem("self")}))
        return _account_page(request, staff, db, account, status_code=422, errors=errors)
    return RedirectResponse(url(request, "staff:account", account_id=account_id, query={"saved": "1"}), status_code=303)


@router.post("/accounts/{account_id}/password", response_class=HTMLResponse, name="staff:account_password")
def account_password(request: Request, account_id: AccountId, staff: Admin, form: Form, db: StaffDb) -> Response:
    password = generate_password()
    with writing(db):
        account = _managed(db, staff, account_id)
        set_password(db, account, password)  # every session of the account ends
    return render(request, "staff/password.html", views.NewPasswordPage(account, password))
