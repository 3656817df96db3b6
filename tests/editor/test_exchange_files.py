"""Translation files as partners' tools write them: plural entries, a byte order mark, control characters, an older
file against newer browser edits, XLIFF checked against the OASIS XLIFF 1.2 schema, and a filled-in PO header."""

from __future__ import annotations

import codecs
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from lxml import etree

from guide.content import revisions as rev
from guide.content.items import get_catalog
from guide.core.db import writing
from guide.core.i18n import set_locale
from guide.editor import exchange as ex
from tests.conftest import csrf_token, make_staff, sign_in_staff

KEY = "step/3/title"
VENDOR = Path(__file__).parent / "vendor"  # the schemas, unpacked by .ci/setup --test (Debian's copy)
XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"


@pytest.fixture(autouse=True)
def _english():
    set_locale("en")


def _with_translation(data: bytes, key: str, text: str) -> bytes:
    """The PO file with one msgstr replaced, edited as text the way a translator's tool writes it."""
    po = data.decode("utf-8")
    start = po.index(f'msgctxt "{key}"')
    at = po.index("msgstr ", start)
    end = po.find("\n\n", at)
    end = len(po) if end == -1 else end
    return (po[:at] + "msgstr " + _quoted(text) + po[end:]).encode("utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# --- PO files from real tools -------------------------------------------------------------------------------------


PLURAL_PO = f"""msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgctxt "{KEY}"
msgid "Choose a goal"
msgid_plural "Choose goals"
msgstr[0] "Choisissez un but"
msgstr[1] "Choisissez des buts"

msgctxt "step/4/title"
msgid "Get around"
msgstr "Se déplacer autrement"
""".encode()


def test_a_po_with_plural_entries_is_refused_with_a_message_per_entry(db):
    with pytest.raises(ex.ExchangeRejected) as rejected:
        ex.preview_import(db, "fr", ex.read_po_entries(PLURAL_PO, "fr"))
    [error] = rejected.value.errors
    assert error.key == KEY and error.line == 7 and "plural forms" in error.message.render("en")  # the msgid's line
    assert rev.history(db, KEY, "fr") == [] and rev.history(db, "step/4/title", "fr") == []


def test_a_po_with_plural_entries_never_publishes_a_tuple(client, db):
    sign_in_staff(client, db, make_staff(db, "fr-editor", ("editor",), languages=("fr",)))
    response = client.post("/en/staff/content/fr/import", data={"csrf_token": csrf_token(client)},
                           files={"file": ("fr.po", PLURAL_PO)})
    assert response.status_code == 422
    assert "This entry has plural forms (msgid_plural)" in response.text
    assert "(&#39;" not in response.text and "('" not in response.text  # no repr of the forms anywhere


def test_a_po_with_a_byte_order_mark_is_read(db):
    data = ex.export_po(db, "fr")
    edited = codecs.BOM_UTF8 + _with_translation(data, KEY, "Choisissez un but")
    preview = ex.preview_import(db, "fr", ex.read_po_entries(edited, "fr"))
    assert [(c.key, c.new_text) for c in preview.changes] == [(KEY, "Choisissez un but")]


@pytest.mark.parametrize("character", ["\x00", "\x1f", "\x07", "\x7f"])
def test_imported_text_is_cleaned_as_forms_clean_it(db, character):
    data = ex.export_po(db, "fr")
    edited = _with_translation(data, KEY, f"Choisissez{character} un but")
    preview = ex.preview_import(db, "fr", ex.read_po_entries(edited, "fr"))
    assert [c.new_text for c in preview.changes] == ["Choisissez un but"]
    ex.apply_import(db, preview, "marie", publish=True)  # PostgreSQL would refuse a NUL: none is left
    assert rev.current_text(db, KEY, "fr") == "Choisissez un but"


def test_an_unchanged_text_is_not_counted_as_a_change(db):
    data = ex.export_po(db, "fr")
    french = get_catalog().file_text(KEY, "fr")
    rev.save(db, KEY, "en", "Choose your goal", "ann", None, publish=True)  # the file translated an older source
    rev.save(db, "step/4/title", "fr", "Un brouillon", "paul", None)  # a draft, and the file holds the same text
    edited = _with_translation(data, "step/4/title", "Un brouillon")
    preview = ex.preview_import(db, "fr", ex.read_po_entries(edited, "fr"))
    assert preview.changes == []
    assert rev.current_text(db, KEY, "fr") == french


# --- an older file against newer browser edits ------------------------------------------------------------------


def test_an_older_file_never_overwrites_a_newer_browser_edit_unasked(db):
    data = ex.export_po(db, "fr")  # version 0 of every text: the files'
    rev.save(db, KEY, "fr", "Nouveau titre du navigateur", "paul", None, publish=True)  # version 1, newer
    edited = _with_translation(data, "step/4/title", "Bouger")  # the translator changed another text
    preview = ex.preview_import(db, "fr", ex.read_po_entries(edited, "fr"))
    by_key = {c.key: c for c in preview.changes}
    assert set(by_key) == {KEY, "step/4/title"}
    kept = by_key[KEY]
    assert (kept.newer_in_browser, kept.exported_version, kept.current_version, kept.take_file) == (True, 0, 1, False)
    assert not by_key["step/4/title"].newer_in_browser
    ex.apply_import(db, preview, "marie", publish=True)
    assert rev.current_text(db, KEY, "fr") == "Nouveau titre du navigateur"  # kept
    assert rev.current_text(db, "step/4/title", "fr") == "Bouger"


def test_a_file_made_from_the_latest_version_is_not_flagged(db):
    rev.save(db, KEY, "fr", "Titre 1", "paul", None, publish=True)
    data = ex.export_po(db, "fr")
    assert "#. tensteps-version: 1" in data.decode()
    preview = ex.preview_import(db, "fr", ex.read_po_entries(_with_translation(data, KEY, "Titre 2"), "fr"))
    assert [(c.key, c.newer_in_browser, c.take_file) for c in preview.changes] == [(KEY, False, True)]


def test_a_file_that_does_not_say_its_version_is_flagged_against_browser_edits(db):
    rev.save(db, KEY, "fr", "Titre 1", "paul", None, publish=True)
    data = re.sub(rb"#\. tensteps-version: \d+\n", b"", ex.export_po(db, "fr"))
    preview = ex.preview_import(db, "fr", ex.read_po_entries(_with_translation(data, KEY, "Titre 2"), "fr"))
    [change] = preview.changes
    assert change.newer_in_browser and change.exported_version is None and not change.take_file


def test_the_preview_page_says_what_changed_in_the_browser_and_lets_the_editor_choose(client, db):
    sign_in_staff(client, db, make_staff(db, "fr-editor", ("editor",), languages=("fr",)))
    data = client.get("/en/staff/content/fr/export?format=po").content
    with writing(db):
        rev.save(db, KEY, "fr", "Nouveau titre du navigateur", "paul", None, publish=True)
    token = csrf_token(client)
    page = client.post("/en/staff/content/fr/import", data={"csrf_token": token},
                       files={"file": ("fr.po", _with_translation(data, "step/4/title", "Bouger"))})
    assert page.status_code == 200
    assert "Changed in the browser since this file was exported" in page.text
    assert re.search(rf'name="take:{KEY}" value="browser" checked', page.text)
    fields = re.findall(r'name="(packed|format|base:[^"]+)" value="([^"]*)"', page.text)
    # the editor chooses the file's text for this one
    confirm = client.post("/en/staff/content/fr/import/confirm",
                          data={"csrf_token": token, **dict(fields), f"take:{KEY}": "file",
                                "take:step/4/title": "file", "publish": "yes"})
    assert confirm.status_code == 303
    assert rev.current_text(db, KEY, "fr") == get_catalog().file_text(KEY, "fr")


# --- XLIFF against the schema -------------------------------------------------------------------------------------


class _Local(etree.Resolver):
    def resolve(self, url, pubid, context):  # noqa: ANN001, ANN201
        if url == XML_XSD_URL:
            return self.resolve_filename(str(VENDOR / "xml.xsd"), context)
        return None


@pytest.fixture(scope="module")
def xliff_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(VENDOR / "xliff-core-1.2-strict.xsd"), parser))


def _validated(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert schema.validate(root), schema.error_log
    return root


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_exported_xliff_is_valid_xliff_1_2(db, xliff_schema, lang):
    rev.save(db, KEY, "fr", "Un titre en brouillon", "paul", None)  # a draft: the published text is exported
    root = _validated(xliff_schema, ex.export_xliff(db, lang))
    assert root.findall(f".//{{{ex.XLIFF_NS}}}trans-unit")  # never an empty <xliff/>


def test_up_to_date_units_are_approved_and_final(db, xliff_schema):
    rev.save(db, KEY, "en", "Choose your goal", "ann", None, publish=True)  # the French of KEY needs review now
    root = _validated(xliff_schema, ex.export_xliff(db, "fr"))
    units = {u.get("id"): u for u in root.iter(f"{{{ex.XLIFF_NS}}}trans-unit")}
    states = {key: (u.get("approved"), u.find(f"{{{ex.XLIFF_NS}}}target").get("state")) for key, u in units.items()}
    assert states[KEY] == (None, "needs-review-translation")
    assert states["step/4/title"] == ("yes", "final")
    approved = [k for k, s in states.items() if s == ("yes", "final")]
    assert len(approved) > len(units) / 2  # the up-to-date bulk is not left for tools to take as fuzzy
    assert all(get_catalog().file_text(k, "fr") for k in approved)


def test_the_source_language_export_validates_and_imports_as_nothing_to_change(db, xliff_schema):
    data = ex.export_xliff(db, "en")
    root = _validated(xliff_schema, data)
    [file_el] = root.findall(f"{{{ex.XLIFF_NS}}}file")
    assert file_el.get("source-language") == "en" and file_el.get("target-language") is None
    preview = ex.preview_import(db, "en", ex.read_xliff_entries(data, "en"))
    assert preview.changes == [] and preview.skipped == len(root.findall(f".//{{{ex.XLIFF_NS}}}trans-unit"))


def test_an_xliff_round_trip_keeps_newer_browser_edits(db, xliff_schema):
    data = ex.export_xliff(db, "nl")
    rev.save(db, KEY, "nl", "Nieuwe titel", "an", None, publish=True)
    preview = ex.preview_import(db, "nl", ex.read_xliff_entries(data, "nl"))
    assert [(c.key, c.newer_in_browser, c.take_file) for c in preview.changes] == [(KEY, True, False)]


# --- the PO header ------------------------------------------------------------------------------------------------


def test_the_po_header_names_the_project_language_and_date(client, db):
    sign_in_staff(client, db, make_staff(db, "fr-editor", ("editor",), languages=("fr",)))
    data = client.get("/en/staff/content/fr/export?format=po").content
    text = data.decode("utf-8")
    for placeholder in ("FIRST AUTHOR", "EMAIL@ADDRESS", "YEAR-MO-DA", "PROJECT", "VERSION", "ORGANIZATION",
                        "LANGUAGE <LL@li.org>", "FULL NAME"):
        assert placeholder not in text
    po = read_po(io.BytesIO(data))
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert str(po.locale) == "fr" and po.project == "Ten Steps content" and today in po.version
    assert po.last_translator == "Fr Editor" and "Français" in po.language_team
    assert po.revision_date.strftime("%Y-%m-%d") == today
    assert text.startswith("# Ten Steps: the guide's texts in Français (fr), exported on " + today)
