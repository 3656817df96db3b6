"""The report's charts: every count shown draws its bar, whatever else is hidden, and no gridline crosses a text."""

from __future__ import annotations

import html
import re

import pytest

from guide.web.charts import text_width
from skills_audit.aggregate import Requirement
from skills_audit.framework import get_framework
from skills_audit.report import CompetenceFigures
from tests.conftest import make_staff, sign_in_staff
from tests.skills_audit.factories import release, respondent, survey

FONT_SIZE = 17
REPORT = "/{locale}/staff/audit/report?region=BE254&sector=care&period=2026"


def test_counts_shown_draw_bars_when_the_group_size_is_hidden():
    from guide.audit_pages.views import levels_chart

    fw = get_framework()
    hidden_group = CompetenceFigures("teamwork", None, {1: None, 2: 6, 3: 0, 4: 7}, None, Requirement(3, 2, 1, 1),
                                     None, None, why={"respondents": "protect", 1: "small"})
    chart = levels_chart((hidden_group,), "en", fw)
    widths = [bar.width for bar in chart.rows[0].bars]
    assert widths[0] == 0 and widths[2] == 0  # hidden, and zero
    assert 0 < widths[1] < widths[3]  # 6 and 7 people: bars in proportion
    assert chart.rows[0].bars[0].label == "hidden (fewer than 5)"


def _attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def _svg_geometry(svg: str) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float, float, str]]]:
    """The vertical lines (x, top, bottom) and the texts' boxes (left, top, right, bottom, text) of a chart."""
    lines = []
    for tag in re.findall(r"<line\b[^>]*>", svg):
        a = _attrs(tag)
        if a["x1"] == a["x2"] and "stroke-dasharray" in a:  # the gridlines, not the patterns' strokes
            top, bottom = sorted((float(a["y1"]), float(a["y2"])))
            lines.append((float(a["x1"]), top, bottom))
    boxes = []
    for text_tag, inner in re.findall(r"(<text\b[^>]*>)(.*?)</text>", svg, re.S):
        bold = 'font-weight="700"' in text_tag
        for tag, text in re.findall(r"(<tspan\b[^>]*>)(.*?)</tspan>", inner, re.S):  # each line of a text
            a = _attrs(tag)
            x, y = float(a["x"]), float(a["y"])
            # as wide as the charts' own estimate says (guide.web.charts.text_width, tested on its own)
            boxes.append((x, y - FONT_SIZE, x + text_width(html.unescape(text), bold), y + 0.3 * FONT_SIZE, text))
    return lines, boxes


@pytest.mark.parametrize("locale", ["en", "nl", "fr"])
def test_no_gridline_crosses_a_text(client, db, locale):
    for i in range(12):
        respondent(db, "kortrijk", "care", {"teamwork": 1 + i % 4, "reliability": 4, "learning": 2 + i % 2})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2), "learning": (2, 1)})
    release(db)
    sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))
    html = client.get(REPORT.format(locale=locale)).text
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        lines, boxes = _svg_geometry(svg)
        assert lines and boxes
        width = float(_attrs(re.search(r"<svg\b[^>]*>", svg).group())["viewBox"].split()[2])
        for left, top, right, bottom, text in boxes:
            assert right <= width, text  # the text fits in the chart
            for x, line_top, line_bottom in lines:
                crosses = left < x < right and line_top < bottom and top < line_bottom
                assert not crosses, (text, x)
