"""Server-rendered SVG bar charts: the geometry is computed here, a template draws it (no JavaScript, prints well).

Bars are told apart by a pattern (hatched or solid) and every bar carries its value as text, so the chart reads in
greyscale and on paper, not by colour alone. The texts keep clear of the gridlines: a row's name sits above its bars,
each bar's value in a column right of the plot, and the gridlines run only beside the bars of each row.
"""

from __future__ import annotations

from dataclasses import dataclass

PLOT_X = 4
PLOT_LENGTH = 360  # the length of a bar at the top of the scale
LABEL_GAP = 12  # between the end of the plot and the column of the bars' values
LABEL_WIDTH = 440  # room for a value in words ("Ja, gemakkelijk: verborgen (minder dan 5)")
WIDTH = PLOT_X + PLOT_LENGTH + LABEL_GAP + LABEL_WIDTH
MAX_GRIDLINES = 5
NAME_HEIGHT = 26  # a row's heading (the competence's name) above its bars
BAR_HEIGHT = 24
BAR_GAP = 6
ROW_GAP = 18
LEGEND_LINE = 30


@dataclass(frozen=True)
class Bar:
    series: int  # index into the chart's series: it picks the fill (pattern) and the legend entry
    x: float
    y: float
    width: float  # 0 when there is no value
    height: float
    label: str  # the value in words ("Usually"), drawn in the column right of the plot
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Row:
    name: str
    name_y: float
    bars: tuple[Bar, ...]
    grid_top: float  # the gridlines run from the top of the row's first bar to the bottom of its last one
    grid_bottom: float


@dataclass(frozen=True)
class LegendEntry:
    series: int
    label: str
    y: float  # top of the swatch


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    rows: tuple[Row, ...]
    legend: tuple[LegendEntry, ...]  # empty when there is one series
    gridlines: tuple[float, ...]  # x of each gridline (at most MAX_GRIDLINES, on round values of the scale)
    swatch_width: int = 36
    swatch_height: int = 20


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
    rows: list[tuple[str, list[tuple[int | None, str]]]], max_value: int, series: list[str]
) -> BarChart:
    """Rows of (name, [(value or None, value in words) per series]), values from 1 to max_value.

    `series` names each series for the legend, in the order the bars are drawn in every row.
    """
    if max_value < 1:
        raise ValueError("max_value must be at least 1")
    y = 0.0
    legend = []
    if len(series) > 1:
        for index, label in enumerate(series):
            legend.append(LegendEntry(series=index, label=label, y=y))
            y += LEGEND_LINE
        y += ROW_GAP / 2
    out_rows = []
    for name, values in rows:
        if len(values) != len(series):
            raise ValueError(f"row {name!r} has {len(values)} values for {len(series)} series")
        name_y = y + NAME_HEIGHT - 8  # text baseline
        bar_y = y + NAME_HEIGHT
        bars = []
        for index, (value, label) in enumerate(values):
            if value is not None and not 0 <= value <= max_value:
                raise ValueError(f"{value!r} is outside 0..{max_value}")
            width = 0.0 if value is None else PLOT_LENGTH * value / max_value
            bars.append(
                Bar(
                    series=index, x=PLOT_X, y=bar_y, width=width, height=BAR_HEIGHT, label=label,
                    label_x=PLOT_X + PLOT_LENGTH + LABEL_GAP, label_y=bar_y + BAR_HEIGHT - 7,
                )
            )
            bar_y += BAR_HEIGHT + BAR_GAP
        out_rows.append(Row(name=name, name_y=name_y, bars=tuple(bars), grid_top=y + NAME_HEIGHT,
                            grid_bottom=bar_y - BAR_GAP))
        y = bar_y - BAR_GAP + ROW_GAP
    step = grid_step(max_value)
    gridlines = tuple(PLOT_X + PLOT_LENGTH * v / max_value for v in range(step, max_value + 1, step))
    return BarChart(width=WIDTH, height=y, rows=tuple(out_rows), legend=tuple(legend), gridlines=gridlines)
