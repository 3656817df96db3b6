"""The skills audit's pages for analysts, under /{locale}/staff/audit: employers' needs (list, form, import), the gap
report with the regions side by side and its downloads, releases, and the programme indicators.

Every figure comes from skills_audit (already suppressed there, and shown only once released); these routes read the
input, call the domain, and render the views of guide.audit_pages.views.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.about import forms as about_forms
from guide.about.service import set_switch, switches
from guide.audit_pages import breakdown_views, forms, group_views, results_views, stops_views, tables, views
from guide.audit_pages.breakdown_views import QuarterPage
from guide.audit_pages.places import get_places
from guide.content.library import get_library
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Problems
from guide.core.settings import get_settings
from guide.sessions.deps import StaffDb, require_role
from guide.staff.service import ADMIN, StaffUser
from guide.web.deps import Form, valid_locale
from guide.web.limits import MULTIPART_ROOM, body_limit
from guide.web.render import render
from guide.web.urls import url
from skills_audit.aggregate import AuditError, parse_period
from skills_audit.breakdown import Breakdown
from skills_audit.export import export, export_suffix, to_csv, to_xlsx
from skills_audit.framework import get_framework
from skills_audit.needs import NeedsRejected, import_needs, list_surveys, read_rows, record_need
from skills_audit.releases import make_release, no_such_release, not_released, released_tables
from skills_audit.report import NotReleased, Report, build_report
from skills_audit.results import ResultsReport, indicator_keys, results_report, results_xlsx
from skills_audit.sheets import MAX_FILE_BYTES
from skills_audit.targets import (
    MAX_TARGET,
    TARGETS_FILE,
    TargetsRejected,
    current_targets,
    read_targets_file,
    set_targets,
    year_periods,
)
from skills_audit.targets import history as target_history

log = logging.getLogger("tensteps")
ANALYST = "analyst"
router = APIRouter(prefix="/{locale}/staff/audit", dependencies=[Depends(valid_locale)])
Analyst = Annotated[StaffUser, Depends(require_role(ANALYST, ADMIN))]


EXAMPLE_FILE = "employer-needs-example.csv"
# The request carries the file and the form's few fields: guide.web.limits refuses a bigger body before parsing.
UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + MULTIPART_ROOM
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("", response_class=HTMLResponse, name="audit:home")
def audit_home(request: Request, staff: Analyst) -> HTMLResponse:
    return render(request, "audit/home.html")


# --- employers' needs ----------------------------------------------------------------------------------------------


@router.get("/needs", response_class=HTMLResponse, name="audit:needs")
def needs_page(request: Request, locale: str, staff: Analyst, db: StaffDb, saved: str = "",
               imported: int = 0) -> HTMLResponse:
    with reading(db):
        surveys = list_surveys(db)
    return render(request, "audit/needs.html", views.needs_page(surveys, locale, saved, imported))


@router.get("/needs/new", response_class=HTMLResponse, name="audit:new_need_page")
def new_need_page(request: Request, locale: str, staff: Analyst) -> HTMLResponse:
    return render(request, "audit/need_form.html", views.need_form_page(locale, {}))


@router.post("/needs/new", response_class=HTMLResponse, name="audit:new_need")
def new_need(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    framework = get_framework()
    typed = forms.read_need(form, framework)
    try:
        with writing(db):
            record_need(db, typed, get_places(), framework, date.today())
    except NeedsRejected as exc:
        page = views.need_form_page(locale, typed, exc.by_field(views.NEED_FORM_WHOLE))
        return render(request, "audit/need_form.html", page, status_code=422)
    return RedirectResponse(url(request, "audit:needs", query={"saved": "1"}), status_code=303)


@router.get("/needs/import", response_class=HTMLResponse, name="audit:import")
def import_page(request: Request, staff: Analyst) -> HTMLResponse:
    return render(request, "audit/import.html", views.ImportPage())


@router.post("/needs/import", response_class=HTMLResponse, name="audit:import_file")
@body_limit(UPLOAD_BODY_LIMIT, file_megabytes=MAX_FILE_BYTES // (1024 * 1024))
def import_file(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    try:
        upload, filename = forms.read_needs_file(form)
    except Problems as exc:
        return render(request, "audit/import.html", views.ImportPage(error=exc.worded(locale)["file"]),
                      status_code=422)
    try:
        data = upload.file.read(MAX_FILE_BYTES + 1)  # more is refused by its size, without reading it all
    finally:
        upload.file.close()  # the spooled temporary file is ours to close
    try:
        with writing(db):
            count = import_needs(db, data, filename, get_places(), get_framework(), date.today())
    except NeedsRejected as exc:
        problems = [views.ImportProblem(p.line, p.column, views.worded(p.message, locale)) for p in exc.problems]
        error = i18n.ngettext(
            "Nothing was imported: the file has %(num)s problem. Correct it and upload the file again.",
            "Nothing was imported: the file has %(num)s problems. Correct them and upload the file again.",
            len(problems),
        )
        return render(request, "audit/import.html", views.ImportPage(problems, error), status_code=422)
    return RedirectResponse(url(request, "audit:needs", query={"imported": str(count)}), status_code=303)


@router.get("/needs/example.csv", name="audit:example_file")
def example_file(locale: str, staff: Analyst) -> Response:
    """The example file, written like every other CSV download: the reader's separator, no cell a formula."""
    path = get_settings().content_dir / "audit" / EXAMPLE_FILE
    data = to_csv([row for _line, row in read_rows(path.read_bytes(), EXAMPLE_FILE)], locale)
    return Response(data, media_type=MEDIA_TYPES["csv"],
                    headers={"content-disposition": f'attachment; filename="{EXAMPLE_FILE}"'})


# --- the report ----------------------------------------------------------------------------------------------------


def _not_a_release_number(release: str) -> bool:
    """`release` was asked (a page's `?release=`) but is not a number a release could have."""
    return bool(release) and not (release.isascii() and release.isdigit() and len(release) <= 4)


def _report(db: StaffDb, typed: dict[str, str], locale: str,
            release: str = "") -> tuple[Report | None, dict[str, str], int]:
    """The released report (the period's newest release, or the one `release` asks), or the errors to show and the
    status: 422 for input that is not right, 404 for no data, 200 with "not_released" for a period with no release
    yet (the page offers to release it)."""
    errors = views.check_report_input(typed["region"], typed["sector"], typed["period"], locale)
    if errors:
        return None, errors, 422
    if _not_a_release_number(release):
        return None, {"no_data": i18n.gettext("Choose a release from the list.")}, 404
    try:
        with reading(db):
            report = build_report(db, typed["period"], typed["region"], typed["sector"], get_places(),
                                  views.period_kind(), int(release) if release else None)
        return report, {}, 200
    except NotReleased as exc:
        return None, {"not_released": views.worded(exc.message, locale)}, 200
    except AuditError as exc:  # the input is right, but there is nothing to show
        return None, {"no_data": views.worded(exc.message, locale)}, 404


@router.get("/report", response_class=HTMLResponse, name="audit:report")
def report_page(request: Request, locale: str, staff: Analyst, db: StaffDb, region: str | None = None,
                sector: str | None = None, period: str | None = None, released: str = "", release: str = "",
                correct: str = "") -> HTMLResponse:
    """The period's newest release; an earlier one with `release` (its number); `correct`: the step that confirms
    a new release of the period."""
    typed = {"region": region or "", "sector": sector or "", "period": period or ""}
    if region is None and sector is None and period is None:
        return render(request, "audit/report.html", views.report_page(db, locale, typed, fresh=True))
    report, errors, status = _report(db, typed, locale, release)
    notice = i18n.gettext("The period is released: its figures stay as they are now.") if released else ""
    page = views.report_page(db, locale, typed, errors, report, notice=notice if report else "",
                             confirm=bool(correct))
    return render(request, "audit/report.html", page, status_code=status)


@router.post("/report/release", response_class=HTMLResponse, name="audit:release")
def release_report(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    """Release the period asked: its protected table is stored once, and every page and export of it is cut from
    it from then on (skills_audit.releases); with "correction", a new release of a period released already,
    protected together with the earlier ones. A refusal is said on the report page; nothing is stored then."""
    sent = forms.read_release(form, views.REPORT_FIELDS)
    typed, release_error = sent.typed, ""
    if not views.check_report_input(typed["region"], typed["sector"], typed["period"], locale):
        try:
            with writing(db):
                make_release(db, typed["period"], views.period_kind(), get_places(), get_framework(),
                             get_settings().audit_min_group, datetime.now(UTC), interim=sent.interim,
                             correction=sent.correction)
        except AuditError as exc:
            release_error = views.worded(exc.message, locale)
        else:
            return RedirectResponse(url(request, "audit:report", query={**typed, "released": "1"}), status_code=303)
    # refused: the page as it was (or the form's fields that are not right), with why; nothing is stored
    report, errors, _status = _report(db, typed, locale)
    page = views.report_page(db, locale, typed, errors, report, release_error=release_error)
    return render(request, "audit/report.html", page, status_code=422)


@router.get("/report/download/{fmt}", response_model=None, name="audit:report_download")
def report_download(request: Request, locale: str, fmt: str, staff: Analyst, db: StaffDb, region: str = "",
                    sector: str = "", period: str = "", release: str = "") -> Response:
    """The released report as CSV or XLSX (the newest release, or the one `release` asks), suppressed exactly as
    the page (skills_audit.export); a period not released, or input that is not right, gets the page with its
    message."""
    if fmt not in MEDIA_TYPES:
        raise HTTPException(status_code=404)
    typed = {"region": region, "sector": sector, "period": period}
    report, errors, status = _report(db, typed, locale, release)
    if report is None:
        return render(request, "audit/report.html", views.report_page(db, locale, typed, errors),
                      status_code=404 if status == 200 else status)
    data = export(report, get_framework(), locale, fmt)
    filename = f"audit-{report.region}-{report.sector}-{report.period_label}{export_suffix(report)}.{fmt}"
    return Response(data, media_type=MEDIA_TYPES[fmt],
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


# --- programme indicators ------------------------------------------------------------------------------------------


def targets_path() -> Path:
    return get_settings().content_dir / TARGETS_FILE


@router.get("/indicators", response_class=HTMLResponse, name="audit:indicators")
def indicators_page(request: Request, locale: str, staff: Analyst, db: StaffDb, year: str = "",
                    quarter: str = "") -> HTMLResponse:
    """The quarterly results against the targets, per partner and for the whole programme, by source (the page
    that was "programme indicators": its name and address stay)."""
    report = _results(db, year, quarter)
    if isinstance(report, results_views.ResultsPage):
        return render(request, "audit/results.html", report, status_code=422)
    return render(request, "audit/results.html", results_views.results_page(_results_years(), report, locale))


@router.get("/indicators/results.xlsx", name="audit:indicators_download")
def indicators_download(request: Request, locale: str, staff: Analyst, db: StaffDb, year: str = "",
                        quarter: str = "") -> Response:
    """The same figures as a spreadsheet: one row per indicator, a column group per partner and period."""
    report = _results(db, year, quarter)
    if isinstance(report, results_views.ResultsPage):
        return render(request, "audit/results.html", report, status_code=422)
    filename = f"results-{report.year}-Q{report.quarter}.xlsx"
    return Response(results_xlsx(report, locale), media_type=MEDIA_TYPES["xlsx"],
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


def _results_years() -> list[str]:
    this_year = date.today().year
    return [str(y) for y in range(this_year, this_year - 5, -1)]


def _year_and_quarter(year: str, quarter: str, years: list[str]) -> tuple[str, str, dict[str, str]]:
    """The year and quarter asked (this quarter when none is), and what is wrong with them."""
    today = date.today()
    year, quarter = year or str(today.year), quarter or str((today.month - 1) // 3 + 1)
    errors = {}
    if year not in years:
        errors["year"] = i18n.gettext("Choose a year from the list.")
    if quarter not in ("1", "2", "3", "4"):
        errors["quarter"] = i18n.gettext("Choose a quarter from the list.")
    return year, quarter, errors


def _results(db: StaffDb, year: str, quarter: str) -> ResultsReport | results_views.ResultsPage:
    """The report of the year and quarter asked (this quarter when none is), or the page that says what is wrong
    with them."""
    years = _results_years()
    year, quarter, errors = _year_and_quarter(year, quarter, years)
    if errors:
        return results_views.ResultsPage(years=years, year=year, quarter=quarter, errors=errors)
    with reading(db):
        return results_report(db, int(year), int(quarter), get_places())


# --- quarterly tables about people: breakdowns below a partner (issues 16, 18), where people stop (issue 15) --------


@dataclass(frozen=True)
class _QuarterTables:
    """A page of quarterly tables about people: its kind of release (guide.audit_pages.tables), template, views."""

    kind: str
    route: str
    template: str
    page: type[QuarterPage]
    view: Callable[[QuarterPage, Mapping[str, Breakdown], str], QuarterPage]
    download: Callable[[QuarterPage], list[list[object]]]


def _breakdowns_view(page: QuarterPage, found: Mapping[str, Breakdown], locale: str) -> QuarterPage:
    assert isinstance(page, breakdown_views.BreakdownsPage)
    return breakdown_views.breakdowns_page(page, found, get_places(), locale, get_library())


def _stops_view(page: QuarterPage, found: Mapping[str, Breakdown], locale: str) -> QuarterPage:
    assert isinstance(page, stops_views.StopsPage)
    return stops_views.stops_page(page, found, get_places(), locale)


def _breakdowns_rows(page: QuarterPage) -> list[list[object]]:
    assert isinstance(page, breakdown_views.BreakdownsPage)
    return breakdown_views.download_rows(page)


def _stops_rows(page: QuarterPage) -> list[list[object]]:
    assert isinstance(page, stops_views.StopsPage)
    return stops_views.download_rows(page)


def _groups_view(page: QuarterPage, found: Mapping[str, Breakdown], locale: str) -> QuarterPage:
    assert isinstance(page, group_views.GroupsPage)
    return group_views.groups_page(page, found, get_places())


def _groups_rows(page: QuarterPage) -> list[list[object]]:
    assert isinstance(page, group_views.GroupsPage)
    return group_views.download_rows(page)


BREAKDOWNS = _QuarterTables(tables.BREAKDOWNS, "audit:breakdowns", "audit/breakdowns.html",
                            breakdown_views.BreakdownsPage, _breakdowns_view, _breakdowns_rows)
STOPS = _QuarterTables(tables.STOPS, "audit:stops", "audit/stops.html", stops_views.StopsPage, _stops_view,
                       _stops_rows)
GROUPS = _QuarterTables(tables.GROUPS, "audit:groups", "audit/groups.html", group_views.GroupsPage, _groups_view,
                        _groups_rows)


def _quarter_page(db: StaffDb, locale: str, year: str, quarter: str, shown: _QuarterTables, notice: str = "",
                  release_error: str = "", release: str = "", confirm: bool = False) -> tuple[QuarterPage, int]:
    """The quarter asked (this quarter when none is) as released (its newest release, or the one `release` asks),
    with the page's status: 422 when the year, the quarter or the release is not one of the list (404 for a
    release number the quarter has not). A quarter not released shows no figure, but the offer to release it.
    `confirm`: the step before a new release of the quarter."""
    years = _results_years()
    year, quarter, errors = _year_and_quarter(year, quarter, years)
    k = get_settings().audit_min_group
    if _not_a_release_number(release):
        errors["release"] = i18n.gettext("Choose a release from the list.")
    if errors:
        return shown.page(years=years, year=year, quarter=quarter, k=k, errors=errors), 422
    period = f"{year}-Q{quarter}"
    with reading(db):
        released = released_tables(db, shown.kind, period, int(release) if release else None)
        if released is None and release:
            released = released_tables(db, shown.kind, period)
            if released is not None:  # the quarter is released, but has no release of that number
                return shown.page(years=years, year=year, quarter=quarter, k=k, period=period,
                                  errors={"release": views.worded(no_such_release(period, release), locale)}), 404
    if released is None:
        offer = breakdown_views.ReleaseOffer(year, quarter, period, parse_period(period).end > datetime.now(UTC))
        return shown.page(years=years, year=year, quarter=quarter, k=k, period=period, release_offer=offer,
                          not_released=views.worded(not_released(period), locale),
                          release_error=release_error), 200
    info = released.info
    query = {"year": year, "quarter": quarter}
    page = shown.page(years=years, year=year, quarter=quarter, k=released.k, period=period, notice=notice,
                      release_error=release_error, release_text=views.release_words(info, period),
                      releases=views.release_choices(info, f"year={year}&quarter={quarter}"),
                      correction=views.correction(info, query, parse_period(period), confirm),
                      download_query=query if info.number == info.newest else {**query, "release": str(info.number)})
    return shown.view(page, released.tables, locale), 200


def _show_quarter(request: Request, locale: str, db: StaffDb, year: str, quarter: str, shown: _QuarterTables,
                  released: str, release: str = "", correct: str = "") -> HTMLResponse:
    notice = i18n.gettext("The period is released: its figures stay as they are now.") if released else ""
    page, status = _quarter_page(db, locale, year, quarter, shown, notice=notice, release=release,
                                 confirm=bool(correct))
    return render(request, shown.template, page, status_code=status)


def _release_quarter(request: Request, locale: str, form: Form, db: StaffDb, shown: _QuarterTables) -> Response:
    """Release the quarter sent: its tables are protected and stored once, and the page and downloads show them
    from then on. A refusal is said on the page (422); nothing is stored then."""
    sent = forms.read_release(form, ("year", "quarter"))
    year, quarter = sent.typed["year"], sent.typed["quarter"]
    if year and quarter and not _year_and_quarter(year, quarter, _results_years())[2]:
        try:
            with writing(db):
                tables.release_quarter(db, shown.kind, f"{year}-Q{quarter}", get_settings().audit_min_group,
                                       datetime.now(UTC), interim=sent.interim, correction=sent.correction)
        except AuditError as exc:
            page, _status = _quarter_page(db, locale, year, quarter, shown,
                                          release_error=views.worded(exc.message, locale))
            return render(request, shown.template, page, status_code=422)
        query = {"year": year, "quarter": quarter, "released": "1"}
        return RedirectResponse(url(request, shown.route, query=query), status_code=303)
    page, _status = _quarter_page(db, locale, year or "-", quarter or "-", shown)
    return render(request, shown.template, page, status_code=422)


def _download_quarter(request: Request, locale: str, fmt: str, db: StaffDb, year: str, quarter: str,
                      shown: _QuarterTables, name: str, release: str = "") -> Response:
    """The released tables as CSV or XLSX (the newest release, or the one `release` asks), hidden figures as their
    labels; input that is not right gets the page (422), a quarter not released the page that offers its release
    (404). Once a quarter has several releases, the file's first row says which one it is, and its name too."""
    if fmt not in MEDIA_TYPES:
        raise HTTPException(status_code=404)
    page, status = _quarter_page(db, locale, year, quarter, shown, release=release)
    if status != 200 or page.release_offer is not None:
        return render(request, shown.template, page, status_code=404 if status == 200 else status)
    table = shown.download(page)
    suffix = ""
    if page.releases:
        table = [[page.release_text], *table]
        suffix = f"-release-{next(c.number for c in page.releases if c.current)}"  # as the report's files
    data = to_csv(table, locale) if fmt == "csv" else to_xlsx(table, page.period)
    return Response(data, media_type=MEDIA_TYPES[fmt],
                    headers={"content-disposition": f'attachment; filename="{name}-{page.period}{suffix}.{fmt}"'})


@router.get("/breakdowns", response_class=HTMLResponse, name="audit:breakdowns")
def breakdowns_page(request: Request, locale: str, staff: Analyst, db: StaffDb, year: str = "",
                   quarter: str = "", released: str = "", release: str = "", correct: str = "") -> HTMLResponse:
    """The anonymous map of barriers and the workshops by topic, per quarter, as released."""
    return _show_quarter(request, locale, db, year, quarter, BREAKDOWNS, released, release, correct)


@router.post("/breakdowns/release", response_class=HTMLResponse, name="audit:breakdowns_release")
def breakdowns_release(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    return _release_quarter(request, locale, form, db, BREAKDOWNS)


@router.get("/breakdowns/download/{fmt}", response_model=None, name="audit:breakdowns_download")
def breakdowns_download(request: Request, locale: str, fmt: str, staff: Analyst, db: StaffDb, year: str = "",
                       quarter: str = "", release: str = "") -> Response:
    return _download_quarter(request, locale, fmt, db, year, quarter, BREAKDOWNS, "breakdowns", release)


@router.get("/stops", response_class=HTMLResponse, name="audit:stops")
def stops_page(request: Request, locale: str, staff: Analyst, db: StaffDb, year: str = "",
              quarter: str = "", released: str = "", release: str = "", correct: str = "") -> HTMLResponse:
    """How far the journeys started in a quarter got, per centre, as released."""
    return _show_quarter(request, locale, db, year, quarter, STOPS, released, release, correct)


@router.post("/stops/release", response_class=HTMLResponse, name="audit:stops_release")
def stops_release(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    return _release_quarter(request, locale, form, db, STOPS)


@router.get("/stops/download/{fmt}", response_model=None, name="audit:stops_download")
def stops_download(request: Request, locale: str, fmt: str, staff: Analyst, db: StaffDb, year: str = "",
                  quarter: str = "", release: str = "") -> Response:
    return _download_quarter(request, locale, fmt, db, year, quarter, STOPS, "stops", release)


# --- the programme's targets (issue 15) ----------------------------------------------------------------------------

Admin = Annotated[StaffUser, Depends(require_role(ADMIN))]
TARGET_NOTICES = {"saved": N_("The targets are saved."), "imported": N_("The targets file is imported.")}


def _target_years() -> list[str]:
    this_year = date.today().year
    return [str(y) for y in range(this_year + 1, this_year - 5, -1)]


def _target_partners(staff: StaffUser) -> list[str]:
    """The partners whose targets this admin sets: every partner for an all-partners admin, else their own."""
    return list(get_places().partners()) if staff.all_partners else [staff.partner]


def _may_set(staff: StaffUser, partner: str, year: str) -> bool:
    return partner in _target_partners(staff) and year in _target_years()


def _target_fields(year: int) -> dict[str, tuple[str, str]]:
    return {results_views.field_name(key, period): (key, period)
            for key in indicator_keys() for period in year_periods(year)}


def _targets_page(request: Request, locale: str, staff: StaffUser, db: StaffDb, partner: str, year: str,
                  typed: dict[str, str] | None = None, errors: dict[str, str] | None = None, notice: str = "",
                  status_code: int = 200) -> HTMLResponse:
    partners, years = _target_partners(staff), _target_years()
    errors = dict(errors or {})
    if partner not in partners:
        if partner in get_places().partners():  # another partner's: not this admin's to see
            raise HTTPException(status_code=403)
        errors["partner"] = i18n.gettext("Choose a partner from the list.")
        partner = partners[0]
    if year not in years:
        errors["year"] = i18n.gettext("Choose a year from the list.")
        year = years[1]
    with reading(db):
        targets = current_targets(db, [partner], year_periods(int(year)))
        changes = target_history(db, partner)
        nothing_stored = not current_targets(db)
    page = results_views.targets_page(partners, partner, years, int(year), typed, targets, changes, errors, notice,
                                      nothing_stored)
    return render(request, "audit/targets.html", page, status_code=422 if errors else status_code)


@router.get("/targets", response_class=HTMLResponse, name="audit:targets")
def targets_page(request: Request, locale: str, staff: Admin, db: StaffDb, partner: str = "", year: str = "",
                 done: str = "") -> HTMLResponse:
    notice = i18n.gettext(TARGET_NOTICES[done]) if done in TARGET_NOTICES else ""
    return _targets_page(request, locale, staff, db, partner or _target_partners(staff)[0],
                         year or str(date.today().year), notice=notice)


@router.post("/targets", response_class=HTMLResponse, name="audit:save_targets")
def save_targets(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    partner, year = forms.read_partner_year(form)
    if not _may_set(staff, partner, year):  # the page says which (or 403 for another partner)
        return _targets_page(request, locale, staff, db, partner, year)
    fields = _target_fields(int(year))
    typed = forms.read_targets(form, list(fields))
    try:
        wanted = forms.check_targets(typed, fields, MAX_TARGET)
    except Problems as exc:
        return _targets_page(request, locale, staff, db, partner, year, typed, exc.worded(locale, tuple(fields)))
    with writing(db):
        set_targets(db, partner, wanted, staff.username, datetime.now(UTC))
    return RedirectResponse(url(request, "audit:targets", query={"partner": partner, "year": year, "done": "saved"}),
                            status_code=303)


@router.post("/targets/import", response_class=HTMLResponse, name="audit:import_targets")
def import_targets(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    """content/audit/targets.yml for the year chosen: the partners this admin sets, all or nothing."""
    partner, year = forms.read_partner_year(form)
    if not _may_set(staff, partner, year):  # the page says which (or 403 for another partner)
        return _targets_page(request, locale, staff, db, partner, year)
    allowed = set(_target_partners(staff))
    try:
        found = read_targets_file(targets_path(), int(year), get_places(), indicator_keys())
    except TargetsRejected as exc:
        return _targets_page(request, locale, staff, db, partner, year,
                             errors={"import": views.worded(exc.message, locale)})
    with writing(db):
        for name, wanted in found.items():
            if name in allowed:
                set_targets(db, name, wanted, f"{staff.username} (import: targets.yml)", datetime.now(UTC))
    return RedirectResponse(url(request, "audit:targets",
                                query={"partner": partner, "year": year, "done": "imported"}), status_code=303)


# --- people by age group and by gender (issue 15) ------------------------------------------------------------------


@router.get("/groups", response_class=HTMLResponse, name="audit:groups")
def groups_page(request: Request, locale: str, staff: Analyst, db: StaffDb, year: str = "",
               quarter: str = "", released: str = "", release: str = "", correct: str = "") -> HTMLResponse:
    """The results report's counts of people by age group and by gender, as released."""
    return _show_quarter(request, locale, db, year, quarter, GROUPS, released, release, correct)


@router.post("/groups/release", response_class=HTMLResponse, name="audit:groups_release")
def groups_release(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    return _release_quarter(request, locale, form, db, GROUPS)


@router.get("/groups/download/{fmt}", response_model=None, name="audit:groups_download")
def groups_download(request: Request, locale: str, fmt: str, staff: Analyst, db: StaffDb, year: str = "",
                   quarter: str = "", release: str = "") -> Response:
    return _download_quarter(request, locale, fmt, db, year, quarter, GROUPS, "groups", release)


QUESTION_NOTICES = {"saved": N_("The questions are saved.")}


def _questions_page(request: Request, locale: str, staff: StaffUser, db: StaffDb, notice: str = "",
                    errors: dict[str, str] | None = None) -> HTMLResponse:
    with reading(db):
        found = list(switches(db, _target_partners(staff)).values())
    page = group_views.questions_page(found, locale, notice, errors)
    return render(request, "audit/questions.html", page, status_code=422 if errors else 200)


@router.get("/questions", response_class=HTMLResponse, name="audit:questions")
def questions_page(request: Request, locale: str, staff: Admin, db: StaffDb, done: str = "") -> HTMLResponse:
    """Which optional questions about the person (guide.about) each partner asks: set by the partner's admin."""
    notice = i18n.gettext(QUESTION_NOTICES[done]) if done in QUESTION_NOTICES else ""
    return _questions_page(request, locale, staff, db, notice)


@router.post("/questions", response_class=HTMLResponse, name="audit:save_questions")
def save_questions(request: Request, locale: str, staff: Admin, form: Form, db: StaffDb) -> Response:
    sent = about_forms.read_switch(form)
    if sent.partner not in _target_partners(staff):
        if sent.partner in get_places().partners():  # another partner's: not this admin's to set
            raise HTTPException(status_code=403)
        return _questions_page(request, locale, staff, db,
                               errors={"partner": i18n.gettext("Choose a partner from the list.")})
    with writing(db):
        set_switch(db, sent.partner, sent.ask_age_band, sent.ask_gender, staff.username, datetime.now(UTC))
    return RedirectResponse(url(request, "audit:questions", query={"done": "saved"}), status_code=303)
