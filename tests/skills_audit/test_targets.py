"""skills_audit.targets: targets kept with their history (the latest row wins), and the targets file imported all
or nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from guide.audit_pages.places import get_places
from guide.core.db import writing
from guide.core.settings import get_settings
from skills_audit.models import ProgrammeTarget
from skills_audit.results import indicator_keys
from skills_audit.targets import (
    PROGRAMME,
    TARGETS_FILE,
    TargetsRejected,
    current_targets,
    history,
    import_targets_file,
    read_targets_file,
    set_targets,
)

MEDWAY, KORTRIJK = "Medway Council", "Stad Kortrijk"
T1, T2 = datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 2, 3, tzinfo=UTC)


def test_every_change_is_a_new_row_and_the_latest_wins(db):
    with writing(db):
        assert set_targets(db, MEDWAY, {("started", "2026-Q1"): 20, ("house_visit", PROGRAMME): 1000}, "ann", T1) == 2
    with writing(db):  # one changed, one taken away, one as it was: two new rows
        assert set_targets(db, MEDWAY, {("started", "2026-Q1"): 25, ("house_visit", PROGRAMME): None,
                                        ("finished", "2026-Q1"): None}, "bob", T2) == 2
    with writing(db):
        assert set_targets(db, MEDWAY, {("started", "2026-Q1"): 25}, "bob", T2) == 0
    assert current_targets(db) == {(MEDWAY, "started", "2026-Q1"): 25}
    assert len(db.exec(select(ProgrammeTarget)).all()) == 4
    with writing(db):
        changes = history(db, MEDWAY)
    assert [(c.indicator, c.target, c.set_by) for c in changes] == [
        ("house_visit", None, "bob"), ("started", 25, "bob"), ("house_visit", 1000, "ann"), ("started", 20, "ann")]


def test_targets_are_read_per_partner_and_period(db):
    with writing(db):
        set_targets(db, MEDWAY, {("started", "2026-Q1"): 20, ("started", "2027-Q1"): 30}, "ann", T1)
        set_targets(db, KORTRIJK, {("started", "2026-Q1"): 40}, "ann", T1)
    assert current_targets(db, [KORTRIJK]) == {(KORTRIJK, "started", "2026-Q1"): 40}
    assert current_targets(db, periods=["2027-Q1"]) == {(MEDWAY, "started", "2027-Q1"): 30}


def test_the_programmes_file_is_imported_for_a_year(db):
    path = get_settings().content_dir / TARGETS_FILE
    with writing(db):
        changed = import_targets_file(db, path, 2026, get_places(), indicator_keys(), "import", T1)
    targets = current_targets(db)
    assert changed == len(targets) > 0
    # every_quarter: each quarter of the year; steps: {1: 80} is the indicator step_1
    assert {targets[(KORTRIJK, "started", f"2026-Q{q}")] for q in range(1, 5)} == {90}
    assert targets[(KORTRIJK, "step_1", "2026-Q3")] == 80
    assert (KORTRIJK, "started", "2027-Q1") not in targets
    with writing(db):  # the same file again changes nothing
        assert import_targets_file(db, path, 2026, get_places(), indicator_keys(), "import", T2) == 0


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_quarter_overrides_every_quarter_and_the_programme_target_is_read(tmp_path):
    path = _file(tmp_path, '"Medway Council":\n  "2026-Q2": {started: 5}\n  every_quarter: {started: 9}\n'
                           '  programme: {house_visit: 4000}\n  "2027-Q1": {started: 1}\n')
    found = read_targets_file(path, 2026, get_places(), indicator_keys())
    assert found == {MEDWAY: {("started", "2026-Q1"): 9, ("started", "2026-Q2"): 5, ("started", "2026-Q3"): 9,
                              ("started", "2026-Q4"): 9, ("house_visit", PROGRAMME): 4000}}


@pytest.mark.parametrize(("text", "words"), [
    ('"Nowhere Council":\n  every_quarter: {started: 9}\n', "Nowhere Council"),
    ('"Medway Council":\n  every_quarter: {strated: 9}\n', "strated"),
    ('"Medway Council":\n  every_quarter: {started: -1}\n', "not a whole number"),
    ('"Medway Council":\n  every_quarter: {started: "many"}\n', "not a whole number"),
    ('"Medway Council": [\n', "not valid YAML"),
])
def test_a_file_with_a_mistake_stores_nothing_and_says_what(db, tmp_path, text, words):
    good = '"Stad Kortrijk":\n  every_quarter: {started: 9}\n'
    path = _file(tmp_path, good + text)
    with pytest.raises(TargetsRejected) as caught, writing(db):
        import_targets_file(db, path, 2026, get_places(), indicator_keys(), "import", T1)
    assert words in caught.value.message.render("en")
    assert db.exec(select(ProgrammeTarget)).all() == []
