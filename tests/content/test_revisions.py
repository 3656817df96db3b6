"""Revisions of content items: saving, drafts and publishing, locking, restoring, diffs, and the overlay."""

from dataclasses import replace

import pytest
from sqlmodel import select

from guide.content import revisions as rev
from guide.content.items import get_catalog
from guide.content.library import build_library, get_library
from guide.content.models import ContentRevision
from guide.core.db import writing
from guide.core.i18n import set_locale
from skills_audit.framework import get_framework

KEY = "step/3/title"


@pytest.fixture(autouse=True)
def _english_messages():
    set_locale("en")


@pytest.fixture
def overlay(db_engine):
    """get_library() and get_framework() read the published revisions of the test database."""
    rev.use_database(db_engine)
    yield
    rev.content.set_overlay(None)
    rev.skills_framework.set_text_overlay(None)


def test_every_save_is_a_revision_with_who_when_and_what(db):
    first = rev.save(db, KEY, "fr", "Choisir un but", "marie", None)
    second = rev.save(db, KEY, "fr", "Choisir un objectif", "paul", first.id)
    assert [r.text for r in rev.history(db, KEY, "fr")] == ["Choisir un objectif", "Choisir un but"]
    assert (second.author, second.seq, second.based_on_id, second.status) == ("paul", 2, first.id, rev.DRAFT)
    assert second.created_at is not None and second.published_at is None
    # a translation remembers the source it was made from
    english = get_catalog().file_text(KEY, "en")
    assert (second.source_locale, second.source_text, second.source_hash) == ("en", english, rev.text_hash(english))
    # English is the source: nothing to remember
    assert rev.save(db, KEY, "en", "Choose a goal!", "ann", None).source_locale is None


def test_a_stale_save_is_refused_with_the_other_persons_change(db):
    base = rev.save(db, KEY, "fr", "Choisir un but", "marie", None)
    theirs = rev.save(db, KEY, "fr", "Choisissez un objectif", "paul", base.id)
    with pytest.raises(rev.StaleRevision) as refused:
        rev.save(db, KEY, "fr", "Mon texte", "marie", base.id)
    assert refused.value.current.id == theirs.id and refused.value.current.author == "paul"
    assert refused.value.typed == "Mon texte"  # what she typed is handed back, not lost
    assert "paul" in refused.value.worded("en")
    assert [r.text for r in rev.history(db, KEY, "fr")] == ["Choisissez un objectif", "Choisir un but"]
    # a first save when someone else already made the first revision is stale too
    with pytest.raises(rev.StaleRevision):
        rev.save(db, KEY, "fr", "Encore", "luc", None)


def test_the_database_refuses_the_second_of_two_simultaneous_saves(db, db_engine, monkeypatch):
    """Both editors read the same latest revision before either writes: the unique (item, language, seq) makes
    the database refuse the second write, and the refusal carries the first editor's text."""
    from sqlmodel import Session

    with writing(db):
        base = rev.save(db, KEY, "fr", "Choisir un but", "marie", None)
    real_head = rev.head
    calls = []

    def head_read_before_pauls_commit(session, key, locale):
        calls.append(key)
        if len(calls) == 1:  # marie's check sees the base, as it was before paul committed
            with Session(db_engine) as other, writing(other):
                rev.save(other, KEY, "fr", "Le texte de Paul", "paul", base.id)
            return base
        return real_head(session, key, locale)

    monkeypatch.setattr(rev, "head", head_read_before_pauls_commit)
    with pytest.raises(rev.StaleRevision) as refused:
        rev.save(db, KEY, "fr", "Le texte de Marie", "marie", base.id)
    assert refused.value.current.text == "Le texte de Paul" and refused.value.typed == "Le texte de Marie"
    monkeypatch.setattr(rev, "head", real_head)
    assert [r.text for r in rev.history(db, KEY, "fr")] == ["Le texte de Paul", "Choisir un but"]


@pytest.mark.parametrize(
    ("key", "locale", "text", "error"),
    [
        ("step/99/title", "fr", "x", rev.UnknownItem),
        (KEY, "xx", "x", rev.UnknownLanguage),
        (KEY, "fr", "   ", rev.EmptyText),
        (KEY, "fr", "x" * 301, rev.TextTooLong),
        ("step/3/body", "fr", "x" * 20_001, rev.TextTooLong),
        ("centre/kortrijk/help/4", "fr", "Only a name", rev.BadHelpText),
    ],
)
def test_bad_saves_are_refused_with_a_message_and_nothing_written(db, key, locale, text, error):
    with pytest.raises(error) as refused:
        rev.save(db, key, locale, text, "marie", None)
    assert refused.value.worded("en")
    assert db.exec(select(ContentRevision)).all() == []


def test_messages_are_worded_in_the_readers_language(db):
    set_locale("fr")  # the request's language does not word it: the page does, in its reader's
    with pytest.raises(rev.EmptyText) as refused:
        rev.save(db, KEY, "fr", "", "marie", None)
    assert refused.value.worded("en") == "Write a text before you save."
    assert refused.value.worded("fr") not in ("", "Write a text before you save.")


def test_drafts_stay_hidden_until_published(db, overlay):
    english_title = get_library().step("fr", 3).title
    with writing(db):
        draft = rev.save(db, KEY, "fr", "Un nouveau titre", "marie", None)
    assert get_library().step("fr", 3).title == english_title
    with writing(db):
        rev.publish(db, draft.id, "admin")
    assert get_library().step("fr", 3).title == "Un nouveau titre"
    assert get_library().step("en", 3).title == "Choose a goal"  # other languages untouched
    with writing(db):
        newer = rev.save(db, KEY, "fr", "Encore plus neuf", "marie", draft.id)
    assert get_library().step("fr", 3).title == "Un nouveau titre"  # a draft over a published text
    assert rev.published(db, KEY, "fr").id == draft.id
    with pytest.raises(rev.NotTheLatest):
        rev.publish(db, draft.id, "admin")
    with writing(db):
        rev.publish(db, newer.id, "admin")
    assert get_library().step("fr", 3).title == "Encore plus neuf"


def test_restore_adds_a_revision_and_diff_compares_any_two(db, overlay):
    with writing(db):
        one = rev.save(db, KEY, "fr", "Ligne un\nLigne deux", "marie", None, publish=True)
        two = rev.save(db, KEY, "fr", "Ligne un\nLigne 2\nLigne trois", "paul", one.id, publish=True)
        back = rev.restore(db, one.id, "marie", two.id, publish=True)
    assert (back.seq, back.text, back.restored_from_id, back.origin) == (3, one.text, one.id, "restore")
    assert len(rev.history(db, KEY, "fr")) == 3
    assert get_library().step("fr", 3).title == "Ligne un\nLigne deux"
    assert [(d.kind, d.text) for d in rev.diff_revisions(db, one.id, two.id)] == [
        ("same", "Ligne un"), ("removed", "Ligne deux"), ("added", "Ligne 2"), ("added", "Ligne trois")]
    other = rev.save(db, "step/4/title", "fr", "Autre", "marie", None)
    with pytest.raises(rev.ContentEditError):
        rev.diff_revisions(db, one.id, other.id)
    with pytest.raises(rev.StaleRevision):  # restoring is a save: it needs the latest revision as its base
        rev.restore(db, one.id, "marie", two.id)


def test_a_missing_translation_falls_back_to_the_source_language_per_text():
    files = get_catalog().files
    texts = {key: dict(by_lang) for key, by_lang in files.texts.items()}
    for key in ("step/3/body", "step/3/checklist/explore", "step/3/question/why/hint", "centre/kortrijk/help/3"):
        del texts[key]["fr"]
    texts["step/3/checklist/explore"]["nl"] = "Lees over de sectoren."
    library = build_library(replace(files, texts=texts), sources={"step/3/checklist/explore": "nl"})
    step = library.step("fr", 3)
    assert (step.locale, step.locale_of("title"), step.locale_of("body")) == ("fr", "fr", "en")
    assert step.body_html == library.step("en", 3).body_html
    explore = step.checklist[0]
    assert (explore.locale, explore.text) == ("nl", "Lees over de sectoren.")  # the item's own source language
    assert {i.locale for i in step.checklist[1:]} == {"fr"}
    assert (step.questions[0].locale, step.questions[0].hint_locale) == ("fr", "en")
    kortrijk = library.centres["kortrijk"]
    assert kortrijk.help_for("fr", 3)[0] == "nl"  # the centre's own language first


def test_skills_texts_are_overlaid_too(db, overlay):
    with writing(db):
        rev.save(db, "skills/statement/try-again", "nl", "Als iets mislukt, probeer ik opnieuw.", "an", None,
                 publish=True)
    assert get_framework().statement_text("try-again", "nl") == "Als iets mislukt, probeer ik opnieuw."
    assert get_framework().statement_text("try-again", "en") == "When something goes wrong, I try again."


def test_the_cache_follows_the_database_not_the_process(db, overlay):
    """Another worker publishes: this one sees it on its next look-up, because the token in the database moved."""
    from sqlmodel import Session

    first = get_library()
    assert get_library() is first  # nothing published: the files' library, cached
    with Session(db.get_bind()) as worker2, writing(worker2):
        rev.save(worker2, KEY, "nl", "Kies een doel!", "an", None, publish=True)
    assert get_library().step("nl", 3).title == "Kies een doel!"
    assert get_library() is get_library()  # and cached again until the next publish


def test_another_workers_publication_shows_within_the_refresh_delay(db, overlay, monkeypatch):
    """A worker reads the token at most once per refresh delay; a publication by another process (seen here as a
    token moved in the database behind this process's back) shows once the delay has passed."""
    from sqlalchemy import text

    from guide.core.settings import get_settings

    clock = [1000.0]
    monkeypatch.setattr(rev.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(get_settings(), "content_refresh_seconds", 2.0)
    with writing(db):
        rev.save(db, KEY, "nl", "Kies een doel!", "an", None, publish=True)
    assert get_library().step("nl", 3).title == "Kies een doel!"  # this process's own save: at once
    latest = rev.history(db, KEY, "nl")[0]
    db.exec(text("UPDATE content_revision SET text = 'Kies je doel' WHERE id = :id").bindparams(id=latest.id))
    db.exec(text("UPDATE content_state SET token = 'moved-by-another-worker'"))
    db.commit()
    clock[0] += 1.0
    assert get_library().step("nl", 3).title == "Kies een doel!"  # within the delay: the cached content
    clock[0] += 1.5
    assert get_library().step("nl", 3).title == "Kies je doel"  # after it: the token is read again


def test_changing_the_source_language_of_an_item(db, overlay):
    rev.set_source_language(db, "centre/kortrijk/help/4", "nl", "admin")
    assert rev.source_language(db, "centre/kortrijk/help/4") == "nl"
    saved = rev.save(db, "centre/kortrijk/help/4", "fr", "De Lijn\nLa société de bus flamande.", "marie", None)
    assert saved.source_locale == "nl"
    with pytest.raises(rev.UnknownItem):
        rev.set_source_language(db, "nope", "nl", "admin")
