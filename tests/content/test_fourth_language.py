"""A fourth language takes configuration and translations only: here Arabic, which reads right to left.

The test builds a content/ and locales/ tree in a temporary folder with an Arabic catalogue and one partly
translated step, lists "ar" in the settings, and walks a journey: no code knows about Arabic."""

import shutil

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from guide.app import create_app
from guide.content import items as content_items
from guide.content import revisions as rev
from guide.core import i18n
from guide.core.db import writing
from guide.core.settings import REPO_ROOT, get_settings
from guide.editor import translation_status as ts
from tests.conftest import start_journey

ARABIC_TITLE = "اختر هدفًا"


@pytest.fixture
def arabic(tmp_path, monkeypatch, db_engine):
    content = tmp_path / "content"
    shutil.copytree(REPO_ROOT / "content", content)
    step = (content / "steps/en/03-goal.md").read_text(encoding="utf-8")
    head = step.split("---")[1]
    slug_lines = [line for line in head.splitlines() if line.startswith(("step:", "slug:"))]
    (content / "steps/ar").mkdir()
    (content / "steps/ar/03-goal.md").write_text(
        "---\n" + "\n".join(slug_lines) + f'\ntitle: "{ARABIC_TITLE}"\n---\n', encoding="utf-8")
    locales = tmp_path / "locales"
    shutil.copytree(REPO_ROOT / "locales", locales)
    catalog = Catalog(locale="ar")
    catalog.add("Back to the ten steps", "العودة إلى الخطوات العشر")
    catalog.add("Start", "ابدأ")
    (locales / "ar/LC_MESSAGES").mkdir(parents=True)
    with (locales / "ar/LC_MESSAGES/messages.po").open("wb") as f:
        write_po(f, catalog)
    settings = get_settings()
    monkeypatch.setattr(settings, "content_dir", content)
    monkeypatch.setattr(settings, "locales_dir", locales)
    monkeypatch.setattr(settings, "languages", ["nl", "fr", "en", "ar"])
    i18n._by_locale.clear()
    content_items._cached_catalog.cache_clear()
    yield
    i18n._by_locale.clear()
    content_items._cached_catalog.cache_clear()


def test_arabic_by_configuration_and_translations_only(arabic, db_engine, db):
    from fastapi.testclient import TestClient

    app = create_app(db_engine)
    with TestClient(app, follow_redirects=False) as client:
        assert 'href="/ar/"' in client.get("/en/").text  # offered in the language menu
        start_journey(client, "ar", centre="kortrijk")
        page = client.get("/ar/steps/3").text
        assert '<html lang="ar" dir="rtl">' in page
        assert "العودة إلى الخطوات العشر" in page  # the UI catalogue
        assert f"<h1>{ARABIC_TITLE}</h1>" in page  # in the page's language: no lang of its own
        assert '<div class="prose" lang="en" dir="ltr">' in page  # the English fallback, marked as such

        # an editor translates a checklist action into Arabic: the same domain as for any language
        i18n.set_locale("en")
        with writing(db):
            rev.save(db, "step/3/checklist/explore", "ar", "اقرأ عن القطاعات.", "amal", None, publish=True)
        page = client.get("/ar/steps/3").text
        assert '<label for="tick-explore" id="tick-explore-label">اقرأ عن القطاعات.</label>' in page
        assert '<label for="tick-talk-to-worker" id="tick-talk-to-worker-label" lang="en" dir="ltr">' in page
    summary = {s.locale: s for s in ts.summarise(ts.statuses(db))}["ar"]
    assert (summary.up_to_date, summary.missing) == (2, summary.total - 2)
