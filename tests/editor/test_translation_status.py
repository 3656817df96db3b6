"""Translation status: missing, needs review (with the old and new source), up to date, and counts per language."""

import pytest

from guide.content import revisions as rev
from guide.content.items import get_catalog
from guide.core.i18n import set_locale
from guide.editor import translation_status as ts

KEY = "step/3/title"


@pytest.fixture(autouse=True)
def _english():
    set_locale("en")


def status_of(db, key, lang):
    return next(s for s in ts.statuses(db, [lang]) if s.key == key)


def counted(lang):
    """The items a language is counted on: every default text, and the country variants it has."""
    catalog = get_catalog()
    return {key for key, item in catalog.items.items() if not item.country or catalog.file_text(key, lang)}


def missing_in_files(lang):
    catalog = get_catalog()
    return {key for key in counted(lang) if not catalog.file_text(key, lang)}


def test_the_files_are_up_to_date_and_only_some_hints_are_missing(db):
    items = ts.statuses(db)
    summaries = {s.locale: s for s in ts.summarise(items)}
    assert set(summaries) == {"nl", "fr", "en"}
    for lang, summary in summaries.items():
        total = len(counted(lang))
        missing = {i.key for i in items if i.locale == lang and i.status == ts.MISSING}
        assert missing == missing_in_files(lang)
        # the files leave out a few question hints in some languages, nothing else
        assert all("/question/" in key and key.endswith("/hint") for key in missing)
        assert (summary.total, summary.up_to_date, summary.needs_review) == (total, total - len(missing), 0)


def test_a_changed_source_marks_translations_for_review_with_old_and_new_source(db):
    old_source = get_catalog().file_text(KEY, "en")
    rev.save(db, KEY, "en", "Choose your goal", "ann", None, publish=True)
    fr = status_of(db, KEY, "fr")
    assert fr.status == ts.NEEDS_REVIEW
    assert (fr.old_source_text, fr.source_text) == (old_source, "Choose your goal")
    assert status_of(db, KEY, "en").status == ts.UP_TO_DATE
    # a translation saved now is made from the new source
    head = rev.head(db, KEY, "fr")
    rev.save(db, KEY, "fr", "Choisissez votre but", "marie", head.id if head else None, publish=True)
    assert status_of(db, KEY, "fr").status == ts.UP_TO_DATE
    # nl is reviewed and found still right: the same text, now made from the new source
    assert status_of(db, KEY, "nl").status == ts.NEEDS_REVIEW
    rev.mark_reviewed(db, KEY, "nl", "an", None)
    assert status_of(db, KEY, "nl").status == ts.UP_TO_DATE
    # the source changes again: the French made from the second source needs review, showing that second source
    rev.save(db, KEY, "en", "Pick a goal", "ann", rev.head(db, KEY, "en").id, publish=True)
    fr = status_of(db, KEY, "fr")
    assert (fr.status, fr.old_source_text, fr.source_text) == (ts.NEEDS_REVIEW, "Choose your goal", "Pick a goal")


def test_a_draft_of_the_source_changes_nothing_until_published(db):
    rev.save(db, KEY, "en", "Choose your goal", "ann", None)
    assert status_of(db, KEY, "fr").status == ts.UP_TO_DATE
    assert status_of(db, KEY, "en").has_draft


def test_counts_per_language_with_a_fourth_language(db, monkeypatch):
    monkeypatch.setattr(rev.get_settings(), "languages", ["nl", "fr", "en", "pl"])
    rev.save(db, KEY, "pl", "Wybierz cel", "ola", None, publish=True)
    rev.save(db, "step/3/summary", "pl", "Wybierz pracę", "ola", None)  # a draft: still missing for job seekers
    rev.save(db, "step/4/title", "en", "Get to work and back", "ann", None, publish=True)
    summaries = {s.locale: s for s in ts.summarise(ts.statuses(db))}
    total = len(counted("pl"))  # no variant in Polish: the defaults alone
    pl, fr = summaries["pl"], summaries["fr"]
    assert (pl.total, pl.up_to_date, pl.needs_review, pl.missing) == (total, 1, 0, total - 1)
    total = len(counted("fr"))
    fr_missing = len(missing_in_files("fr"))
    assert (fr.up_to_date, fr.needs_review, fr.missing) == (total - 1 - fr_missing, 1, fr_missing)
    assert status_of(db, "step/3/summary", "pl").has_draft
