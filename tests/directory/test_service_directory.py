"""The directory's service: what is stored for an entry, its history and translation states, the version check, the
six-month flag, the content the job seekers' pages read, and the round trip through the files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from guide.content.library import get_files, load_files
from guide.core.db import reading, writing
from guide.core.messages import Problems
from guide.directory.exchange import export_directory, import_directory
from guide.directory.models import DirectoryEntry, DirectoryRevision, DirectoryText
from guide.directory.queries import (
    NEEDS_REVIEW,
    UP_TO_DATE,
    directory_entries,
    get_entry,
    list_entries,
    translation_states,
)
from guide.directory.service import StaleEntry, check_entry, mark_checked, update_entry
from tests.conftest import empty_database
from tests.directory.factories import CHILDCARE, add_service

LANGS = ("nl", "fr", "en")


def _kortrijk():  # noqa: ANN202
    return get_files().centres["kortrijk"]


@pytest.mark.parametrize(("change", "field"), [
    ({"phone": "0000"}, "phone"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"hours": {"tue": "all day"}}, "hours-tue"),
    ({"kind": "spa"}, "kind"),
    ({"themes": ("childcare", "weather")}, "themes"),
    ({"steps": ("11",)}, "steps"),
    ({"languages": ("klingon",)}, "languages"),
    ({"neighbourhood": "Atlantis"}, "neighbourhood"),
    ({"names": {}, "texts": {}}, "name-nl"),
    ({"names": {"fr": "x" * 121}}, "name-fr"),
])
def test_each_bad_fact_is_named_by_its_field(change, field):
    with pytest.raises(Problems) as caught:
        check_entry(replace(CHILDCARE, **change), _kortrijk(), LANGS)
    assert field in caught.value.errors


def test_an_entry_is_stored_as_checked_with_its_first_revision_and_bumps_the_content(db):
    entry_id = add_service(db)
    entry = db.get(DirectoryEntry, entry_id)
    assert (entry.phone, entry.hours, entry.languages, entry.free) == (
        "+3256277400", "mon 09:00-12:00,13:30-17:00;wed 09:00-12:00", "nl,fr", True)
    assert entry.checked_on == date.today() and entry.source_locale == "nl"
    assert db.exec(select(DirectoryRevision.version)).all() == [1]
    with reading(db):
        shown = directory_entries(db)["kortrijk"][0]
    assert shown.phone_display == "056 27 74 00" and shown.texts["fr"][0] == "Guichet accueil enfants"
    assert shown.map_url == "https://www.openstreetmap.org/search?query=Budastraat+27%2C+8500+Kortrijk"


def test_a_save_from_an_old_version_is_refused_and_changes_nothing(db):
    entry_id = add_service(db)
    clean = check_entry(replace(CHILDCARE, transport="Tram 4"), _kortrijk(), LANGS)
    with writing(db):
        update_entry(db, entry_id, 1, clean, LANGS, "first", date.today())
    with pytest.raises(StaleEntry), writing(db):
        update_entry(db, entry_id, 1, check_entry(replace(CHILDCARE, transport="Bus 9"), _kortrijk(), LANGS),
                     LANGS, "second", date.today())
    db.expire_all()
    assert db.get(DirectoryEntry, entry_id).transport == "Tram 4"
    assert db.exec(select(DirectoryRevision.version).order_by(DirectoryRevision.version)).all() == [1, 2]


def test_changing_the_source_text_makes_the_translations_due_for_review_until_they_are_changed(db):
    entry_id = add_service(db)
    new_dutch = replace(CHILDCARE, names={**CHILDCARE.names, "nl": "Loket kinderopvang"})
    with writing(db):
        update_entry(db, entry_id, 1, check_entry(new_dutch, _kortrijk(), ("nl",)), ("nl",), "nl-ed", date.today())
    with reading(db):
        entry, texts = get_entry(db, entry_id)
        states = dict(translation_states(entry, list(texts.values()), LANGS))
    assert states == {"nl": UP_TO_DATE, "fr": NEEDS_REVIEW, "en": NEEDS_REVIEW}
    new_french = replace(new_dutch, names={**new_dutch.names, "fr": "Guichet de l’accueil des enfants"})
    with writing(db):
        update_entry(db, entry_id, 2, check_entry(new_french, _kortrijk(), ("fr",)), ("fr",), "fr-ed", date.today())
    with reading(db):
        entry, texts = get_entry(db, entry_id)
        states = dict(translation_states(entry, list(texts.values()), LANGS))
    assert states == {"nl": UP_TO_DATE, "fr": UP_TO_DATE, "en": NEEDS_REVIEW}


def test_entries_not_checked_for_six_months_are_flagged_first_until_marked_checked(db):
    today = date.today()
    fresh = add_service(db, today=today - timedelta(days=182))
    old = add_service(db, today=today - timedelta(days=183))
    with reading(db):
        rows = list_entries(db, ["kortrijk"], "en", LANGS, today)
    assert [(r.id, r.stale) for r in rows] == [(old, True), (fresh, False)]
    with writing(db):
        mark_checked(db, old, "ed", today)
    with reading(db):
        assert not any(r.stale for r in list_entries(db, ["kortrijk"], "en", LANGS, today))


def test_an_edit_shows_on_job_seekers_pages_at_once(client, db):
    from tests.conftest import start_journey

    start_journey(client, "en", "kortrijk")
    assert "Childcare desk" not in client.get("/en/steps/2").text  # the step page's shell, cached
    entry_id = add_service(db)
    assert "Childcare desk" in client.get("/en/steps/2").text  # a new entry: a new shell
    with writing(db):
        update_entry(db, entry_id, 1, check_entry(replace(CHILDCARE, names={"en": "Crèche desk"},
                                                          texts={"en": "Help."}), _kortrijk(), ("en",)),
                     ("en",), "ed", date.today())
    page = client.get("/en/steps/2").text
    assert "Crèche desk" in page and "Childcare desk" not in page


def _snapshot(db) -> list[tuple]:  # noqa: ANN001
    entries = db.exec(select(DirectoryEntry).order_by(DirectoryEntry.centre_id, DirectoryEntry.id)).all()
    texts = {(t.entry_id, t.locale): (t.name, t.text) for t in db.exec(select(DirectoryText))}
    return [(e.centre_id, e.kind, e.themes, e.steps, e.phone, e.hours, e.website, e.languages, e.free, e.address,
             e.transport, e.checked_on, e.source_locale,
             sorted((lang, v) for (eid, lang), v in texts.items() if eid == e.id)) for e in entries]


def test_the_old_help_texts_are_imported_once_and_exported_files_import_to_the_same_entries(db, db_engine,
                                                                                            tmp_path: Path):
    files = get_files()
    with writing(db):
        report = import_directory(db, files, LANGS, "files", date.today())
    assert report.refused == ()
    expected = sum(len(entries) for entries in _help_lists(files, "kortrijk", "nl"))
    kortrijk = db.exec(select(DirectoryEntry).where(DirectoryEntry.centre_id == "kortrijk")).all()
    assert len(kortrijk) == expected
    kinds = {db.exec(select(DirectoryText.name).where(DirectoryText.entry_id == e.id,
                                                      DirectoryText.locale == "nl")).one(): e.kind for e in kortrijk}
    assert kinds["Huis van het Kind"] == "childcare" and kinds["VDAB"] == "employment_service"
    with writing(db):  # again: the centres have entries, nothing is added
        assert import_directory(db, files, LANGS, "files", date.today()).added == 0
    add_service(db)  # an editor's entry with every fact
    before = _snapshot(db)
    content = tmp_path / "content"
    content.mkdir()
    for part in ("steps", "centres", "sectors"):
        (content / part).symlink_to(files.content_dir / part)
    with reading(db):
        written = export_directory(db, content)
    assert sorted(p.name for p in written) == sorted(f"{c}.yml" for c in files.centres)
    assert yaml.safe_load((content / "directory" / "kortrijk.yml").read_text())["entries"][-1]["phone"] == "+3256277400"
    empty_database(db_engine)
    db.expire_all()
    with writing(db):
        report = import_directory(db, load_files(content), LANGS, "files", date.today())
    assert report.refused == ()
    assert _snapshot(db) == before


def _help_lists(files, centre: str, lang: str):  # noqa: ANN001, ANN202
    from guide.content.library import help_key, parse_help

    return [parse_help(files.texts[help_key(centre, n)][lang]) for n in range(1, 11)
            if lang in files.texts.get(help_key(centre, n), {})]
