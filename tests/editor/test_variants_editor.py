"""Country variants in the editor: listed under the default text, added for a country that has centres (the
default text prefilled), published to that country's job seekers only, and counted in the translation status."""

from __future__ import annotations

import html

import pytest

from guide.content import revisions as rev
from guide.content.items import get_catalog
from guide.core.db import writing
from guide.core.i18n import set_locale
from guide.editor import translation_status as ts
from tests.conftest import csrf_token, start_journey
from tests.editor.test_routes_editor import admin, fr_editor  # noqa: F401 - fixtures

COSTS = "step/4/checklist/costs"


@pytest.fixture(autouse=True)
def _english():
    set_locale("en")


def test_the_editor_lists_a_step_texts_variants_and_offers_one_per_country_with_centres(fr_editor):  # noqa: F811
    page = html.unescape(fr_editor.get("/en/staff/content/fr/item/step/6/summary").text)
    assert "Country variants" in page
    assert 'href="/en/staff/content/fr/item/step/6/summary@BE">Variant for Belgium<' in page
    assert 'href="/en/staff/content/fr/item/step/6/summary@GB">Variant for United Kingdom<' in page
    assert 'href="/en/staff/content/fr/item/step/6/summary@FR">Add a variant for France<' in page
    dutch = html.unescape(fr_editor.get("/nl/staff/content/fr/item/step/6/summary").text)
    assert "Variant voor België" in dutch  # the country named by Babel, in the page's language
    french = html.unescape(fr_editor.get("/fr/staff/content/fr/item/step/6/summary").text)
    assert "Version Belgique" in french and "Ajouter la version France" in french


def test_a_variant_page_names_its_country_and_links_to_the_default(fr_editor):  # noqa: F811
    page = html.unescape(fr_editor.get("/en/staff/content/fr/item/step/6/summary@BE").text)
    assert "Variant for Belgium" in page and "Le néerlandais, l’informatique" in page
    assert 'href="/en/staff/content/fr/item/step/6/summary">The default text<' in page
    assert "Country variants" not in page  # a variant has no variants


def test_only_step_texts_and_countries_with_centres_have_variants(fr_editor):  # noqa: F811
    assert fr_editor.get("/en/staff/content/fr/item/step/6/summary@NL").status_code == 404  # no centre there
    assert fr_editor.get("/en/staff/content/fr/item/step/6/summary@be").status_code == 404
    assert fr_editor.get("/en/staff/content/fr/item/sector/care/name@BE").status_code == 404
    assert fr_editor.get("/en/staff/content/fr/item/step/6/summary@BE@FR").status_code == 404


def test_an_editor_adds_a_variant_that_only_that_countrys_job_seekers_read(fr_editor, make_client, db):  # noqa: F811
    new = html.unescape(fr_editor.get(f"/en/staff/content/fr/item/{COSTS}@BE").text)
    default = get_catalog().file_text(COSTS, "fr")
    assert 'id="variant-prefilled"' in new and f">{default}</textarea>" in new  # the default text, to change
    text = "Demandez au VDAB s’il rembourse une partie de vos trajets."
    response = fr_editor.post(f"/en/staff/content/fr/item/{COSTS}@BE", data={
        "csrf_token": csrf_token(fr_editor), "text": text, "base": "", "action": "publish"})
    assert response.status_code == 303
    kortrijk, grande_synthe, english = make_client(), make_client(), make_client()
    start_journey(kortrijk, "fr", centre="kortrijk")
    start_journey(grande_synthe, "fr", centre="grande-synthe")
    start_journey(english, "en", centre="kortrijk")
    assert html.escape(text) in kortrijk.get("/fr/steps/4").text
    assert html.escape(text) not in grande_synthe.get("/fr/steps/4").text
    assert html.escape(text) not in english.get("/en/steps/4").text  # a French variant is not for English pages
    # listed now as the variant, and in the status under its default text
    editor_page = html.unescape(fr_editor.get(f"/en/staff/content/fr/item/{COSTS}").text)
    assert f'href="/en/staff/content/fr/item/{COSTS}@BE">Variant for Belgium<' in editor_page
    status = html.unescape(fr_editor.get("/en/staff/content?group=step/4&lang=fr").text)
    assert f"{COSTS}@BE</code><span class=\"cell-note\">Variant for Belgium<" in status
    assert status.index(f"<code class=\"item-key\">{COSTS}</code>") < status.index(f"{COSTS}@BE</code>")


def test_the_translation_status_counts_variants_in_the_languages_that_have_them(db):
    items = [s for s in ts.statuses(db) if s.key == "step/6/body@BE"]
    by_lang = {s.locale: s.status for s in items}
    # English (the source) and French have a variant for Belgium; Dutch reads its own default there
    assert by_lang == {"en": ts.UP_TO_DATE, "fr": ts.UP_TO_DATE, "nl": ts.NO_VARIANT}
    before = {s.locale: s for s in ts.summarise(ts.statuses(db))}
    with writing(db):  # the English variant changes: the French one needs review
        rev.save(db, "step/6/body@BE", "en", "## Dutch\n\nLearn Dutch.", "ann", None, publish=True)
    fr = next(s for s in ts.statuses(db, ["fr"]) if s.key == "step/6/body@BE")
    assert fr.status == ts.NEEDS_REVIEW and fr.old_source_text and "Huis van het Nederlands" in fr.old_source_text
    after = {s.locale: s for s in ts.summarise(ts.statuses(db))}
    assert after["fr"].needs_review == before["fr"].needs_review + 1
    assert after["nl"] == before["nl"]  # Dutch has no variant for Belgium: nothing changed for it
    with writing(db):  # a Dutch variant made in the browser is counted for Dutch from then on
        rev.save(db, "step/1/title@FR", "nl", "Jouw talenten in Frankrijk", "an", None, publish=True)
    nl = {s.locale: s for s in ts.summarise(ts.statuses(db))}["nl"]
    assert nl.total == before["nl"].total + 1
