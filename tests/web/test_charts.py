"""The bar charts are laid out for a phone: every text fits the chart's width by the estimate, long names and labels
take more lines instead of running out of the picture, and nothing overlaps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from guide.web.charts import LINE_HEIGHT, PLOT_LENGTH, WIDTH, bar_chart, text_width, wrap
from skills_audit.framework import get_framework

words = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéèàçWMI’ "), min_size=1, max_size=90)


def _all_lines(chart):  # noqa: ANN001, ANN202
    """(line, bold) for every text of the chart."""
    for entry in chart.legend:
        yield from ((line, False) for line in entry.lines)
    for row in chart.rows:
        yield from ((line, True) for line in row.name_lines)
        for bar in row.bars:
            yield from ((line, False) for line in bar.label_lines)


@settings(database=None, deadline=None)
@given(words)
def test_wrapped_lines_keep_every_word_and_fit(text):
    lines = wrap(text, 200)
    assert " ".join(lines).split() == text.split()
    for line in lines:
        assert text_width(line) <= 200 or " " not in line  # only a single word longer than the width overflows


def test_every_competence_name_and_level_fits_a_phone_wide_chart_in_every_language():
    fw = get_framework()
    for locale in ("nl", "fr", "en"):
        scale = [fw.text("scale", level.id, locale).text for level in fw.scale]
        rows = [(fw.text("names", cid, locale).text, [(4, scale[-1]), (None, "Pas assez de réponses")])
                for cid in fw.competence_ids()]
        chart = bar_chart(rows, 4, ["Première fois : 4 août 2026", "Cette fois : 27 novembre 2026"])
        for line, bold in _all_lines(chart):
            assert line.x + text_width(line.text, bold) <= WIDTH, (locale, line.text)


def test_a_long_name_takes_two_lines_and_pushes_its_bars_down():
    name = "Résoudre des problèmes, s’adapter et apprendre des choses nouvelles au travail"
    chart = bar_chart([(name, [(2, "Parfois")]), ("Court", [(3, "En général")])], 4, ["now"])
    long, short = chart.rows
    assert len(long.name_lines) >= 2
    assert " ".join(line.text for line in long.name_lines) == name
    assert long.bars[0].y > long.name_lines[-1].y  # the bar starts under the last line of its name
    assert short.name_lines[0].y > long.bars[-1].y + long.bars[-1].height  # the next row starts under it


def test_a_label_too_long_for_beside_its_bar_goes_under_it():
    label = "Oui, facilement : caché (moins de 5 personnes)"
    chart = bar_chart([("Travail en équipe", [(100, label)]), ("Se présenter", [(10, "12")])], 100, ["now"])
    under, beside = chart.rows[0].bars[0], chart.rows[1].bars[0]
    assert under.width == PLOT_LENGTH and under.label_lines[0].y > under.y + under.height  # under the bar
    assert beside.label_lines[0].x > beside.x + beside.width  # short: beside it
    assert chart.rows[1].name_lines[0].y > under.label_lines[-1].y  # the next row makes room for it
    assert all(line.y - prev.y == LINE_HEIGHT for prev, line in zip(under.label_lines, under.label_lines[1:],
                                                                     strict=False))


def test_label_series_names_the_series_in_each_label():
    chart = bar_chart([("Teamwork", [(30, "12"), (None, "hidden")])], 100, ["Usually", "Yes, easily"],
                      label_series=True)
    assert [bar.label_lines[0].text for bar in chart.rows[0].bars] == ["Usually: 12", "Yes, easily: hidden"]
    assert [bar.label for bar in chart.rows[0].bars] == ["12", "hidden"]
