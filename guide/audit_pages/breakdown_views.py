"""The breakdowns page (issues 16 and 18) as views: the anonymous map of barriers and the workshops by topic of a
quarter, each figure as protected by skills_audit (a number, or the label of why it is hidden), and the same
tables as rows for the downloads."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from guide.audit_pages.results_views import quarter_options
from guide.audit_pages.tables import BARRIERS, NEIGHBOURHOODS, WORKSHOPS
from guide.audit_pages.views import Correction, ReleaseChoice
from guide.barriers.service import THEMES
from guide.content.library import Library
from guide.core import i18n
from guide.core.i18n import N_
from guide.workshops.views import topic_words
from skills_audit import barrier_map, group_counts, workshop_counts
from skills_audit.breakdown import Breakdown, Row
from skills_audit.places import Places
from skills_audit.report import hidden_label


@dataclass(frozen=True)
class ShownCell:
    column: str  # the column's heading: what a narrow screen shows before the figure
    text: str  # the number in the page's language, or the label of why it is hidden
    value: int | None  # None: hidden

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ShownRow:
    label: str
    total: bool
    cells: Sequence[ShownCell]


@dataclass(frozen=True)
class ShownTable:
    caption: str
    corner: str  # the first column's heading
    columns: Sequence[str]
    rows: Sequence[ShownRow]


@dataclass(frozen=True)
class ReleaseOffer:
    """The offer to release the quarter asked, and whether it offers the interim choice (the quarter is open)."""

    year: str
    quarter: str
    period: str
    period_open: bool


@dataclass(frozen=True)
class QuarterPage:
    """What every page of quarterly tables about people shows besides its tables: the quarter chosen, what is wrong
    with it, and the release the tables come from (or the offer to release the quarter)."""

    years: Sequence[str]
    year: str
    quarter: str
    k: int
    period: str = ""  # "2026-Q3"
    errors: Mapping[str, str] = field(default_factory=dict)
    not_released: str = ""  # why no figure is shown, in the page's language
    release_offer: ReleaseOffer | None = None
    release_error: str = ""  # why a release was refused (nothing stored), in the page's language
    release_text: str = ""  # which release the tables are cut from
    releases: Sequence[ReleaseChoice] = ()  # every release of the quarter, once it has more than one
    correction: Correction | None = None  # the offer of a new release (on the newest release only)
    download_query: Mapping[str, str] = field(default_factory=dict)  # the quarter (and the release, if not newest)
    notice: str = ""
    quarter_options: Sequence[tuple[str, str]] = field(default_factory=lambda: quarter_options())


@dataclass(frozen=True)
class BreakdownsPage(QuarterPage):
    barriers: ShownTable | None = None
    neighbourhoods: Sequence[ShownTable] = ()  # the map of barriers by neighbourhood, per centre that has some
    workshops: Sequence[ShownTable] = ()


def cells(table: Breakdown, row: Row, headings: Sequence[str]) -> list[ShownCell]:
    out = []
    for column, heading in zip(table.columns, headings, strict=True):
        shown = table.cell(row, column)
        if shown.reason == workshop_counts.WITH:
            out.append(ShownCell(heading, i18n.gettext("hidden (with the attendances)"), None))
        elif shown.reason == group_counts.WHOLE:
            out.append(ShownCell(heading, i18n.gettext("hidden (with every group of the column)"), None))
        elif shown.value is None:
            out.append(ShownCell(heading, hidden_label(shown.reason, table.k, i18n.gettext), None))
        else:
            out.append(ShownCell(heading, i18n.fmt_number(shown.value), shown.value))
    return out


def place_label(row: Row, places: Places, locale: str) -> str:
    """A row of skills_audit.barrier_map.map_rows: a centre, all centres of a partner, or the whole programme."""
    assert isinstance(row, tuple)
    kind, name = row
    if kind == "centre":
        return str(places.centre_name(name, locale))
    if kind == "partner":
        return i18n.gettext("All centres of %(partner)s", partner=name)
    return i18n.gettext("Whole programme")


def barrier_table(table: Breakdown, places: Places, locale: str) -> ShownTable:
    words = {t.id: i18n.gettext(t.words) for t in THEMES}
    headings = [words.get(c, c) for c in table.columns]
    rows = [ShownRow(place_label(r, places, locale), r in table.totals, cells(table, r, headings))
            for r in table.rows]
    return ShownTable(i18n.gettext(barrier_map.TITLE), i18n.gettext("Centre"), headings, rows)


def neighbourhood_table(table: Breakdown, centre: str, places: Places, locale: str) -> ShownTable:
    """One centre's map by neighbourhood (skills_audit.barrier_map.maps): its neighbourhoods, the
    people who did not say, then the centre."""
    words = {t.id: i18n.gettext(t.words) for t in THEMES}
    headings = [words.get(c, c) for c in table.columns]
    rows = []
    for row in table.rows:
        assert isinstance(row, tuple)
        kind, name = row
        label = str(places.centre_name(name, locale)) if kind == "centre" else \
            (name or i18n.gettext("Did not say"))
        rows.append(ShownRow(label, row in table.totals, cells(table, row, headings)))
    caption = i18n.gettext("%(title)s: %(centre)s, by neighbourhood", title=i18n.gettext(barrier_map.TITLE),
                           centre=places.centre_name(centre, locale))
    return ShownTable(caption, i18n.gettext("Neighbourhood"), headings, rows)


def workshop_tables(table: Breakdown, places: Places, locale: str, library: Library) -> list[ShownTable]:
    headings = [i18n.gettext(workshop_counts.LABELS[c]) for c in table.columns]
    out = []
    for partner in places.partners():
        rows = []
        for row in table.rows:
            assert isinstance(row, tuple)
            owner, topic = row
            if owner != partner:
                continue
            name = i18n.gettext("All topics") if topic == workshop_counts.TOTAL else topic_words(topic, locale, library)
            rows.append(ShownRow(name, row in table.totals, cells(table, row, headings)))
        caption = i18n.gettext("%(title)s: %(partner)s", title=i18n.gettext(workshop_counts.TOPIC_TITLE),
                               partner=partner)
        out.append(ShownTable(caption, i18n.gettext("Topic"), headings, rows))
    return out


def breakdowns_page(page: BreakdownsPage, tables: Mapping[str, Breakdown], places: Places, locale: str,
                    library: Library) -> BreakdownsPage:
    """The page with the released tables of guide.audit_pages.tables.BREAKDOWNS (the map by neighbourhood: one table
    per centre that has neighbourhoods, named NEIGHBOURHOODS + the centre's id)."""
    by_centre = sorted((name.removeprefix(NEIGHBOURHOODS), table) for name, table in tables.items()
                       if name.startswith(NEIGHBOURHOODS))
    return replace(page, barriers=barrier_table(tables[BARRIERS], places, locale),
                   neighbourhoods=[neighbourhood_table(t, c, places, locale) for c, t in by_centre],
                   workshops=workshop_tables(tables[WORKSHOPS], places, locale, library))


def download_rows(page: BreakdownsPage, gettext: Callable[[str], str] = i18n.gettext) -> list[list[object]]:
    """The page's tables one under the other, as the spreadsheet shows them: a hidden figure is its label, never
    a number."""
    return table_rows(gettext(N_("Breakdowns")), page.period,
                      (*([page.barriers] if page.barriers else []), *page.neighbourhoods, *page.workshops))


def table_rows(title: str, period: str, tables: Sequence[ShownTable]) -> list[list[object]]:
    """Tables one under the other under a title, as a spreadsheet shows them (a hidden figure as its label)."""
    out: list[list[object]] = [[title, period]]
    for table in tables:
        out.append([])
        out.append([table.caption])
        out.append([table.corner, *table.columns])
        for row in table.rows:
            out.append([row.label, *(cell.text if cell.value is None else cell.value for cell in row.cells)])
    return out
