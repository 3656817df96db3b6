"""`tensteps content export` writes published revisions into the files; `tensteps content import` loads files over
the database as revisions, keeping history and marking translations of a changed source for review."""

import shutil
from pathlib import Path

import pytest

from guide import cli
from guide.content import items as content_items
from guide.content import revisions as rev
from guide.content.library import load_files, load_library
from guide.core.db import writing
from guide.core.i18n import set_locale
from guide.core.settings import REPO_ROOT, get_settings
from guide.editor import translation_status as ts

KEY = "step/3/title"


@pytest.fixture
def content_copy(tmp_path, monkeypatch, db_engine):
    """A copy of content/ that the commands may change, and the commands on the test database."""
    folder = tmp_path / "content"
    shutil.copytree(REPO_ROOT / "content", folder)
    monkeypatch.setattr(get_settings(), "content_dir", folder)
    monkeypatch.setattr(cli, "_engine", lambda: db_engine)
    content_items._cached_catalog.cache_clear()
    set_locale("en")
    yield folder
    content_items._cached_catalog.cache_clear()


def run(*argv) -> int:
    content_items._cached_catalog.cache_clear()  # a command is a fresh process: it reads the files anew
    return cli.main(list(argv))


def test_export_writes_published_texts_back_to_the_files(db, content_copy: Path, capsys):
    english_before = (content_copy / "steps/en/03-goal.md").read_text()
    with writing(db):
        rev.save(db, KEY, "fr", "Choisir un but", "marie", None, publish=True)
        rev.save(db, "step/3/summary", "fr", "Un brouillon", "marie", None)  # a draft stays out of the files
        rev.save(db, "centre/kortrijk/help/4", "fr", "De Lijn\nLe bus.\n\nÀ vélo\nKortrijk se fait bien à vélo.",
                 "marie", None, publish=True)
        rev.save(db, "skills/statement/try-again", "nl", "Lukt iets niet? Dan probeer ik opnieuw.", "an", None,
                 publish=True)
    assert run("content", "export") == 0
    out = capsys.readouterr().out
    assert "steps/fr/03-goal.md" in out and "centres/kortrijk.fr.yml" in out and "skills/nl.yml" in out
    assert (content_copy / "steps/en/03-goal.md").read_text() == english_before
    library = load_library(content_copy)
    step = library.step("fr", 3)
    assert step.title == "Choisir un but" and step.summary != "Un brouillon"
    assert [e.name for e in library.centres["kortrijk"].help_for("fr", 4)[1]] == ["De Lijn", "À vélo"]
    # the files still load and still say the same everywhere else
    before, after = content_items.get_catalog(REPO_ROOT / "content"), content_items.build_catalog(
        load_files(content_copy), content_items.load_framework(content_copy))
    changed = {(k, lang) for k, by in after.texts.items() for lang, t in by.items() if before.texts[k].get(lang) != t}
    assert changed == {(KEY, "fr"), ("centre/kortrijk/help/4", "fr"), ("skills/statement/try-again", "nl")}
    assert run("content", "export") == 0  # nothing new: nothing rewritten
    assert "0 file(s) written." in capsys.readouterr().out


def test_import_records_every_text_once_then_only_changes(db, content_copy: Path, capsys):
    catalog = content_items.get_catalog()
    texts = sum(1 for by in catalog.texts.values() for lang in by if lang in get_settings().languages)
    assert run("content", "import") == 0
    assert f"{texts} text(s) imported, 0 unchanged" in capsys.readouterr().out
    assert run("content", "import") == 0
    assert f"0 text(s) imported, {texts} unchanged" in capsys.readouterr().out
    assert {s.status for s in ts.statuses(db) if s.text} == {ts.UP_TO_DATE}

    # the repository changes the English title and the Dutch one, not the French one
    for lang, old, new in [("en", 'title: "Choose a goal"', 'title: "Pick a goal"'),
                           ("nl", "title:", "title: Kies je doel\nold_title:")]:
        path = content_copy / f"steps/{lang}/03-goal.md"
        path.write_text(path.read_text().replace(old, new, 1))
    assert run("content", "import", "--author", "git") == 0
    assert "2 text(s) imported" in capsys.readouterr().out
    history = rev.history(db, KEY, "en")
    assert [(r.text, r.author, r.origin) for r in history] == [("Pick a goal", "git", "import"),
                                                               ("Choose a goal", "files", "import")]
    by_lang = {s.locale: s for s in ts.statuses(db, catalog=content_items.get_catalog()) if s.key == KEY}
    assert by_lang["fr"].status == ts.NEEDS_REVIEW and by_lang["fr"].old_source_text == "Choose a goal"
    assert by_lang["nl"].status == ts.UP_TO_DATE


def test_import_reports_a_text_it_cannot_take(db, content_copy: Path, capsys):
    path = content_copy / "steps/fr/03-goal.md"
    path.write_text(path.read_text().replace('title: "', 'title: "' + "long " * 100, 1))
    assert run("content", "import") == 1
    assert "step/3/title [fr]" in capsys.readouterr().err


def test_export_writes_country_variants_to_their_variant_files(db, content_copy: Path, capsys):
    default_before = (content_copy / "steps/fr/04-getting-around.md").read_text()
    fr_be_before = (content_copy / "steps/fr/BE/06-learn.md").read_text()
    with writing(db):  # a new variant made in the browser, and a change to one the files have
        rev.save(db, "step/4/checklist/costs@BE", "fr", "Demandez au VDAB s’il rembourse vos trajets.", "marie",
                 None, publish=True)
        rev.save(db, "step/6/summary@GB", "fr", "L’anglais, l’ordinateur et un métier.", "marie", None,
                 publish=True)
    assert run("content", "export") == 0
    out = capsys.readouterr().out
    assert "steps/fr/BE/04-getting-around.md" in out and "steps/fr/GB/06-learn.md" in out
    assert (content_copy / "steps/fr/04-getting-around.md").read_text() == default_before  # the default stays
    assert (content_copy / "steps/fr/BE/06-learn.md").read_text() == fr_be_before  # untouched: not rewritten
    library = load_library(content_copy)
    costs = next(i for i in library.step("fr", 4, "BE").checklist if i.id == "costs")
    assert costs.text == "Demandez au VDAB s’il rembourse vos trajets."
    assert library.step("fr", 4, "BE").body_html == library.step("fr", 4).body_html  # no body variant written
    gb = library.step("fr", 6, "GB")
    assert gb.summary == "L’anglais, l’ordinateur et un métier." and "anglais" in gb.body_html  # body kept
    assert run("content", "export") == 0
    assert "0 file(s) written." in capsys.readouterr().out
