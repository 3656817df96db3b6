"""The staff pages read as written in each language: whole sentences from the catalogues, never a language name
glued to an article or a text joined to another with a hard-coded ": ", and French typography in French."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import make_staff, sign_in_staff
from tests.test_catalogues import french_typography_problems

ROOT = Path(__file__).resolve().parents[2]
STAFF_TEMPLATES = [
    *sorted((ROOT / "guide/staff/templates").rglob("*.html")),
    *sorted((ROOT / "guide/editor/templates").rglob("*.html")),
    *sorted((ROOT / "guide/audit_pages/templates").rglob("*.html")),
    ROOT / "guide/web/templates/base.html",
    ROOT / "guide/web/templates/macros.html",
]
# a printed value right before or after a : ; ? ! written in the template itself
# (a query string "?{{ query }}" or an attribute is no sentence: only punctuation with a space after it counts)
GLUED = re.compile(r"\}\}\s*[:;?!](?:\s|<|$)|(?:^|\s|>)[:;?!]\s*\{\{")
STAFF_PAGES = (
    "/staff/", "/staff/accounts", "/staff/accounts/new", "/staff/password", "/staff/caseload", "/staff/content",
    "/staff/content/fr/item/step/1/title", "/staff/content/fr/history/step/1/title", "/staff/content/fr/import",
    "/staff/content/en/import", "/staff/audit", "/staff/audit/needs", "/staff/audit/needs/new",
    "/staff/audit/needs/import", "/staff/audit/indicators", "/staff/audit/report",
    "/staff/audit/report?region=XX&sector=care&period=2026",
)
CHROME = re.compile(r"<(title|h1|h2|h3|label|legend|button|th|dt|p class=\"hint\"[^>]*)>(.*?)</", re.S)


@pytest.mark.parametrize("path", STAFF_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_staff_template_joins_texts_with_its_own_punctuation(path):
    text = re.sub(r"\{%.*?%\}", "", path.read_text())  # tags, not output
    assert GLUED.findall(text) == []


@pytest.fixture
def admin(client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(client, db, make_staff(db, "ada-admin", ("admin", "coach", "analyst", "editor"),
                                                languages=("fr", "nl", "en")))


def test_french_staff_pages_follow_french_typography_and_name_languages_in_sentences(admin):
    for path in STAFF_PAGES:
        response = admin.get(f"/fr{path}")
        assert response.status_code in (200, 422), path
        for _tag, inner in CHROME.findall(response.text):
            words = re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", inner))).strip()  # U+202F stays
            assert french_typography_problems(words) == [], (path, words)
        assert not re.search(r"\b(le|la|les) (Anglais|Français|Néerlandais|anglais|français|néerlandais)\b",
                             response.text), path


@pytest.mark.parametrize(("path", "heading"), [
    ("/staff/content/fr/item/step/1/title", "Modifier le texte en français"),
    ("/staff/content/en/import", "Exporter et importer les textes en anglais"),
    ("/staff/content/nl/history/step/1/title", "Historique du texte en néerlandais"),
])
def test_french_headings_are_whole_sentences(admin, path, heading):
    assert f"<h1>{heading}</h1>" in admin.get(f"/fr{path}").text


def test_a_french_error_title_is_one_sentence(admin):
    html = admin.get("/fr/staff/audit/report?region=XX&sector=care&period=2026").text
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith("Erreur\u202f: Rapport")
