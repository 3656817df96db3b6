"""What the staff pages show: one frozen view per page, whose fields are the template's names, and the presenters
that build them (the routes read the request, call these and render; nothing here imports a route)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape
from sqlmodel import Session

from guide.barriers.service import shared_answers
from guide.barriers.views import CoachBarrier, coach_barriers, theme_pictograms
from guide.content.library import STEP_COUNT, Step, centre_clock, get_library, partner_centre
from guide.core import i18n
from guide.core.db import reading
from guide.core.i18n import N_
from guide.core.models import utcnow
from guide.outcomes.service import journey_outcomes
from guide.outcomes.views import ShownOutcome, shown_outcome
from guide.sharing.models import CoachLink
from guide.sharing.service import (
    FILTERS,
    MARKS,
    MAX_LABEL,
    MAX_NEXT_STEP,
    SORTS,
    STRENGTH,
    SUPPORT,
    UNEXPLORED,
    CaseloadEntry,
    ClientDetail,
    caseload_details,
    caseload_links,
    client_detail,
    count_caseload,
    select_caseload,
    step_statuses,
)
from guide.staff.areas import StaffArea, areas_for
from guide.staff.models import StaffAccount
from guide.staff.service import (
    ADMIN,
    COACH,
    HELPER,
    MAX_DISPLAY_NAME,
    MIN_PASSWORD_LENGTH,
    ROLES,
    AccountRow,
    StaffUser,
    account_row,
    list_accounts,
    partners,
)
from skills_audit.framework import get_framework

ROLE_NAMES = {
    COACH: N_("Coach"),
    HELPER: N_("Peer helper"),
    "editor": N_("Editor"),
    "analyst": N_("Analyst"),
    ADMIN: N_("Administrator"),
}
MARK_NAMES = {STRENGTH: N_("A strength"), SUPPORT: N_("Needs support"), UNEXPLORED: N_("Not yet explored")}
FILTER_NAMES = {
    "all": N_("All clients"),
    "active": N_("Active in the last 14 days"),
    "quiet": N_("No activity for 14 days or more"),
    "done": N_("All ten steps done"),
}
LOGIN_NOTICES = {
    "signed_out": N_("You have signed out."),
    "expired": N_("Your session has ended. Sign in again."),
}
HOME_NOTICES = {"password_changed": N_("Your password is changed. You are signed out on every other computer.")}


def _notice(notices: Mapping[str, str], key: str) -> str:
    """The notice a redirect asked for by its key (?notice=...), in the page's language; "" for any other key."""
    return i18n.gettext(notices[key]) if key in notices else ""


# --- signing in, the staff home page, one's own password -----------------------------------------------------------


@dataclass(frozen=True)
class LoginPage:
    typed: str = ""  # the username as typed (a password is never sent back)
    next: str = ""  # where signing in leads afterwards: a staff page of this site, or ""
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""


def login_view(next_path: str, notice: str) -> LoginPage:
    return LoginPage(next=next_path, notice=_notice(LOGIN_NOTICES, notice))


@dataclass(frozen=True)
class HomePage:
    areas: Sequence[StaffArea]
    roles: Sequence[str]  # the person's roles, in the page's language
    notice: str = ""


def home_view(staff: StaffUser, notice: str = "") -> HomePage:
    # One link per page, even when two of the person's roles lead to it (an editor who is also an admin).
    return HomePage(areas=areas_for(staff.roles), roles=[i18n.gettext(ROLE_NAMES[r]) for r in ROLES if staff.has(r)],
                    notice=_notice(HOME_NOTICES, notice))


@dataclass(frozen=True)
class PasswordChangePage:
    """What was typed is never sent back: a password must not sit in a page, a cache or the browser's history."""

    errors: Mapping[str, str] = field(default_factory=dict)
    min_password: int = MIN_PASSWORD_LENGTH


# --- the caseload --------------------------------------------------------------------------------------------------


# A client's row of the caseload, made here rather than in the template: the page lists 50 of them, and placing
# each row's eight values through Jinja (an escape and a look-up each, the fixed words translated again on every row)
# was most of the page's time (issue 20). The markup is the template's as it was, to the character; the values are
# escaped as Jinja escapes them: what comes from the database or is formatted here (`escape`); the translations as
# Jinja's gettext gives them, as markup (a translator's `&` stays as written); the segments and the levels are our
# own markup, made by _segments and _level_items.
_ROW = (
    '<tr>\n'
    '      <td><a class="client-link" href="{href}">{pseudonym}</a>{label}{talk}{due}</td>\n'
    '      <td data-label="{progress}"><div class="progress-bar progress-bar-small" aria-hidden="true">{segments}</div>'
    '<span class="progress-text">{done}</span></td>\n'
    '      <td data-label="{activity}">{date}</td>\n'
    '      <td data-label="{assessment}">{levels}</td>\n'
    '    </tr>'
)


@dataclass(frozen=True, slots=True)
class RowWords:
    """The fixed words of every row, translated once per page (Jinja's gettext: the translation as markup)."""

    progress: str
    activity: str
    assessment: str
    not_done: str
    talk: str  # the tag, with the space before it
    due: str

    @classmethod
    def translated(cls) -> RowWords:
        gettext = i18n.gettext
        return cls(gettext("Progress"), gettext("Last activity"), gettext("Latest self-assessment"),
                   gettext("Not done yet"), f' <strong class="tag tag-busy">{gettext("Wants to talk")}</strong>',
                   f' <strong class="tag tag-new">{gettext("Check-in due")}</strong>')


# Clients per page of the caseload: a page a coach can scan, and light enough to send (about 7 KB compressed).
PAGE_SIZE = 50


@dataclass(frozen=True)
class CaseloadPage:
    rows: Sequence[Markup]  # each client's <tr> (caseload_rows)
    show: str  # the filter chosen (a key of FILTERS)
    sort: str  # a key of SORTS
    counts: Mapping[str, int]  # filter -> how many clients it shows
    total: int  # clients in the caseload
    page: int = 1  # which page of the chosen clients, from 1
    pages: int = 1  # how many pages they fill (1 when there is none)
    page_numbers: Sequence[int | None] = (1,)  # the pages linked to, None for a gap (see page_numbers)
    typed: str = ""  # the share code as typed
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""
    filters: Mapping[str, str] = field(default_factory=lambda: FILTER_NAMES)


def page_numbers(page: int, pages: int) -> tuple[int | None, ...]:
    """The pages to link to: the first, the last, and the two either side of this one (None: a gap)."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    numbers: list[int | None] = []
    for n in wanted:
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(n)
    return tuple(numbers)


@lru_cache
def _level_texts(locale: str) -> tuple[tuple[tuple[str, str], ...], dict[int, str]]:
    """Competence names in the framework's order and the scale's labels, per language (content is read once)."""
    framework = get_framework()
    names = tuple((cid, framework.competence_name(cid, locale)) for cid in framework.competence_ids())
    return names, {value: framework.scale_label(value, locale) for value in framework.scale_values()}


@lru_cache
def _level_items(locale: str) -> tuple[tuple[str, dict[int, str]], ...]:
    """Each competence in the framework's order with the <li> of each of its levels, escaped once per language."""
    names, labels = _level_texts(locale)
    return tuple(
        (cid, {level: str(Markup("<li>{}: <strong>{}</strong></li>").format(name, label))
               for level, label in labels.items()})
        for cid, name in names
    )


@lru_cache(maxsize=4096)
def _segments(done_steps: int, started_steps: int) -> Markup:
    # Statuses are our own constants, never typed by anyone: safe to join as markup.
    return Markup("".join(f'<span class="segment segment-{s}"></span>'
                          for s in step_statuses(done_steps, started_steps)))


def caseload_rows(entries: list[CaseloadEntry], locale: str, tz: str, country: str, client_path: str
                  ) -> list[Markup]:
    """Each client's <tr>: many rows share a date, a count or a level, formatted once. `client_path` is the client
    page's path with {link_id} to fill in (guide.web.urls.url_format)."""
    zone = ZoneInfo(tz)
    items = _level_items(locale)
    words = RowWords.translated()
    dates: dict[date, str] = {}  # day -> its text, escaped
    done_texts: dict[int, str] = {}
    rows = []
    for entry in entries:
        day = entry.last_activity.astimezone(zone).date()
        if day not in dates:
            dates[day] = escape(i18n.fmt_date(entry.last_activity, tz, country))
        if entry.completed not in done_texts:
            done_texts[entry.completed] = escape(i18n.gettext(
                "%(done)s of %(total)s steps completed", done=entry.completed, total=STEP_COUNT
            ))
        found = entry.levels
        # Our own escaped texts, looked up by the levels the database holds: safe to join as markup.
        levels = "".join([
            li for cid, by_level in items if (level := found.get(cid)) is not None and (li := by_level.get(level))
        ]) if found else ""
        label = entry.label
        rows.append(Markup(_ROW.format(
            href=escape(client_path.format(link_id=entry.link_id)), pseudonym=escape(entry.pseudonym),
            label=f'<span class="client-label">{escape(label)}</span>' if label else "",
            talk=words.talk if entry.wants_talk else "", due=words.due if entry.checkin_due else "",
            progress=words.progress, segments=_segments(entry.done_steps, entry.started_steps),
            done=done_texts[entry.completed], activity=words.activity, date=dates[day], assessment=words.assessment,
            levels=f'<ul class="levels">{levels}</ul>' if levels else words.not_done,
        )))
    return rows


def page_number(typed: str) -> int:
    """The page asked for in the query (anything but a positive number is the first page)."""
    return int(typed) if typed.isascii() and typed.isdigit() and 0 < len(typed) < 6 and int(typed) > 0 else 1


def caseload_view(db: Session, secret: str, staff: StaffUser, locale: str, client_path: str, show: str = "all",
                  sort: str = "activity", page: int = 1, *, typed: str = "", errors: Mapping[str, str] | None = None,
                  notice: str = "") -> CaseloadPage:
    show = show if show in FILTERS else "all"
    sort = sort if sort in SORTS else "activity"
    with reading(db):
        links = caseload_links(db, staff.id, utcnow())
        chosen = select_caseload(links, show, sort)
        pages = max(1, -(-len(chosen) // PAGE_SIZE))
        page = min(max(page, 1), pages)  # past the last page (clients stopped sharing): the last one
        shown = chosen[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
        entries = caseload_details(db, secret, staff.id, shown)
    home = partner_centre(staff.partner)  # the coach's own clock and date format
    rows = caseload_rows(entries, locale, *centre_clock(home), client_path)
    return CaseloadPage(rows=rows, show=show, sort=sort, counts=count_caseload(links), total=len(links),
                        page=page, pages=pages, page_numbers=page_numbers(page, pages), typed=typed,
                        errors=errors or {}, notice=notice)


# --- a client's page -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientPage:
    detail: ClientDetail
    link: CoachLink
    steps: Sequence[Step]
    marks: Mapping[int, str]  # step -> the coach's mark
    take_dates: Sequence[datetime]  # the finished self-assessments, oldest first
    competences: Sequence[tuple[str, Sequence[str]]]  # a competence's name, and its level's label in each take
    timezone: str  # the client's dates as their centre's clock and country write them
    country: str
    outcomes: Sequence[ShownOutcome] = ()  # what happened next, with the check-ins
    errors: Mapping[str, str] = field(default_factory=dict)
    # What was typed when a form came back with an error (field -> text); a dict, so render() answers "" for others.
    typed: dict[str, str] = field(default_factory=dict)
    notice: str = ""
    mark_names: Mapping[str, str] = field(default_factory=lambda: MARK_NAMES)
    MARKS: Sequence[str] = MARKS
    max_label: int = MAX_LABEL
    max_next_step: int = MAX_NEXT_STEP
    # What stands in the client's way (guide.barriers), None when they do not share it with this coach.
    barriers: Sequence[CoachBarrier] | None = None


def client_view(db: Session, secret: str, link: CoachLink, locale: str, *, errors: Mapping[str, str] | None = None,
                typed: dict[str, str] | None = None, notice: str = "") -> ClientPage | None:
    """The client's page, or None when their journey is gone."""
    with reading(db):
        detail = client_detail(db, secret, link)
        outcomes = journey_outcomes(db, link.journey_id)
        shared = shared_answers(db, link)
    if detail is None:
        return None
    framework = get_framework()
    takes = [(take.finished_at, take.levels) for take in detail.takes]
    competences = [
        (framework.competence_name(cid, locale),
         [framework.scale_label(level, locale) if (level := levels.get(cid)) is not None else ""
          for _at, levels in takes])
        for cid in framework.competence_ids()
        if any(levels.get(cid) is not None for _at, levels in takes)
    ]
    library = get_library()
    timezone, country = library.clock(detail.journey.centre_id)
    return ClientPage(
        detail=detail, link=link, steps=library.all_steps(locale), marks=detail.marks,
        take_dates=[at for at, _levels in takes], competences=competences, timezone=timezone, country=country,
        outcomes=[shown_outcome(row, country) for row in outcomes], errors=errors or {}, typed=typed or {},
        notice=notice,
        barriers=coach_barriers(shared, theme_pictograms()),
    )


# --- accounts (admins) ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountsPage:
    rows: Sequence[AccountRow]
    role_names: Mapping[str, str] = field(default_factory=lambda: ROLE_NAMES)


def accounts_view(db: Session, staff: StaffUser) -> AccountsPage:
    with reading(db):
        found = list_accounts(db, None if staff.all_partners else staff.partner)
    return AccountsPage(rows=[row for row in found if staff.may_manage(row.account.partner, row.account.all_partners)])


def partner_choices(staff: StaffUser) -> list[str]:
    """The organisations an admin may give an account: every one, or their own."""
    return partners() if staff.all_partners else [staff.partner]


@dataclass(frozen=True, kw_only=True)
class AccountForm:
    """What both account pages show of an account's fields (staff/_account_fields.html)."""

    # What the fields show (field -> text, or a list of roles or languages); a dict, so render() answers "" for a
    # field not in it.
    typed: dict[str, object]
    errors: Mapping[str, str] = field(default_factory=dict)
    is_self: bool = False  # the admin's own account: its roles and languages are shown, not changed
    max_name: int = MAX_DISPLAY_NAME
    ROLES: Sequence[str] = ROLES
    role_names: Mapping[str, str] = field(default_factory=lambda: ROLE_NAMES)


@dataclass(frozen=True, kw_only=True)
class NewAccountPage(AccountForm):
    partner_choices: Sequence[str]
    min_password: int = MIN_PASSWORD_LENGTH


def new_account_view(staff: StaffUser, *, typed: dict[str, object] | None = None,
                     errors: Mapping[str, str] | None = None) -> NewAccountPage:
    """The form, as typed, or empty but for the admin's own organisation and the coach's role."""
    return NewAccountPage(
        typed=typed if typed is not None else {"partner": staff.partner, "roles": [COACH], "languages": []},
        errors=errors or {}, partner_choices=partner_choices(staff),
    )


@dataclass(frozen=True, kw_only=True)
class AccountPage(AccountForm):
    row: AccountRow
    notice: str = ""


def account_view(db: Session, staff: StaffUser, account: StaffAccount, *, typed: dict[str, object] | None = None,
                 errors: Mapping[str, str] | None = None, notice: str = "") -> AccountPage:
    """The account as saved, or with what was typed when the form came back with an error."""
    with reading(db):
        row = account_row(db, account)
    saved: dict[str, object] = {"display_name": account.display_name, "roles": list(row.roles),
                                "languages": list(row.languages)}
    return AccountPage(row=row, typed=typed if typed is not None else saved, errors=errors or {}, notice=notice,
                       is_self=account.id == staff.id)


@dataclass(frozen=True)
class NewPasswordPage:
    """A password made by the app, shown once."""

    account: StaffAccount
    password: str
