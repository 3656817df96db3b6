"""skills_audit.results: the registry of sources in the seam's shape, the gap in words, the programme's start."""

from __future__ import annotations

import inspect

import pytest

from skills_audit.results import SOURCES, Figure, indicator_keys, programme_first_year


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.__name__)
def test_every_source_has_the_seams_shape(source):
    assert isinstance(source.TITLE, str) and source.TITLE
    assert isinstance(source.KEYS, tuple) and set(source.KEYS) == set(source.LABELS)
    assert list(inspect.signature(source.counts).parameters) == ["bind", "year", "places"]
    if hasattr(source, "counts_years"):  # the years first..last at once (skills_audit.results)
        assert list(inspect.signature(source.counts_years).parameters) == ["bind", "first", "last", "places"]


def test_a_key_names_one_indicator_of_one_source():
    keys = indicator_keys()
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("achieved", "target", "words"), [
    (17, 20, "3 short of 20"), (25, 20, "5 above the target"), (20, 20, "on target"), (4, None, "no target"),
    (0, 0, "on target"), (1200, 1000, "200 above the target"),
])
def test_the_gap_in_words(achieved, target, words):
    assert Figure(achieved, target).gap.render("en") == words


def test_the_programme_counts_from_its_first_quarter_target():
    targets = {("P", "started", "2025-Q3"): 5, ("P", "started", "programme"): 50, ("Q", "started", "2024-Q1"): 1}
    assert programme_first_year(targets, 2026) == 2024
    assert programme_first_year({("P", "started", "programme"): 50}, 2026) == 2026


def test_the_self_assessments_per_partner_are_withheld_but_a_file_naming_them_imports(tmp_path):
    # issue 13, point 2: with the audit's released sectors they would give a hidden sector's count away
    from guide.audit_pages.places import get_places
    from skills_audit.targets import read_targets_file

    assert "self_assessment" not in indicator_keys()
    path = tmp_path / "targets.yml"
    path.write_text('"Medway Council":\n  every_quarter: {self_assessment: 50, started: 9}\n', encoding="utf-8")
    found = read_targets_file(path, 2026, get_places(), indicator_keys())
    assert set(found["Medway Council"]) == {("started", f"2026-Q{q}") for q in range(1, 5)}
