"""The "People by age group and by gender" page (issue 15) as views: per partner, a table per optional question of
guide.about, each figure as protected by skills_audit.group_counts (a number, or the label of why it is hidden), and
the same tables as rows for the downloads; and the admins' page that switches the questions on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from guide.about.service import WORDS, Switch
from guide.about.views import LABELS
from guide.audit_pages.breakdown_views import QuarterPage, ShownRow, ShownTable, cells, table_rows
from guide.audit_pages.tables import GROUPS
from guide.core import i18n
from guide.core.i18n import N_
from skills_audit import activity_counts, group_counts, outcome_counts
from skills_audit.breakdown import Breakdown
from skills_audit.places import Places

ANSWER_WORDS = {group_counts.NOT_ANSWERED: N_("Not asked or not answered"), group_counts.TOTAL: N_("All people")}


@dataclass(frozen=True)
class GroupsPage(QuarterPage):
    tables: Sequence[ShownTable] | None = None  # None: nothing released to show


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


def groups_page(page: GroupsPage, tables: Mapping[str, Breakdown], places: Places) -> GroupsPage:
    """The page with the released table of guide.audit_pages.tables.GROUPS."""
    return replace(page, tables=group_tables(tables[GROUPS], places))


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
