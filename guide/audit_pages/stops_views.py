"""The "Where people stop" page (issue 15) as views: of the journeys started in a quarter, how many reached each
step and how many have been quiet for 30 days, each figure as protected by skills_audit.stops (a number, or the
label of why it is hidden), the median days from the step before (hidden with its count, or for a group under k),
and the same tables as rows for the downloads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from guide.audit_pages.breakdown_views import (
    QuarterPage,
    ShownCell,
    ShownRow,
    ShownTable,
    cells,
    place_label,
    table_rows,
)
from guide.core import i18n
from guide.core.i18n import N_
from skills_audit import stops
from skills_audit.breakdown import Breakdown
from skills_audit.places import Places

MEDIAN_HIDDEN = {
    stops.SMALL: N_("hidden (fewer than %(k)s)"),
    stops.HIDDEN_COUNT: N_("hidden (with the count)"),
}


@dataclass(frozen=True)
class StopsPage(QuarterPage):
    counts: ShownTable | None = None
    medians: ShownTable | None = None


def _headings(columns: Sequence[str]) -> list[str]:
    return [i18n.gettext("Quiet for 30 days") if c == stops.QUIET else
            i18n.gettext("Step %(num)s", num=c.removeprefix("step_")) for c in columns]


def _median_cell(heading: str, median: stops.Median, k: int) -> ShownCell:
    if median.days is not None:
        return ShownCell(heading, i18n.fmt_number(median.days), median.days)
    if median.reason is None:
        return ShownCell(heading, i18n.gettext("nobody"), None)
    return ShownCell(heading, i18n.gettext(MEDIAN_HIDDEN[median.reason]) % {"k": k}, None)


def stops_page(page: StopsPage, tables: Mapping[str, Breakdown], places: Places, locale: str) -> StopsPage:
    """The page with the released tables of skills_audit.stops (`as_tables`)."""
    found = stops.from_tables(tables)
    k = page.k
    table = found.counts
    headings = _headings(table.columns)
    count_rows = [ShownRow(place_label(r, places, locale), r in table.totals, cells(table, r, headings))
                  for r in table.rows]
    step_headings = _headings(stops.STEPS)
    median_rows = [
        ShownRow(place_label(r, places, locale), r in table.totals,
                 [_median_cell(h, found.median(r, step), k) for step, h in zip(stops.STEPS, step_headings,
                                                                               strict=True)])
        for r in table.rows
    ]
    corner = i18n.gettext("Centre")
    return replace(page, counts=ShownTable(i18n.gettext(stops.TITLE), corner, headings, count_rows),
                   medians=ShownTable(i18n.gettext(stops.MEDIAN_TITLE), corner, step_headings, median_rows))


def download_rows(page: StopsPage) -> list[list[object]]:
    """The page's two tables one under the other; a hidden figure is its label, never a number."""
    tables = [t for t in (page.counts, page.medians) if t is not None]
    return table_rows(i18n.gettext("Where people stop"), page.period, tables)
