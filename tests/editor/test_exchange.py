"""PO and XLIFF round trips: export a language, import it back with a preview; a bad file is rejected whole."""

import io

import pytest
from babel.messages.pofile import read_po, write_po

from guide.content import revisions as rev
from guide.content.items import get_catalog
from guide.core.db import writing
from guide.core.i18n import set_locale
from guide.editor import exchange as ex
from guide.editor import translation_status as ts

KEY = "step/3/title"


@pytest.fixture(autouse=True)
def _english():
    set_locale("en")


def translatable(lang=None, exported="fr"):
    """Items with an English text (some question hints have none), and with a text in `lang` too if given; a
    country's variant only where the exported language has one (elsewhere its default text is read)."""
    catalog = get_catalog()
    return {k for k in catalog.items if catalog.file_text(k, "en") and (not lang or catalog.file_text(k, lang))
            and (not catalog.items[k].country or catalog.file_text(k, exported))}


def po_with(data: bytes, changes: dict[str, str], fuzzy: set[str] = frozenset()) -> bytes:
    po = read_po(io.BytesIO(data))
    for message in po:
        if message.context in changes:
            message.string = changes[message.context]
        if message.context in fuzzy:
            message.flags.add("fuzzy")
    buf = io.BytesIO()
    write_po(buf, po, width=0)
    return buf.getvalue()


def test_po_export_has_every_translatable_item_with_key_source_and_translation(db):
    po = read_po(io.BytesIO(ex.export_po(db, "fr")))
    catalog = get_catalog()
    by_key = {m.context: m for m in po if m.id}
    assert set(by_key) == translatable()  # English is the source of every item
    assert by_key[KEY].id == catalog.file_text(KEY, "en") and by_key[KEY].string == catalog.file_text(KEY, "fr")
    assert str(po.locale) == "fr"
    # the English export has nothing to translate
    assert [m for m in read_po(io.BytesIO(ex.export_po(db, "en"))) if m.id] == []


def test_po_round_trip_with_preview_then_apply(db):
    data = ex.export_po(db, "fr")
    unchanged = ex.preview_import(db, "fr", ex.read_po_entries(data, "fr"))
    assert unchanged.changes == [] and unchanged.unchanged == len(translatable("fr"))
    assert unchanged.skipped == len(translatable()) - len(translatable("fr"))  # no French text yet: left empty

    edited = po_with(data, {KEY: "Choisissez un but", "step/3/summary": "Un résumé"}, fuzzy={"step/3/summary"})
    preview = ex.preview_import(db, "fr", ex.read_po_entries(edited, "fr"))
    assert [(c.key, c.new_text) for c in preview.changes] == [(KEY, "Choisissez un but")]
    assert preview.skipped == unchanged.skipped + 1  # fuzzy: the translator was not sure
    assert any(d.kind == "added" and d.text == "Choisissez un but" for d in preview.changes[0].diff)
    assert rev.history(db, KEY, "fr") == []  # a preview writes nothing

    saved = ex.apply_import(db, preview, "marie", publish=True)
    assert [(r.item_key, r.origin, r.status) for r in saved] == [(KEY, "exchange", "published")]
    assert rev.current_text(db, KEY, "fr") == "Choisissez un but"
    assert next(s for s in ts.statuses(db, ["fr"]) if s.key == KEY).status == ts.UP_TO_DATE


def test_xliff_round_trip(db):
    data = ex.export_xliff(db, "nl")
    assert b'version="1.2"' in data and b'target-language="nl"' in data
    entries = ex.read_xliff_entries(data, "nl")
    assert {e.key for e in entries} == translatable(exported="nl")
    edited = data.replace(get_catalog().file_text(KEY, "nl").encode(), b"Kies je doel", 1)
    preview = ex.preview_import(db, "nl", ex.read_xliff_entries(edited, "nl"))
    assert [(c.key, c.old_text, c.new_text) for c in preview.changes] == [
        (KEY, get_catalog().file_text(KEY, "nl"), "Kies je doel")]
    ex.apply_import(db, preview, "an")
    assert rev.head(db, KEY, "nl").status == rev.DRAFT


def test_a_file_with_bad_entries_is_rejected_whole_with_an_error_per_entry(db):
    data = ex.export_po(db, "fr")
    po = read_po(io.BytesIO(data))
    po.add("Ghost", "Fantôme", context="step/99/title")
    po.add("Choose a goal", "Doublon", context=KEY)  # babel keeps one per (id, context): use another msgid
    for message in po:
        if message.context == "step/3/body":
            message.string = "x" * 20_001
        if message.context == "step/4/title":
            message.string = "Se déplacer autrement"  # a good change in a bad file: not saved either
    buf = io.BytesIO()
    write_po(buf, po, width=0)
    with pytest.raises(ex.ExchangeRejected) as rejected:
        ex.preview_import(db, "fr", ex.read_po_entries(buf.getvalue(), "fr"))
    keys = sorted(e.key for e in rejected.value.errors)
    assert keys == ["step/3/body", "step/99/title"]
    assert all(e.message.render("en") and e.line for e in rejected.value.errors)
    assert rev.history(db, "step/4/title", "fr") == []


@pytest.mark.parametrize(
    ("reader", "data"),
    [
        (ex.read_po_entries, b'msgid "unterminated\n'),
        (ex.read_po_entries, b'msgid ""\nmsgstr ""\n"Language: nl\\n"\n'),
        (ex.read_xliff_entries, b"<xliff version='1.2'><file"),
        (ex.read_xliff_entries, b"<other/>"),
        (ex.read_xliff_entries, f'<xliff xmlns="{ex.XLIFF_NS}" version="1.2"><file target-language="nl"/></xliff>'
         .encode()),
    ],
)
def test_malformed_files_are_refused_with_a_message(reader, data):
    with pytest.raises(ex.ExchangeRejected) as rejected:
        reader(data, "fr")
    assert len(rejected.value.errors) == 1 and rejected.value.errors[0].message.render("en")


def test_a_translation_of_an_older_source_is_imported_as_needing_review(db):
    data = ex.export_po(db, "fr")
    rev.save(db, KEY, "en", "Choose your goal", "ann", None, publish=True)  # the source moves on meanwhile
    preview = ex.preview_import(db, "fr", ex.read_po_entries(po_with(data, {KEY: "Choisissez un but"}), "fr"))
    assert preview.changes[0].source_changed
    ex.apply_import(db, preview, "marie", publish=True)
    status = next(s for s in ts.statuses(db, ["fr"]) if s.key == KEY)
    assert (status.status, status.old_source_text, status.source_text) == (
        ts.NEEDS_REVIEW, get_catalog().file_text(KEY, "en"), "Choose your goal")


def test_apply_refuses_all_when_a_text_changed_after_the_preview(db):
    data = po_with(ex.export_po(db, "fr"), {KEY: "Choisissez un but", "step/4/title": "Bouger"})
    preview = ex.preview_import(db, "fr", ex.read_po_entries(data, "fr"))
    with writing(db):
        rev.save(db, "step/4/title", "fr", "Se déplacer", "paul", None)
    with pytest.raises(rev.StaleRevision), writing(db):  # all or none: the unit of work rolls back
        ex.apply_import(db, preview, "marie")
    assert rev.history(db, KEY, "fr") == []
