"""The "People by age group and by gender" page (issue 15) as views: per partner, a table per optional question of
guide.about, each figure as protected by skills_audit.group_counts (a number, or the label of why it is hidden), and
the same tables as rows for the downloads; and the admins' page that switches the questions on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from guide.about.service import WORDS, Switch
from guide.about.views import LABELS
from guide.audit_pages.breakdown_views import ShownRow, ShownTable, cells, table_rows
from guide.audit_pages.results_views import quarter_options
from guide.core import i18n
from guide.core.i18n import N_
from skills_audit import activity_counts, group_counts, outcome_counts
from skills_audit.breakdown import Breakdown
from skills_audit.places import Places

ANSWER_WORDS = {group_counts.NOT_ANSWERED: N_("Not asked or not answered"), group_counts.TOTAL: N_("All people")}


@dataclass(frozen=True)
class GroupsPage:
    years: Sequence[str]
    year: str
    quarter: str
    k: int
    period: str = ""  # "2026-Q3"
    tables: Sequence[ShownTable] | None = None  # None: nothing to show (input not right, or no protection found)
    errors: Mapping[str, str] = field(default_factory=dict)
    problem: str = ""  # why nothing is shown (no protection found), in the page's language
    quarter_options: Sequence[tuple[str, str]] = field(default_factory=lambda: quarter_options())


def _headings() -> list[str]:
    labels = {**activity_counts.LABELS, **outcome_counts.LABELS}
    return [i18n.gettext(labels[c]) for c in group_counts.COLUMNS]


def group_tables(table: Breakdown, places: Places) -> list[ShownTable]:
    headings = _headings()
    out = []
    for partner in places.partners():
        for question in group_counts.QUESTIONS:
            mine = [r for r in table.rows if isinstance(r, tuple) and r[:2] == (partner, question)]
            if not mine:
                continue
            rows = []
            for row in mine:
                assert isinstance(row, tuple)
                answer = str(row[2])
                label = ANSWER_WORDS.get(answer) or WORDS[question].get(answer, answer)
                rows.append(ShownRow(i18n.gettext(label), row in table.totals, cells(table, row, headings)))
            caption = i18n.gettext("%(title)s: %(partner)s", title=i18n.gettext(LABELS[question]), partner=partner)
            out.append(ShownTable(caption, i18n.gettext(LABELS[question]), headings, rows))
    return out


def groups_page(years: Sequence[str], year: int, quarter: int, k: int, table: Breakdown,
                places: Places) -> GroupsPage:
    return GroupsPage(years=years, year=str(year), quarter=str(quarter), k=k, period=table.period,
                      tables=group_tables(table, places))


def download_rows(page: GroupsPage) -> list[list[object]]:
    """The page's tables one under the other; a hidden figure is its label, never a number."""
    return table_rows(i18n.gettext(group_counts.TITLE), page.period, page.tables or ())


# --- the admins' switch --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SwitchRow:
    partner: str
    ask_age_band: bool
    ask_gender: bool
    changed: str  # "Last changed by … on …", or ""


@dataclass(frozen=True)
class QuestionsPage:
    rows: Sequence[SwitchRow]
    notice: str = ""
    errors: Mapping[str, str] = field(default_factory=dict)


def questions_page(found: Sequence[Switch], locale: str, notice: str = "",
                   errors: Mapping[str, str] | None = None) -> QuestionsPage:
    rows = [SwitchRow(s.partner, s.ask_age_band, s.ask_gender,
                      i18n.gettext("Last changed by %(who)s on %(date)s", who=s.updated_by,
                                   date=i18n.fmt_date(s.updated_at)) if s.updated_at else "")
            for s in found]
    return QuestionsPage(rows, notice, errors or {})
