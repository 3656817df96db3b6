"""The skills audit's pages for analysts, under /{locale}/staff/audit: employers' needs (list, form, import), the gap
report with the regions side by side and its downloads, and the programme indicators.

Every figure comes from skills_audit (already suppressed there); these routes only pick the input, turn messages
into the reader's language and hand plain data to the templates.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from guide.audit_pages import forms
from guide.audit_pages.places import get_places
from guide.core import i18n
from guide.core.db import reading, writing
from guide.core.i18n import N_
from guide.core.messages import Message, Percent, Problems, format_value
from guide.core.settings import get_settings
from guide.core.timeutil import as_utc
from guide.sessions.deps import StaffDb, require_role
from guide.staff.service import ADMIN, StaffUser
from guide.web.charts import BarChart, bar_chart, nice_maximum
from guide.web.deps import Form, valid_locale
from guide.web.limits import MULTIPART_ROOM, body_limit
from guide.web.render import render
from guide.web.urls import url
from skills_audit.aggregate import AuditError, PeriodKind, available_periods, report_period
from skills_audit.export import csv_style, export, to_csv
from skills_audit.framework import Framework, get_framework
from skills_audit.indicators import TargetsError, load_targets, programme_indicators
from skills_audit.needs import (
    IMPORTANCE,
    IMPORTANCE_SUFFIX,
    LEVEL_SUFFIX,
    MAX_EMPLOYER_LENGTH,
    REQUIRED_COLUMNS,
    NeedsRejected,
    columns,
    import_needs,
    list_surveys,
    read_rows,
    record_need,
)
from skills_audit.places import Places
from skills_audit.releases import make_release
from skills_audit.report import (
    PROTECT,
    SHARE_SMALL,
    SMALL,
    CompetenceFigures,
    NotReleased,
    Report,
    build_report,
    check_region,
    check_sector,
    hidden_label,
    name_resolver,
)
from skills_audit.sheets import MAX_FILE_BYTES

log = logging.getLogger("tensteps")
ANALYST = "analyst"
router = APIRouter(prefix="/{locale}/staff/audit", dependencies=[Depends(valid_locale)])
Analyst = Annotated[StaffUser, Depends(require_role(ANALYST, ADMIN))]


EXAMPLE_FILE = "employer-needs-example.csv"
# The request carries the file and the form's few fields: guide.web.limits refuses a bigger body before parsing.
UPLOAD_BODY_LIMIT = MAX_FILE_BYTES + MULTIPART_ROOM
IMPORTANCE_NAMES = {1: N_("Low"), 2: N_("Medium"), 3: N_("High")}
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _render(message: Message, locale: str, places: Places, framework: Framework) -> str:
    return message.render(locale, name_resolver(places, framework))


@router.get("", response_class=HTMLResponse, name="audit:home")
def audit_home(request: Request, staff: Analyst) -> HTMLResponse:
    return render(request, "audit/home.html")


# --- employers' needs ----------------------------------------------------------------------------------------------


@router.get("/needs", response_class=HTMLResponse, name="audit:needs")
def needs_page(request: Request, locale: str, staff: Analyst, db: StaffDb, saved: str = "",
               imported: int = 0) -> HTMLResponse:
    places, framework = get_places(), get_framework()
    notice = ""
    if saved:
        notice = i18n.gettext("The survey is saved.")
    elif imported > 0:
        notice = i18n.ngettext("Imported %(num)s survey.", "Imported %(num)s surveys.", imported)
    with reading(db):
        surveys = list_surveys(db)
    rows = [
        {
            "employer": row.employer,
            "sector": places.sector_name(row.sector, locale),
            "region": places.region_name(row.region, locale),
            "surveyed_on": format_date(row.surveyed_on, format="long", locale=locale),
            "vacancies": row.vacancies,
            "competences": row.competences,
        }
        for row in surveys
    ]
    total = len(framework.competence_ids())
    return render(request, "audit/needs.html", {"rows": rows, "notice": notice, "total": total})


# The need form's own problems (no competence given, recorded already) go with its competences' fieldset.
NEED_FORM_WHOLE = "competences"


def _need_fields(framework: Framework) -> tuple[str, ...]:
    """The need form's fields in the order the page shows them, so the error summary lists its errors the same way."""
    fields, required = columns(framework), len(REQUIRED_COLUMNS)
    return (*fields[:required], NEED_FORM_WHOLE, *fields[required:])


def _need_form(request: Request, locale: str, typed: dict[str, Any], problems: Problems | None = None,
               status_code: int = 200) -> HTMLResponse:
    places, framework = get_places(), get_framework()
    errors = problems.worded(locale, _need_fields(framework), name_resolver(places, framework)) if problems else {}
    return render(request, "audit/need_form.html", {
        "typed": typed,
        "errors": errors,
        "sectors": [(s, places.sector_name(s, locale)) for s in places.auditable_sectors()],
        "regions": [(r, places.region_name(r, locale)) for r in places.regions()],
        "competences": [
            (c, framework.competence_name(c, locale), framework.competence_description(c, locale))
            for c in framework.competence_ids()
        ],
        "levels": [(v, framework.scale_label(v, locale)) for v in framework.scale_values()],
        "importances": [(v, i18n.gettext(IMPORTANCE_NAMES[v])) for v in sorted(IMPORTANCE.values())],
        "max_employer": MAX_EMPLOYER_LENGTH,
        "level_suffix": LEVEL_SUFFIX,
        "importance_suffix": IMPORTANCE_SUFFIX,
    }, status_code=status_code)


@router.get("/needs/new", response_class=HTMLResponse, name="audit:new_need_page")
def new_need_page(request: Request, locale: str, staff: Analyst) -> HTMLResponse:
    return _need_form(request, locale, {})


@router.post("/needs/new", response_class=HTMLResponse, name="audit:new_need")
def new_need(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    places, framework = get_places(), get_framework()
    typed = forms.read_need(form, framework)
    try:
        with writing(db):
            record_need(db, typed, places, framework, date.today())
    except NeedsRejected as exc:
        return _need_form(request, locale, typed, exc.by_field(NEED_FORM_WHOLE), status_code=422)
    return RedirectResponse(url(request, "audit:needs", query={"saved": "1"}), status_code=303)


def _import_page(request: Request, problems: list[dict[str, Any]] | None = None, error: str = "",
                 status_code: int = 200) -> HTMLResponse:
    return render(request, "audit/import.html", {"problems": problems or [], "error": error,
                                               "max_mb": MAX_FILE_BYTES // (1024 * 1024)}, status_code=status_code)


@router.get("/needs/import", response_class=HTMLResponse, name="audit:import")
def import_page(request: Request, staff: Analyst) -> HTMLResponse:
    return _import_page(request)


@router.post("/needs/import", response_class=HTMLResponse, name="audit:import_file")
@body_limit(UPLOAD_BODY_LIMIT, file_megabytes=MAX_FILE_BYTES // (1024 * 1024))
def import_file(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    places, framework = get_places(), get_framework()
    try:
        upload, filename = forms.read_needs_file(form)
    except Problems as exc:
        return _import_page(request, error=exc.worded(locale)["file"], status_code=422)
    try:
        data = upload.file.read(MAX_FILE_BYTES + 1)  # more is refused by its size, without reading it all
    finally:
        upload.file.close()  # the spooled temporary file is ours to close
    try:
        with writing(db):
            count = import_needs(db, data, filename, places, framework, date.today())
    except NeedsRejected as exc:
        problems = [
            {"line": p.line, "column": p.column, "message": _render(p.message, locale, places, framework)}
            for p in exc.problems
        ]
        error = i18n.ngettext(
            "Nothing was imported: the file has %(num)s problem. Correct it and upload the file again.",
            "Nothing was imported: the file has %(num)s problems. Correct them and upload the file again.",
            len(problems),
        )
        return _import_page(request, problems, error, status_code=422)
    return RedirectResponse(url(request, "audit:needs", query={"imported": str(count)}), status_code=303)


@router.get("/needs/example.csv", name="audit:example_file")
def example_file(locale: str, staff: Analyst) -> Response:
    """The example file, written like every other CSV download: the reader's separator, no cell a formula."""
    path = get_settings().content_dir / "audit" / EXAMPLE_FILE
    data = to_csv([row for _line, row in read_rows(path.read_bytes(), EXAMPLE_FILE)], locale)
    return Response(data, media_type=MEDIA_TYPES["csv"],
                    headers={"content-disposition": f'attachment; filename="{EXAMPLE_FILE}"'})


# --- the report ----------------------------------------------------------------------------------------------------


def _period_kind() -> PeriodKind:
    # One kind of period only (years, or quarters): suppression is done per period, so publishing a year and its
    # quarters would let a hidden quarter be worked out as the year minus the quarters shown.
    return get_settings().audit_period


def _report_choices(db: StaffDb, locale: str) -> dict[str, Any]:
    places = get_places()
    with reading(db):
        periods = available_periods(db, date.today(), _period_kind())
    return {
        "region_choices": [(r, places.region_name(r, locale)) for r in places.regions()],
        "sector_choices": [(s, places.sector_name(s, locale)) for s in places.auditable_sectors()],
        "period_choices": periods,
    }


REPORT_FIELDS = ("region", "sector", "period")  # the report form's fields, in the page's order


def _check_report_input(region: str, sector: str, period: str, locale: str) -> dict[str, str]:
    """Each field checked on its own (the domain's checks), so the error summary can point at the one to fix."""
    places, framework = get_places(), get_framework()
    errors: dict[str, Message] = {}
    for name, check in (
        ("region", lambda: check_region(places, region)),
        ("sector", lambda: check_sector(places, sector)),
        ("period", lambda: report_period(period, _period_kind())),
    ):
        try:
            check()
        except AuditError as exc:
            errors[name] = exc.message
    return Problems(errors).worded(locale, REPORT_FIELDS, name_resolver(places, framework))


def _hidden_text(reason: str | None = SMALL) -> str:
    """The label of a hidden figure, true of it: "fewer than k" only beside a count of fewer than k."""
    return hidden_label(reason, get_settings().audit_min_group, i18n.gettext)


def _count(value: int | None, reason: str | None = SMALL) -> str:
    return _hidden_text(reason) if value is None else i18n.fmt_number(value)


def _percent(share: float | None, reason: str | None = PROTECT) -> str:
    if share is None:
        return _hidden_text(SHARE_SMALL if reason == SMALL else PROTECT)
    return format_value(Percent(share), i18n.get_locale())


def _competence_row(figures: CompetenceFigures, locale: str, framework: Framework) -> dict[str, Any]:
    required = figures.required
    scale = framework.scale_values()
    return {
        "id": figures.competence,
        "name": framework.competence_name(figures.competence, locale),
        "required": framework.scale_label(required.level, locale) if required else "",
        "importance": i18n.gettext(IMPORTANCE_NAMES[required.importance]) if required else "",
        "respondents": _count(figures.respondents, figures.reason("respondents")),
        "levels": [_count(figures.levels.get(level), figures.reason(level)) for level in scale],
        "no_level": _count(figures.no_level, figures.reason("no_level")),
        "share": _percent(figures.share, figures.share_reason) if required else "",
        "gap_words": i18n.gettext(figures.gap_words.msgid) if figures.gap_words else "",
        "level_gap": figures.level_gap,
        "hidden": figures.respondents is None or any(figures.levels.get(lv) is None for lv in scale)
        or (required is not None and figures.share is None),
    }


def _charts(report: Report, locale: str, framework: Framework) -> dict[str, Any]:
    """Two charts of the region and sector: the share at or above the employers' level, and how people rate
    themselves. A hidden figure draws no bar and says so in words."""
    competences = report.gap.region_figures.competences
    share_rows = []
    for f in competences:
        if f.required is None:
            continue
        value = None if f.share is None else round(100 * f.share)
        share_rows.append(
            (framework.competence_name(f.competence, locale), [(value, _percent(f.share, f.share_reason))])
        )
    return {
        "share_chart": bar_chart(share_rows, 100, [i18n.gettext("Share at or above the level employers ask")])
        if share_rows else None,
        "levels_chart": levels_chart(competences, locale, framework),
    }


def levels_chart(competences: tuple[CompetenceFigures, ...], locale: str, framework: Framework) -> BarChart:
    """How many people rate themselves at each level, per competence. Bars are counts on one scale, not shares of
    the group: a share needs the group's size, which is often the figure hidden, and every count shown still
    draws its bar."""
    scale = framework.scale_values()
    shown = [f.levels.get(level) for f in competences for level in scale]
    top = nice_maximum(max((c for c in shown if c is not None), default=0))
    rows = []
    for f in competences:
        values = []
        for level in scale:
            count = f.levels.get(level)
            values.append((count, _count(count, f.reason(level))))
        rows.append((framework.competence_name(f.competence, locale), values))
    return bar_chart(rows, top, [framework.scale_label(level, locale) for level in scale])


def _report_context(report: Report, locale: str) -> dict[str, Any]:
    places, framework = get_places(), get_framework()
    names = name_resolver(places, framework)
    gap = report.gap
    cross = report.cross_border
    return {
        "report": report,
        "region_name": places.region_name(report.region, locale),
        "sector_name": places.sector_name(report.sector, locale),
        "respondents": _count(gap.region_figures.respondents, gap.region_figures.respondents_reason),
        "rows": [_competence_row(f, locale, framework) for f in gap.region_figures.competences],
        "sentences": [s.render(locale, names) for s in gap.sentences if s is not None],
        "centres": [
            (places.centre_name(c.place[1], locale), _count(c.respondents, c.respondents_reason)) for c in gap.centres
        ],
        "scale_labels": [framework.scale_label(level, locale) for level in framework.scale_values()],
        "cross_regions": [places.region_name(r, locale) for r in cross.regions],
        "cross_respondents": [
            _count(n, why) for n, why in zip(cross.respondents, cross.respondents_reasons, strict=True)
        ],
        "cross_rows": [
            (framework.competence_name(comp, locale), [
                {
                    "share": _percent(f.share, f.share_reason) if f.required else "",
                    "required": framework.scale_label(f.required.level, locale) if f.required else "",
                }
                for f in per_region
            ])
            for comp, per_region in cross.rows
        ],
        "query": f"region={report.region}&sector={report.sector}&period={report.period_label}",
        "release_text": _release_text(report, locale),
        "csv_separator": csv_style(locale).delimiter,
        **_charts(report, locale, framework),
    }


def _release_text(report: Report, locale: str) -> str:
    """Which figures the page shows: a release (when made, and whether before the period ended) or today's count."""
    release = report.release
    if release is None:  # the pages show releases only (build_report): a table cut before its release says nothing
        return ""
    when = i18n.fmt_datetime(as_utc(release.made_at)) + " UTC"  # analysts of three countries read the same release
    if release.interim:
        return i18n.gettext("Interim release of %(date)s, made before the period ended: these figures stay as they "
                            "were then.", date=when)
    return i18n.gettext("Release of %(date)s: these figures stay as they were released.", date=when)


def _report(
    db: StaffDb, region: str, sector: str, period: str, locale: str
) -> tuple[Report | None, dict[str, Any], int]:
    """The released report, or the errors to show and the status: 422 for input that is not right, 404 for no data,
    200 with "not_released" for a period with no release yet (the page offers to release it)."""
    errors = _check_report_input(region, sector, period, locale)
    if errors:
        return None, errors, 422
    places, framework = get_places(), get_framework()
    try:
        with reading(db):
            report = build_report(db, period, region, sector, places, _period_kind())
        return report, {}, 200
    except NotReleased as exc:
        return None, {"not_released": _render(exc.message, locale, places, framework)}, 200
    except AuditError as exc:  # the input is right, but there is nothing to show
        return None, {"no_data": _render(exc.message, locale, places, framework)}, 404


def _release_form(region: str, sector: str, period: str) -> dict[str, Any]:
    """The release form's hidden fields for the report asked, and whether it offers the interim choice."""
    places = get_places()
    parsed = report_period(period, _period_kind())
    return {"region": check_region(places, region), "sector": check_sector(places, sector), "period": parsed.label,
            "period_open": parsed.end > datetime.now(UTC)}


def _no_report(choices: dict[str, Any], typed: dict[str, str], errors: dict[str, Any], release_error: str = ""
               ) -> dict[str, Any]:
    """The page's context when it shows no report: the form, what is wrong, or the offer to release the period."""
    not_released = errors.get("not_released", "")
    return {**choices, "typed": typed, "report": None, "notice": "", "release_error": release_error,
            "errors": {k: v for k, v in errors.items() if k not in ("no_data", "not_released")},
            "no_data": errors.get("no_data", ""), "not_released": not_released,
            "release_form": _release_form(typed["region"], typed["sector"], typed["period"]) if not_released else None}


@router.get("/report", response_class=HTMLResponse, name="audit:report")
def report_page(request: Request, locale: str, staff: Analyst, db: StaffDb, region: str | None = None,
                sector: str | None = None, period: str | None = None, released: str = "") -> HTMLResponse:
    choices = _report_choices(db, locale)
    typed = {"region": region or "", "sector": sector or "", "period": period or ""}
    if region is None and sector is None and period is None:
        typed["period"] = choices["period_choices"][0]
        return render(request, "audit/report.html", _no_report(choices, typed, {}))
    report, errors, status = _report(db, typed["region"], typed["sector"], typed["period"], locale)
    if report is None:
        return render(request, "audit/report.html", _no_report(choices, typed, errors), status_code=status)
    notice = i18n.gettext("The period is released: its figures stay as they are now.") if released else ""
    context = {**choices, "typed": typed, "errors": {}, "no_data": "", "not_released": "", "release_error": "",
               "release_form": None, "notice": notice, **_report_context(report, locale)}
    return render(request, "audit/report.html", context)


@router.post("/report/release", response_class=HTMLResponse, name="audit:release")
def release_report(request: Request, locale: str, staff: Analyst, form: Form, db: StaffDb) -> Response:
    """Release the period asked: its protected table is stored once, and every page and export of it is cut from
    it from then on (skills_audit.releases). A refusal is said on the report page; nothing is stored then."""
    places, framework = get_places(), get_framework()
    sent = forms.read_release(form, REPORT_FIELDS)
    typed, release_error = sent.typed, ""
    if not _check_report_input(typed["region"], typed["sector"], typed["period"], locale):
        try:
            with writing(db):
                make_release(db, typed["period"], _period_kind(), places, framework, get_settings().audit_min_group,
                             datetime.now(UTC), interim=sent.interim)
        except AuditError as exc:
            release_error = _render(exc.message, locale, places, framework)
        else:
            return RedirectResponse(url(request, "audit:report", query={**typed, "released": "1"}), status_code=303)
    # refused: the page as it was (or the form's fields that are not right), with why; nothing is stored
    report, shown, _status = _report(db, typed["region"], typed["sector"], typed["period"], locale)
    context = _no_report(_report_choices(db, locale), typed, shown, release_error)
    if report is not None:
        context.update(_report_context(report, locale))
    return render(request, "audit/report.html", context, status_code=422)


@router.get("/report/download/{fmt}", response_model=None, name="audit:report_download")
def report_download(request: Request, locale: str, fmt: str, staff: Analyst, db: StaffDb, region: str = "",
                    sector: str = "", period: str = "") -> Response:
    """The released report as CSV or XLSX, suppressed exactly as the page (skills_audit.export); a period not
    released, or input that is not right, gets the page with its message."""
    if fmt not in MEDIA_TYPES:
        raise HTTPException(status_code=404)
    report, errors, status = _report(db, region, sector, period, locale)
    if report is None:
        typed = {"region": region, "sector": sector, "period": period}
        return render(request, "audit/report.html", _no_report(_report_choices(db, locale), typed, errors),
                      status_code=404 if status == 200 else status)
    data = export(report, get_framework(), locale, fmt)
    filename = f"audit-{report.region}-{report.sector}-{report.period_label}.{fmt}"
    return Response(data, media_type=MEDIA_TYPES[fmt],
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


# --- programme indicators ------------------------------------------------------------------------------------------


def targets_path() -> Path:
    return get_settings().content_dir / "audit" / "targets.yml"


@router.get("/indicators", response_class=HTMLResponse, name="audit:indicators")
def indicators_page(request: Request, staff: Analyst, db: StaffDb, year: str = "") -> HTMLResponse:
    places = get_places()
    this_year = date.today().year
    years = [str(y) for y in range(this_year, this_year - 5, -1)]
    chosen = year or str(this_year)
    if chosen not in years:
        error = i18n.gettext("Choose a year from the list.")
        return render(request, "audit/indicators.html", {"years": years, "year": chosen, "errors": {"year": error},
                                                        "partners": [], "targets_broken": False}, status_code=422)
    try:
        targets, targets_broken = load_targets(targets_path(), places), False
    except TargetsError as exc:
        # The partners edit this file by hand: a mistake in it must not hide the figures. They are shown without
        # targets, the page says so, and the log says where the mistake is.
        log.warning("%s", exc)
        targets, targets_broken = {}, True
    by_partner: dict[str, list[Any]] = {}
    with reading(db):
        entries = programme_indicators(db, int(chosen), places, targets)
    for entry in entries:
        by_partner.setdefault(entry.partner, []).append(entry)
    partners = []
    for partner, quarters in by_partner.items():
        rows = []
        for index, indicator in enumerate(quarters[0].indicators):
            cells = []
            for quarter in quarters:
                ind = quarter.indicators[index]
                cells.append(
                    i18n.gettext("%(actual)s of %(target)s", actual=i18n.fmt_number(ind.actual),
                                 target=i18n.fmt_number(ind.target))
                    if ind.target is not None else i18n.fmt_number(ind.actual)
                )
            rows.append((indicator.label.render(i18n.get_locale()), cells))
        partners.append({"name": partner, "quarters": [q.quarter for q in quarters], "rows": rows})
    return render(request, "audit/indicators.html", {"years": years, "year": chosen, "errors": {},
                                                    "targets_broken": targets_broken,
                                                    "partners": partners})
