"""Every audit page and download in Dutch and French holds no English sentence: a text the catalogue translates but
the code looks up wrongly (a plural marked as two texts, a msgid built at run time) falls back to English, and
shows here as a sentence the English page has too."""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from guide.audit_pages.places import get_places
from tests.conftest import make_staff, sign_in_staff
from tests.skills_audit.factories import release, respondent, survey

ROOT = Path(__file__).resolve().parents[2]
QUERY = "region=BE254&sector=care&period=2026"
PAGES = (
    "", "/needs", "/needs/new", "/needs/import", "/indicators", "/report", f"/report?{QUERY}",
    "/report?region=XX&sector=bakery&period=1999", "/report?region=BE254&sector=care&period=2025",
)
MIN_WORDS = 3  # shorter runs are names, figures and words both languages share ("Kortrijk", "CSV", "XLSX")


@pytest.fixture
def analyst(client, db):  # noqa: ANN001, ANN201
    for i in range(12):
        respondent(db, "kortrijk", "care", {"teamwork": 3 if i < 9 else 2, "reliability": 4, "learning": 1})
    for _ in range(6):  # Medway side by side, shown
        respondent(db, "medway", "care", {"teamwork": 1})
    survey(db, "BE254", "care", {"teamwork": (3, 3), "reliability": (4, 2), "learning": (2, 1)}, vacancies=4)
    return sign_in_staff(client, db, make_staff(db, "ana-analyst", ("analyst",)))


def _page_texts(html: str) -> set[str]:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    texts = {unescape(t) for t in re.split(r"<[^>]+>", html)}
    texts |= {unescape(v) for v in re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', html)}
    return {" ".join(t.split()) for t in texts}


def _long(texts: set[str]) -> set[str]:
    """Runs of words long enough to be a sentence or a label, less the partners' own names (one in every language)."""
    names = set(get_places().partners())
    return {t for t in texts if len(re.findall(r"[A-Za-z]{2,}", t)) >= MIN_WORDS and t not in names}


def _download_texts(client, locale: str, fmt: str) -> set[str]:  # noqa: ANN001
    response = client.get(f"/{locale}/staff/audit/report/download/{fmt}?{QUERY}")
    assert response.status_code == 200
    if fmt == "xlsx":
        rows = load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
        return {str(c) for r in rows for c in r if c is not None}
    text = response.content.decode("utf-8-sig")
    return {c for r in csv.reader(io.StringIO(text), csv.Sniffer().sniff(text[:2000], ";,")) for c in r}


@lru_cache
def _english_fragments(locale: str) -> frozenset[str]:
    """The fixed parts (between placeholders) of every English text of the catalogues that `locale` translates
    differently: found in a Dutch or French page, they are English that slipped through, names filled in or not."""
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=locale)
    fragments = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            if text in strings:
                continue
            for part in re.split(r"%\(\w+\)s", text):
                part = " ".join(part.split())
                if len(re.findall(r"[A-Za-z]{2,}", part)) >= MIN_WORDS:
                    fragments.add(part)
    return frozenset(fragments)


def _english_in(texts: set[str], english_texts: set[str], locale: str) -> set[str]:
    """What of `texts` is English: a text also on the English page, or one holding an English catalogue text."""
    found = _long(english_texts) & texts
    joined = "\n".join(texts)
    found |= {part for part in _english_fragments(locale) if part in joined}
    return found


@pytest.mark.parametrize("locale", ["nl", "fr"])
def test_no_english_sentence_on_any_audit_page(analyst, db, locale):
    for path in (f"/report?{QUERY}", None, *PAGES):  # the report before its release, then every page after it
        if path is None:
            release(db)
            continue
        english = _page_texts(analyst.get(f"/en/staff/audit{path}").text)
        assert _long(english), path  # the English page has sentences to compare with
        translated = _page_texts(analyst.get(f"/{locale}/staff/audit{path}").text)
        assert _english_in(translated, english, locale) == set(), path


@pytest.mark.parametrize("locale", ["nl", "fr"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_english_sentence_in_any_download(analyst, db, locale, fmt):
    release(db)
    english = _download_texts(analyst, "en", fmt)
    assert any("feel at ease" in t for t in english)  # the gap in words is in the download
    assert _english_in(_download_texts(analyst, locale, fmt), english, locale) == set()
