"""Server-rendered SVG bar charts: the geometry is computed here, a template draws it (no JavaScript, prints well).

Bars are told apart by a pattern (hatched or solid) and every bar carries its value as text, so the chart reads in
greyscale and on paper, not by colour alone.

The chart is drawn for a phone first: WIDTH units across, so that on a 320 px screen (288 px for the chart) a
FONT_SIZE-unit text is still 14 px or more; the stylesheet caps how wide it grows on a big screen. SVG text does not
wrap by itself, so long names and labels are broken into lines here, on an estimate of their width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 340
FONT_SIZE = 17  # the templates' font-size, in chart units
LINE_HEIGHT = 21  # between the baselines of a wrapped text's lines
PLOT_X = 4
PLOT_LENGTH = 180  # the length of a bar at the top of the scale; its text label goes to the right of it
LABEL_GAP = 8  # between a bar's end and its label
NAME_HEIGHT = 26  # a row's heading (the competence's name) above its bars, for one line
BAR_HEIGHT = 24
BAR_GAP = 6
ROW_GAP = 18
LEGEND_LINE = 30
SWATCH_WIDTH = 36
LEGEND_TEXT_X = SWATCH_WIDTH + 14
MAX_GRIDLINES = 5

# Rough advance widths of Arial / Segoe UI, in em, erring wide: a line estimated to fit must fit.
_NARROW = set("iljtfrI.,:;'’!|()[] ")
_WIDE = set("mwMWÆŒæœ%@")


def text_width(text: str, bold: bool = False) -> float:
    """An upper estimate of the width of a text in chart units, at FONT_SIZE."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.32
        elif char in _WIDE:
            ems += 0.9
        elif char.isupper() or char.isdigit():
            ems += 0.7
        else:
            ems += 0.58
    return ems * FONT_SIZE * (1.08 if bold else 1.0)


def wrap(text: str, width: float, bold: bool = False) -> list[str]:
    """The text in lines that each fit in `width` (a word longer than that gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Line:
    """One line of a text: its words and where its baseline starts."""

    text: str
    x: float
    y: float


def _lines(text: str, x: float, first_baseline: float, bold: bool = False) -> tuple[Line, ...]:
    return tuple(
        Line(text=line, x=x, y=first_baseline + index * LINE_HEIGHT)
        for index, line in enumerate(wrap(text, WIDTH - x, bold))
    )


@dataclass(frozen=True)
class Bar:
    series: int  # index into the chart's series: it picks the fill (pattern) and the legend entry
    x: float
    y: float
    width: float  # 0 when there is no value
    height: float
    label: str  # the value in words ("Usually"), drawn next to the bar, or under it when it does not fit there
    label_x: float
    label_y: float
    label_lines: tuple[Line, ...] = ()
    # x of the gridlines drawn across this bar's height: every gridline, but none through a label beside the bar,
    # so no gridline crosses a text
    gridlines: tuple[float, ...] = ()


@dataclass(frozen=True)
class Row:
    name: str
    name_y: float
    bars: tuple[Bar, ...]
    name_lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class LegendEntry:
    series: int
    label: str
    y: float  # top of the swatch
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    rows: tuple[Row, ...]
    legend: tuple[LegendEntry, ...]  # empty when there is one series
    gridlines: tuple[float, ...]  # x of each gridline (at most MAX_GRIDLINES, on round values of the scale)
    swatch_width: int = SWATCH_WIDTH
    swatch_height: int = 20
    font_size: int = FONT_SIZE


def nice_maximum(largest: int) -> int:
    """The top of a scale of counts: `largest` rounded up to a whole gridline step (12 -> 15, 0 -> 1)."""
    largest = max(largest, 1)
    step = grid_step(largest)
    return -(-largest // step) * step


def grid_step(max_value: int) -> int:
    """The smallest round step (1, 2, 5, 10, 20, 25, 50, …) that puts at most MAX_GRIDLINES lines on the scale."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5, 10, 20, 25, 50):
            step = factor * magnitude
            if max_value / step <= MAX_GRIDLINES:
                return step
        magnitude *= 100


def bar_chart(
    rows: list[tuple[str, list[tuple[int | None, str]]]], max_value: int, series: list[str],
    label_series: bool = False,
) -> BarChart:
    """Rows of (name, [(value or None, value in words) per series]), values from 1 to max_value.

    `series` names each series for the legend, in the order the bars are drawn in every row. With `label_series`,
    each bar's label says its series too ("Usually: 12"), for charts whose bars a reader tells apart by name.
    """
    if max_value < 1:
        raise ValueError("max_value must be at least 1")
    y = 0.0
    legend = []
    if len(series) > 1:
        for index, label in enumerate(series):
            lines = _lines(label, LEGEND_TEXT_X, y + 18)
            legend.append(LegendEntry(series=index, label=label, y=y, lines=lines))
            y += LEGEND_LINE + (len(lines) - 1) * LINE_HEIGHT
        y += ROW_GAP / 2
    step = grid_step(max_value)
    gridlines = tuple(PLOT_X + PLOT_LENGTH * v / max_value for v in range(step, max_value + 1, step))
    out_rows = []
    for name, values in rows:
        if len(values) != len(series):
            raise ValueError(f"row {name!r} has {len(values)} values for {len(series)} series")
        name_lines = _lines(name, PLOT_X, y + NAME_HEIGHT - 8, bold=True)
        bar_y = y + NAME_HEIGHT + (len(name_lines) - 1) * LINE_HEIGHT
        bars = []
        for index, (value, label) in enumerate(values):
            if value is not None and not 0 <= value <= max_value:
                raise ValueError(f"{value!r} is outside 0..{max_value}")
            width = 0.0 if value is None else PLOT_LENGTH * value / max_value
            text = f"{series[index]}: {label}" if label_series else label
            beside = PLOT_X + width + LABEL_GAP
            if beside + text_width(text) <= WIDTH:
                label_lines: tuple[Line, ...] = (Line(text=text, x=beside, y=bar_y + BAR_HEIGHT - 7),)
                below = 0.0
                clear = (beside - 2, beside + text_width(text) + 2)
            else:  # no room beside the bar: the label goes under it, on as many lines as it needs
                label_lines = _lines(text, PLOT_X, bar_y + BAR_HEIGHT + LINE_HEIGHT - 4)
                below = len(label_lines) * LINE_HEIGHT
                clear = (0.0, 0.0)
            bars.append(
                Bar(
                    series=index, x=PLOT_X, y=bar_y, width=width, height=BAR_HEIGHT, label=label,
                    label_x=label_lines[0].x, label_y=label_lines[0].y, label_lines=label_lines,
                    gridlines=tuple(x for x in gridlines if not clear[0] <= x <= clear[1]),
                )
            )
            bar_y += BAR_HEIGHT + BAR_GAP + below
        out_rows.append(Row(name=name, name_y=name_lines[0].y, bars=tuple(bars), name_lines=name_lines))
        y = bar_y - BAR_GAP + ROW_GAP
    return BarChart(width=WIDTH, height=math.ceil(y), rows=tuple(out_rows), legend=tuple(legend), gridlines=gridlines)
