"""The pictograms: every step, checklist item and barrier theme has one on disk, the set is vendored with its
licence, and every pictogram has an outline dark enough to see on the page's backgrounds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from guide.barriers.service import THEMES
from guide.content.library import ContentError, _load_pictograms, get_files, load_library
from guide.content.pictograms import LICENCE_FILE, OPENMOJI_VERSION, PICTOGRAM_DIR, PICTOGRAMS, svg_path
from guide.core.settings import get_settings

CSS = Path(__file__).resolve().parents[2] / "guide" / "web" / "static" / "css" / "app.css"


def _css_colour(name: str) -> str:
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS.read_text(encoding="utf-8"))
    assert found, f"app.css has no --{name}"
    return found.group(1)


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_says():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)


def test_every_step_item_and_barrier_theme_has_a_pictogram_on_disk():
    library = load_library(get_settings().content_dir)
    steps = [step for by_number in library.steps.values() for step in by_number.values()]
    steps += [step for by_number in library.variants.values() for step in by_number.values()]
    assert len(steps) >= 30  # ten steps in each of three languages, and the variants
    for step in steps:
        assert step.pictogram and svg_path(step.pictogram).is_file(), (step.locale, step.number)
        for item in step.checklist:
            assert item.pictogram and svg_path(item.pictogram).is_file(), (step.locale, step.number, item.id)
    for theme in THEMES:
        pictogram = library.barrier_pictogram(theme.id)
        assert pictogram and svg_path(pictogram).is_file(), theme.id


def test_the_set_is_vendored_with_its_licence_and_nothing_else():
    on_disk = {p.stem for p in PICTOGRAM_DIR.glob("*.svg")}
    assert on_disk == {p.id for p in PICTOGRAMS}
    assert 40 <= len(PICTOGRAMS) <= 80
    assert len({p.code for p in PICTOGRAMS}) == len(PICTOGRAMS)  # no pictogram twice under two names
    licence = (PICTOGRAM_DIR / LICENCE_FILE).read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0 International" in licence
    readme = (PICTOGRAM_DIR / "README.md").read_text(encoding="utf-8")
    assert f"OpenMoji {OPENMOJI_VERSION}" in readme and "CC BY-SA 4.0" in readme


@pytest.mark.parametrize("pictogram", [p.id for p in PICTOGRAMS])
def test_each_pictogram_is_a_plain_svg_with_an_outline_that_shows_on_every_background(pictogram):
    text = svg_path(pictogram).read_text(encoding="utf-8")
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # Nothing that runs or fetches: no script, no event handler, no link to elsewhere.
    assert "<script" not in text and not re.search(r"\son\w+\s*=", text) and "href" not in text
    colours = {value for element in root.iter() for attr in ("stroke", "fill")
               if (value := element.get(attr, "")).startswith("#")}
    backgrounds = [_css_colour("bg"), _css_colour("light")]  # the page, and the panels
    best = max(colours, key=lambda c: min(contrast(c, bg) for bg in backgrounds))
    assert all(contrast(best, bg) >= 3 for bg in backgrounds), (pictogram, best)


def test_a_default_outside_the_set_or_for_no_item_is_refused(tmp_path):
    shapes = get_files().steps
    bad = tmp_path / "pictograms.yml"
    bad.write_text("steps:\n  1: {step: unicorn}\n", encoding="utf-8")
    with pytest.raises(ContentError, match="unicorn"):
        _load_pictograms(bad, shapes)
    bad.write_text("steps:\n  1: {no-such-item: bus}\n", encoding="utf-8")
    with pytest.raises(ContentError, match="no-such-item"):
        _load_pictograms(bad, shapes)
    assert _load_pictograms(tmp_path / "missing.yml", shapes) == {}
