"""HTTP tests of the editors' pages: status, the side-by-side editor, history, export and import, by role and
language; and that nothing an editor types can run on a job seeker's page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from guide.content.items import get_catalog
from guide.content.library import get_library
from guide.content.models import ContentRevision
from guide.content.revisions import head, save
from guide.core.db import writing
from tests.conftest import csrf_token, make_staff, sign_in_staff, start_journey
from tests.html import element, htmx_swap

TITLE = "step/1/title"
BODY = "step/1/body"


def _url(lang: str, kind: str, key: str = TITLE, locale: str = "en") -> str:
    return f"/{locale}/staff/content/{lang}/{kind}/{key}"


@pytest.fixture
def fr_editor(make_client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(make_client(), db, make_staff(db, "fr-editor", ("editor",), languages=("fr",)))


@pytest.fixture
def nl_editor(make_client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(make_client(), db, make_staff(db, "nl-editor", ("editor",), languages=("nl",)))


@pytest.fixture
def admin(make_client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(make_client(), db, make_staff(db, "the-admin", ("admin",)))


def _post(client: TestClient, url: str, locale: str = "en", **fields) -> object:  # noqa: ANN003
    return client.post(url, data={"csrf_token": csrf_token(client, locale), **fields})


def _revisions(db) -> int:  # noqa: ANN001
    return db.exec(select(func.count()).select_from(ContentRevision)).scalar_one()


# --- the translation status -------------------------------------------------------------------------------------


def test_status_page_counts_each_language_and_links_to_each_editor(fr_editor):
    response = fr_editor.get("/en/staff/content")
    assert response.status_code == 200
    assert re.search(r"<strong>French</strong>: \d+ of \d+ up to date, \d+ need review, \d+ missing", response.text)
    assert f'href="{_url("fr", "item")}"' in response.text
    assert 'href="/en/staff/content/fr/import"' in response.text  # French is theirs
    assert 'href="/en/staff/content/nl/import"' not in response.text  # Dutch is not


def test_status_page_filters_by_language_state_and_part(fr_editor, db):
    with writing(db):
        save(db, TITLE, "en", "A new English title", "someone", None, publish=True)  # every translation needs review
    response = fr_editor.get("/en/staff/content?lang=fr&state=needs_review")
    assert response.status_code == 200
    assert f'href="{_url("fr", "item")}"' in response.text
    assert _url("nl", "item") not in response.text  # only French columns
    assert _url("fr", "item", "step/1/summary") not in response.text  # only texts that need review
    assert "1 text fits this choice." in response.text
    response = fr_editor.get("/en/staff/content?group=step/2")
    assert _url("fr", "item", "step/2/title") in response.text
    assert _url("fr", "item") not in response.text


def test_status_page_is_paginated(fr_editor):
    first = fr_editor.get("/en/staff/content")
    assert "Page 1 of" in first.text and 'rel="next"' in first.text
    assert _url("fr", "item", "skills/") not in first.text  # the skills come at the end, on a later page
    last = fr_editor.get("/en/staff/content?p=999")  # out of range: the last page
    assert last.status_code == 200 and 'rel="prev"' in last.text


# --- the editor -------------------------------------------------------------------------------------------------


def test_editor_shows_the_source_beside_the_target_with_a_preview(fr_editor):
    response = fr_editor.get(_url("fr", "item", BODY))
    assert response.status_code == 200
    source = element(response.text, "source-text")
    assert 'lang="en"' in source
    assert get_catalog().file_text(BODY, "en")[:30] in source
    textarea = element(response.text, "text")
    assert 'lang="fr"' in textarea and 'hx-trigger="input delay:500ms"' in textarea
    assert 'name="base" value=""' in response.text  # no revision yet
    assert 'id="preview"' in response.text and 'id="readability-score"' in response.text


def test_publish_shows_the_text_to_job_seekers_in_that_language_only(fr_editor, make_client, db):
    english_before = get_library().step("en", 1).title
    response = _post(fr_editor, _url("fr", "item"), text="Faire le point", base="", action="draft")
    assert response.status_code == 303 and response.headers["location"].endswith("?saved=draft")
    seeker = make_client()
    start_journey(seeker, "fr")
    assert "Faire le point" not in seeker.get("/fr/steps/1").text  # a draft is not shown
    revision = head(db, TITLE, "fr")
    response = _post(fr_editor, _url("fr", "item"), text="Faire le point", base=str(revision.id), action="publish")
    assert response.status_code == 303
    assert "Published" in fr_editor.get(response.headers["location"]).text
    assert "<h1>Faire le point</h1>" in seeker.get("/fr/steps/1").text
    english = make_client()
    start_journey(english, "en")
    assert f"<h1>{english_before}</h1>" in english.get("/en/steps/1").text


def test_a_stale_save_is_refused_with_both_texts(fr_editor, db):
    page = fr_editor.get(_url("fr", "item")).text
    base = re.search(r'name="base" value="([^"]*)"', page).group(1)
    with writing(db):
        save(db, TITLE, "fr", "Le texte de l'autre", "colleague", None, publish=True)
    response = _post(fr_editor, _url("fr", "item"), text="Mon texte à moi", base=base, action="publish")
    assert response.status_code == 409
    assert "Le texte de l&#39;autre" in element(response.text, "their-text")
    assert "Mon texte à moi" in element(response.text, "your-text")
    assert "Mon texte à moi" in element(response.text, "text")  # kept in the box
    assert "colleague changed this text while you were editing it" in response.text
    theirs = head(db, TITLE, "fr")
    assert f'name="base" value="{theirs.id}"' in response.text  # saving again replaces theirs, knowingly
    assert _revisions(db) == 1


def test_oversized_and_empty_texts_are_refused_with_the_text_kept(fr_editor, db):
    long_text = "Trop long " * 100
    response = _post(fr_editor, _url("fr", "item"), text=long_text, base="", action="publish")
    assert response.status_code == 422
    assert long_text.strip() in element(response.text, "text")
    assert "the most allowed is 300" in response.text
    assert 'href="#text"' in response.text  # the error summary links to the box
    response = _post(fr_editor, _url("fr", "item"), text="   ", base="", action="draft")
    assert response.status_code == 422 and "Write a text before you save." in response.text
    assert _revisions(db) == 0


@pytest.mark.parametrize("url", [
    _url("xx", "item"), _url("fr", "item", "step/99/title"), _url("fr", "history", "nothing"),
    "/en/staff/content/xx/export", "/en/staff/content/fr/export?format=docx",
])
def test_unknown_item_or_language_is_a_404_page(fr_editor, url):
    response = fr_editor.get(url)
    assert response.status_code == 404
    assert "<html" in response.text and "Traceback" not in response.text


def test_an_editor_of_another_language_cannot_change_it(nl_editor, db):
    response = _post(nl_editor, _url("fr", "item"), text="Pas le mien", base="", action="publish")
    assert response.status_code == 403
    assert _revisions(db) == 0
    page = nl_editor.get(_url("fr", "item")).text
    assert 'value="publish"' not in page  # reading is fine; the buttons to change it are not there
    assert _post(nl_editor, _url("nl", "item"), text="Mijn titel", base="", action="publish").status_code == 303


def test_an_admin_changes_every_language(admin, db):
    for lang in ("nl", "fr", "en"):
        assert _post(admin, _url(lang, "item"), text=f"Title {lang}", base="", action="publish").status_code == 303
    assert _revisions(db) == 3


def test_a_post_without_the_csrf_token_is_refused(fr_editor, db):
    response = fr_editor.post(_url("fr", "item"), data={"text": "Sans jeton", "base": "", "action": "publish"})
    assert response.status_code == 403
    assert _revisions(db) == 0


def test_htmx_preview_swaps_in_what_a_full_preview_shows(fr_editor):
    typed = "Un **titre** avec <b>balise</b>"
    page = fr_editor.get(_url("fr", "item", BODY)).text
    fragment = fr_editor.post(_url("fr", "preview", BODY), headers={"HX-Request": "true"},
                              data={"csrf_token": csrf_token(fr_editor), "text": typed})
    assert fragment.status_code == 200
    assert "<strong>titre</strong>" in fragment.text and "<b>" not in fragment.text
    full = _post(fr_editor, _url("fr", "item", BODY), text=typed, base="", action="preview")
    assert full.status_code == 200
    swapped = htmx_swap(page, fragment.text, _url("fr", "preview", BODY))
    assert element(swapped, "preview") == element(full.text, "preview")
    assert typed.replace("<", "&lt;").replace(">", "&gt;") in element(full.text, "text")


def test_preview_lists_sentences_over_twenty_words(fr_editor):
    long = "Ceci est une phrase beaucoup trop longue qui continue encore et encore sans jamais finir " \
           "pour que le lecteur puisse enfin respirer un peu avant la suite."
    response = fr_editor.post(_url("fr", "preview", BODY), headers={"HX-Request": "true"},
                              data={"csrf_token": csrf_token(fr_editor), "text": f"Court. {long}"})
    assert "1 sentence has more than 20 words" in response.text
    assert long in element(response.text, "long-sentences")
    assert "Readability score " in response.text


def test_a_very_plain_text_shows_a_band_and_a_score_within_the_formula_range(fr_editor):
    response = fr_editor.post(_url("fr", "preview", BODY), headers={"HX-Request": "true"},
                              data={"csrf_token": csrf_token(fr_editor), "text": "Oui. Non. On y va. Là."})
    score = element(response.text, "readability-score")
    assert "<strong>Very easy to read</strong>" in score
    assert "<small" in score and "Readability score 100 of 100" in score  # capped, not 120


def test_needs_review_shows_old_and_new_source_and_can_be_marked_reviewed(fr_editor, db):
    old_source = get_library().step("en", 1).title
    with writing(db):
        save(db, TITLE, "en", "Where you stand today", "someone", None, publish=True)
    page = fr_editor.get(_url("fr", "item"))
    assert "Needs review" in page.text
    assert old_source in element(page.text, "old-source")
    assert "Where you stand today" in element(page.text, "new-source")
    assert "<ins" in page.text and "Added" in page.text and "Removed" in page.text
    response = _post(fr_editor, _url("fr", "review"), base="")
    assert response.status_code == 303
    page = fr_editor.get(response.headers["location"]).text
    assert "Marked as reviewed." in page and 'id="old-source"' not in page


# --- history -----------------------------------------------------------------------------------------------------


def test_history_diffs_two_revisions_and_restores_an_old_one(fr_editor, db):
    with writing(db):
        first = save(db, TITLE, "fr", "Premier titre", "anne", None, publish=True)
        second = save(db, TITLE, "fr", "Second titre", "bert", first.id)
    page = fr_editor.get(_url("fr", "history"))
    assert page.status_code == 200
    assert "anne" in page.text and "bert" in page.text and "Draft" in page.text and "Published" in page.text
    assert "<del lang=\"fr\">Premier titre</del>" in page.text and "<ins lang=\"fr\">Second titre</ins>" in page.text
    chosen = fr_editor.get(_url("fr", "history") + f"?old={second.id}&new={first.id}")
    assert "<del lang=\"fr\">Second titre</del>" in chosen.text
    bad = fr_editor.get(_url("fr", "history") + "?old=999999&new=1")
    assert bad.status_code == 422 and "Choose two versions" in bad.text
    response = _post(fr_editor, _url("fr", "restore"), revision=str(first.id), base=str(second.id))
    assert response.status_code == 303
    assert head(db, TITLE, "fr").text == "Premier titre"
    stale = _post(fr_editor, _url("fr", "restore"), revision=str(first.id), base=str(second.id))
    assert stale.status_code == 409 and "Premier titre" in element(stale.text, "text")


def test_the_files_text_is_version_0_to_compare_with_and_restore(fr_editor, db):
    original = get_library().step("fr", 1).title
    untouched = fr_editor.get(_url("fr", "history"))
    assert "not been changed in the browser yet" in untouched.text and 'value="0"' in untouched.text
    with writing(db):
        first = save(db, TITLE, "fr", "Premier titre", "anne", None, publish=True)
    page = fr_editor.get(_url("fr", "history"))
    # by default the latest version is compared with the one before it: here the files' text
    assert f'<del lang="fr">{original}</del>' in page.text and '<ins lang="fr">Premier titre</ins>' in page.text
    assert "Changes from version 0 to version 1" in page.text and "The guide’s files" in page.text
    chosen = fr_editor.get(_url("fr", "history") + f"?old={first.id}&new=0")
    assert chosen.status_code == 200 and '<ins lang="fr">' + original in chosen.text
    response = _post(fr_editor, _url("fr", "restore"), revision="0", base=str(first.id))
    assert response.status_code == 303
    restored = head(db, TITLE, "fr")
    assert (restored.text, restored.seq, restored.origin) == (original, 2, "restore")
    stale = _post(fr_editor, _url("fr", "restore"), revision="0", base=str(first.id))
    assert stale.status_code == 409 and original in element(stale.text, "text")


def test_restore_of_another_texts_revision_is_a_404(fr_editor, db):
    with writing(db):
        other = save(db, "step/2/title", "fr", "Autre", "anne", None)
    response = _post(fr_editor, _url("fr", "restore"), revision=str(other.id), base="")
    assert response.status_code == 404


# --- export and import -------------------------------------------------------------------------------------------


def test_export_downloads_po_and_xliff(fr_editor):
    po = fr_editor.get("/en/staff/content/fr/export?format=po")
    assert po.status_code == 200 and 'filename="tensteps-content-fr.po"' in po.headers["content-disposition"]
    assert f'msgctxt "{TITLE}"' in po.text
    xliff = fr_editor.get("/en/staff/content/fr/export?format=xliff")
    assert 'target-language="fr"' in xliff.text and f'id="{TITLE}"' in xliff.text


def test_import_previews_then_applies_on_confirm(fr_editor, db):
    po = fr_editor.get("/en/staff/content/fr/export?format=po").content
    french = get_library().step("fr", 1).title
    changed = po.replace(f'msgstr "{french}"'.encode(), b'msgstr "Titre venu du fichier"')
    assert changed != po
    preview = fr_editor.post("/en/staff/content/fr/import", data={"csrf_token": csrf_token(fr_editor)},
                             files={"file": ("fr.po", changed)})
    assert preview.status_code == 200
    assert "1 text will change." in preview.text
    assert "<ins lang=\"fr\">Titre venu du fichier</ins>" in preview.text
    assert _revisions(db) == 0  # nothing applied before the confirmation
    fields = dict(re.findall(r'name="(packed|format|base:[^"]+|take:[^"]+)" value="([^"]*)"', preview.text))
    response = _post(fr_editor, "/en/staff/content/fr/import/confirm", publish="yes", **fields)
    assert response.status_code == 303
    assert head(db, TITLE, "fr").text == "Titre venu du fichier"
    assert "The file is imported." in fr_editor.get(response.headers["location"]).text


def test_import_confirm_is_refused_when_a_text_changed_since_the_preview(fr_editor, db):
    po = fr_editor.get("/en/staff/content/fr/export?format=po").content
    french = get_library().step("fr", 1).title
    changed = po.replace(f'msgstr "{french}"'.encode(), b'msgstr "Titre du fichier"')
    preview = fr_editor.post("/en/staff/content/fr/import", data={"csrf_token": csrf_token(fr_editor)},
                             files={"file": ("fr.po", changed)})
    fields = dict(re.findall(r'name="(packed|format|base:[^"]+|take:[^"]+)" value="([^"]*)"', preview.text))
    with writing(db):
        save(db, TITLE, "fr", "Changé entre-temps", "colleague", None, publish=True)
    response = _post(fr_editor, "/en/staff/content/fr/import/confirm", **fields)
    assert response.status_code == 409
    assert "Check the new preview" in response.text
    assert head(db, TITLE, "fr").text == "Changé entre-temps"


def test_a_bad_file_is_rejected_whole_with_an_error_per_entry(fr_editor, db):
    po = fr_editor.get("/en/staff/content/fr/export?format=po").content.decode()
    french = get_library().step("fr", 1).title
    bad = po.replace(f'msgstr "{french}"', 'msgstr "Bon titre"')
    bad += '\nmsgctxt "step/99/nothing"\nmsgid "Ghost"\nmsgstr "Fantôme"\n'
    bad = bad.replace(f'msgstr "{get_library().step("fr", 2).title}"', f'msgstr "{"x" * 400}"')
    response = fr_editor.post("/en/staff/content/fr/import", data={"csrf_token": csrf_token(fr_editor)},
                              files={"file": ("fr.po", bad.encode())})
    assert response.status_code == 422
    errors = element(response.text, "entry-errors")
    assert "step/99/nothing" in errors and "There is no text with this name." in errors
    assert "step/2/title" in errors and "the most allowed is 300" in errors
    assert "2 entries have a problem" in response.text
    assert _revisions(db) == 0
    garbage = fr_editor.post("/en/staff/content/fr/import", data={"csrf_token": csrf_token(fr_editor)},
                             files={"file": ("fr.xlf", b"<not xml")})
    assert garbage.status_code == 422 and "not an XLIFF file we can read" in garbage.text


def test_import_pages_answer_in_the_interface_language(fr_editor):
    response = fr_editor.post("/fr/staff/content/fr/import", data={"csrf_token": csrf_token(fr_editor, "fr")})
    assert response.status_code == 422
    assert '<html lang="fr"' in response.text
    assert "Choose a PO or XLIFF file." not in response.text  # translated


# --- nothing typed in the editor runs on a job seeker's page ------------------------------------------------------


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    ("javascript:", "data:text")):
                self.problems.append(f"{tag} {name}={value}")
        if tag in ("script", "iframe", "object", "embed") and not dict(attrs).get("src", "").startswith("/static/"):
            self.problems.append(tag)

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script" and data.strip():
            self.problems.append("inline script")


def test_script_typed_in_the_editor_never_reaches_a_job_seekers_page(admin, make_client):
    body = (
        "Hello <script>alert('body')</script>\n\n"
        "<img src=x onerror=\"alert('img')\">\n\n"
        "[click me](javascript:alert('link')) and [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
        "<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">raw</a>"
    )
    title = "<script>alert('title')</script><svg onload=alert(1)>"
    assert _post(admin, _url("en", "item", BODY), text=body, base="", action="publish").status_code == 303
    assert _post(admin, _url("en", "item"), text=title, base="", action="publish").status_code == 303
    seeker = make_client()
    start_journey(seeker, "en")
    page = seeker.get("/en/steps/1")
    assert page.status_code == 200
    assert "alert(&#39;title&#39;)" in page.text or "alert(&#x27;title&#x27;)" in page.text  # shown, as text
    scan = _Scan()
    scan.feed(page.text)
    assert scan.problems == []
    # the editor's own preview is sanitised the same way
    preview = admin.post(_url("en", "preview", BODY), headers={"HX-Request": "true"},
                         data={"csrf_token": csrf_token(admin), "text": body})
    scan = _Scan()
    scan.feed(preview.text)
    assert scan.problems == []


def test_an_import_is_read_off_the_event_loop_and_words_its_errors_in_the_page_language(fr_editor, monkeypatch):
    """A large file takes seconds to read and compare: on the event loop it froze every other request."""
    import asyncio

    from guide.editor import routes

    loops: list[bool] = []
    real = routes.preview_import

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            asyncio.get_running_loop()
            loops.append(True)
        except RuntimeError:
            loops.append(False)
        return real(*args, **kwargs)

    monkeypatch.setattr(routes, "preview_import", spy)
    po = fr_editor.get("/en/staff/content/fr/export?format=po").content
    assert fr_editor.post("/en/staff/content/fr/import", data={"csrf_token": csrf_token(fr_editor)},
                          files={"file": ("fr.po", po)}).status_code == 200
    assert loops == [False]
    garbage = fr_editor.post("/fr/staff/content/fr/import", data={"csrf_token": csrf_token(fr_editor, "fr")},
                             files={"file": ("fr.xlf", b"<not xml")})
    assert garbage.status_code == 422 and "not an XLIFF file we can read" not in garbage.text
