"""Pictograms on the job seekers' pages and in the editor: shown beside the words (decorative, at least 48 px on the
steps and 32 px on items), chosen by an editor from the set, stored for every language, and refused off the set."""

from __future__ import annotations

import html
import re

import pytest
from sqlmodel import select

from guide.content.models import ContentPictogram
from tests.conftest import csrf_token, make_staff, sign_in_staff, start_journey

ITEM = "step/1/checklist/share"  # its default pictogram is "people" (content/pictograms.yml)


def _img(pictogram: str, size: int) -> str:
    return (rf'<img class="pictogram" src="/static/pictograms/{pictogram}\.svg\?v=\w+" alt="" aria-hidden="true" '
            rf'width="{size}" height="{size}">')


@pytest.fixture
def fr_editor(make_client, db):  # noqa: ANN001, ANN201
    return sign_in_staff(make_client(), db, make_staff(db, "fr-editor", ("editor",), languages=("fr",)))


def _choose(client, pictogram: str, key: str = ITEM, lang: str = "fr", locale: str = "en"):  # noqa: ANN001, ANN201
    return client.post(f"/{locale}/staff/content/{lang}/pictogram/{key}",
                       data={"csrf_token": csrf_token(client, locale), "pictogram": pictogram})


def test_steps_items_and_themes_show_their_pictogram_beside_the_words(job_seeker):
    steps = job_seeker.get("/en/steps").text
    assert re.search(_img("star", 48) + r"<div>\s*<a class=\"task-link\" href=\"/en/steps/1\"", steps)
    step = job_seeker.get("/en/steps/4").text
    assert re.search(r'<div class="heading-with-pictogram">' + _img("bus", 48) + r"<h1>Getting around</h1></div>", step)
    label = r'<label for="tick-bike" id="tick-bike-label">Check if cycling is an option'
    assert re.search(_img("bicycle", 32) + label, step)
    barriers = job_seeker.get("/en/barriers").text
    assert re.search(_img("id-card", 32) + r"<span>Papers and ID</span>", barriers)
    assert len(re.findall(r'class="pictogram"', barriers)) == 9


def test_every_page_credits_the_pictograms_in_its_language(client):
    assert "made by OpenMoji" in client.get("/en/").text
    assert "gemaakt door OpenMoji" in client.get("/nl/").text
    assert "faits par OpenMoji" in client.get("/fr/").text


def test_the_editor_offers_the_set_with_names_and_the_current_one_chosen(fr_editor):
    page = fr_editor.get(f"/fr/staff/content/fr/item/{ITEM}")
    assert page.status_code == 200
    assert page.text.count('name="pictogram"') >= 40
    assert re.search(r'value="people" id="pictogram-people" checked', page.text)
    assert re.search(_img("bus", 48) + r"<span>Bus</span>", page.text)
    assert "<span>Poignée de main</span>" in page.text  # names in the page's language
    body = fr_editor.get("/fr/staff/content/fr/item/step/1/body")
    assert 'name="pictogram"' not in body.text  # a body has no pictogram


def test_the_editors_choice_is_stored_and_shown_to_job_seekers_in_every_language(fr_editor, make_client, db):
    before = make_client()
    start_journey(before, "en")
    assert re.search(_img("people", 32) + r'<label for="tick-share"', before.get("/en/steps/1").text)  # shell cached
    response = _choose(fr_editor, "bus")
    assert response.status_code == 303
    assert response.headers["location"] == f"/en/staff/content/fr/item/{ITEM}?saved=pictogram"
    assert "The pictogram is saved." in fr_editor.get(response.headers["location"]).text
    assert [(r.item_key, r.pictogram, r.updated_by) for r in db.exec(select(ContentPictogram)).all()] == [
        (ITEM, "bus", "fr-editor")]
    assert re.search(_img("bus", 32) + r'<label for="tick-share"', before.get("/en/steps/1").text)  # a new shell
    for locale in ("nl", "en"):  # one choice for every language, the one edited and the others
        seeker = make_client()
        start_journey(seeker, locale)
        step = seeker.get(f"/{locale}/steps/1").text
        assert re.search(_img("bus", 32) + r'<label for="tick-share"', step)
    _choose(fr_editor, "handshake", key="step/1/title")
    seeker = make_client()
    start_journey(seeker, "en")
    assert re.search(_img("handshake", 48) + r"<div>\s*<a class=\"task-link\" href=\"/en/steps/1\"",
                     seeker.get("/en/steps").text)


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "Choose one of the pictograms in the list."),
    ("nl", "Kies een van de pictogrammen in de lijst."),
    ("fr", "Choisissez un des pictogrammes de la liste."),
])
def test_a_pictogram_off_the_set_is_refused_in_the_pages_language(fr_editor, db, locale, words):
    response = _choose(fr_editor, "unicorn", locale=locale)
    assert response.status_code == 422
    assert words in response.text
    assert 'href="#pictogram"' in response.text  # the error summary leads to the choice
    assert re.search(r'value="people" id="pictogram-people" checked', response.text)  # what was shown stays
    assert db.exec(select(ContentPictogram)).all() == []


def test_a_text_without_a_pictogram_or_another_language_is_refused(fr_editor, db):
    response = _choose(fr_editor, "bus", key="step/1/body")
    assert response.status_code == 422
    assert "Only a step's title and the things to do have a pictogram." in html.unescape(response.text)
    assert _choose(fr_editor, "bus", lang="nl").status_code == 403  # Dutch is not theirs
    assert _choose(fr_editor, "bus", key="step/1/nothing").status_code == 404
    assert db.exec(select(ContentPictogram)).all() == []
