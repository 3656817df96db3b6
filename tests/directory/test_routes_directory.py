"""The directory's pages: editors add, change and check their own centres' entries (bad input and conflicts are
422 / 409 with everything typed kept and nothing stored); job seekers see them on the step page, in My plan and on
the centre's directory page, at that centre only."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import select

from guide.directory.models import DirectoryEntry, DirectoryRevision, DirectoryText
from tests.conftest import csrf_token, make_staff, sign_in_staff, start_journey
from tests.directory.factories import CHILDCARE, add_service

NEW = {
    "centre": "kortrijk", "kind": "debt_advice", "themes": ["money"], "steps": ["2"],
    "name-fr": "Conseil en dettes", "text-fr": "Un conseiller vous aide à faire le point sur vos dettes.",
    "address": "Grote Markt 1, 8500 Kortrijk", "phone": "056 27 80 00", "hours-tue": "09:00-12:00",
    "website": "https://www.example.org/dettes", "languages": ["nl", "fr"], "free": "yes",
    "transport": "Bus 1, arrêt Grote Markt",
}


@pytest.fixture
def fr_editor(make_client, db):  # noqa: ANN001, ANN201
    account = make_staff(db, "kortrijk-fr", ("editor",), partner="Stad Kortrijk", languages=("fr",))
    return sign_in_staff(make_client(), db, account)


def _post(client, path, data, locale="fr"):  # noqa: ANN001, ANN201
    return client.post(f"/{locale}{path}", data={"csrf_token": csrf_token(client, locale), **data})


def test_a_french_editor_adds_a_service_that_french_job_seekers_at_that_centre_see(fr_editor, make_client, db):
    response = _post(fr_editor, "/staff/directory", NEW)
    assert response.status_code == 303, response.text
    entry = db.exec(select(DirectoryEntry)).one()
    assert (entry.centre_id, entry.phone, entry.hours, entry.source_locale) == (
        "kortrijk", "+3256278000", "tue 09:00-12:00", "fr")
    assert db.exec(select(DirectoryRevision.version)).all() == [1]
    kortrijk = make_client()
    start_journey(kortrijk, "fr", "kortrijk")
    step = kortrijk.get("/fr/steps/2").text
    assert "Conseil en dettes" in step and 'href="tel:+3256278000"' in step
    assert "https://www.openstreetmap.org/search?query=Grote+Markt+1%2C+8500+Kortrijk" in step
    assert "Conseil en dettes" not in kortrijk.get("/fr/steps/3").text  # shown on its own steps only
    elsewhere = make_client()
    start_journey(elsewhere, "fr", "grande-synthe")
    assert "Conseil en dettes" not in elsewhere.get("/fr/steps/2").text
    assert "Conseil en dettes" in kortrijk.get("/fr/directory/kortrijk").text
    assert "Conseil en dettes" not in kortrijk.get("/fr/directory/grande-synthe").text


@pytest.mark.parametrize(("field", "value", "words"), [
    ("phone", "12 34", "Indiquez un numéro de téléphone"),
    ("website", "www.example.org", "Indiquez une adresse web"),
    ("hours-tue", "le matin", "Écrivez les heures"),
    ("kind", "magic", "Choisissez le type"),
    ("themes", "weather", "Choisissez seulement des thèmes"),
])
def test_bad_input_is_422_in_the_pages_language_with_everything_typed_kept_and_nothing_stored(
        fr_editor, db, field, value, words):
    response = _post(fr_editor, "/staff/directory", {**NEW, field: value})
    assert response.status_code == 422
    assert words in response.text
    assert f'href="#{field}"' in response.text
    assert 'value="Conseil en dettes"' in response.text and "Bus 1, arrêt Grote Markt" in response.text
    assert db.exec(select(DirectoryEntry)).all() == []


def test_two_editors_changing_one_entry_the_second_gets_a_409_with_what_they_typed(fr_editor, make_client, db):
    entry_id = add_service(db)
    other = sign_in_staff(make_client(), db, make_staff(db, "kortrijk-fr2", ("editor",), partner="Stad Kortrijk",
                                                          languages=("fr",)))
    form = fr_editor.get(f"/fr/staff/directory/{entry_id}").text
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    changed = {**NEW, "version": version, "name-fr": "Guichet des enfants"}
    assert _post(other, f"/staff/directory/{entry_id}", {**changed, "phone": "056 27 80 01"}).status_code == 303
    late = _post(fr_editor, f"/staff/directory/{entry_id}", {**changed, "transport": "Bus 99"})
    assert late.status_code == 409
    assert "Quelqu’un d’autre a enregistré" in late.text
    assert 'value="Bus 99"' in late.text  # what they typed is kept
    assert db.get(DirectoryEntry, entry_id).phone == "+3256278001"  # the first save stands
    again = re.search(r'name="version" value="(\d+)"', late.text).group(1)
    assert _post(fr_editor, f"/staff/directory/{entry_id}", {**changed, "transport": "Bus 99",
                                                            "version": again}).status_code == 303
    assert db.get(DirectoryEntry, entry_id).transport == "Bus 99"


def test_an_editor_changes_only_their_languages_and_the_source_change_makes_translations_due(fr_editor, db):
    entry_id = add_service(db)  # Dutch is the source (Kortrijk's language); the French translation is up to date
    page = fr_editor.get(f"/fr/staff/directory/{entry_id}").text
    assert 'name="name-nl"' not in page and 'name="name-fr"' in page
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {**NEW, "version": version, "name-fr": "Nouveau nom", "name-nl": "Iets anders"}
    assert _post(fr_editor, f"/staff/directory/{entry_id}", data).status_code == 303
    texts = {t.locale: t.name for t in db.exec(select(DirectoryText).where(DirectoryText.entry_id == entry_id))}
    assert texts == {"nl": "Opvangloket", "fr": "Nouveau nom", "en": "Childcare desk"}


def test_the_list_flags_entries_not_checked_for_six_months_and_mark_checked_clears_it(fr_editor, db):
    old = add_service(db, today=date.today() - timedelta(days=200))
    add_service(db, today=date.today() - timedelta(days=100))
    page = fr_editor.get("/fr/staff/directory").text
    assert "1 fiche n’a pas été vérifiée depuis six mois." in page
    assert page.count("À vérifier") == 1
    assert _post(fr_editor, f"/staff/directory/{old}/checked", {}).status_code == 303
    assert db.get(DirectoryEntry, old).checked_on == date.today()
    assert "À vérifier" not in fr_editor.get("/fr/staff/directory").text


def test_another_partners_editor_neither_sees_nor_changes_the_entry(make_client, db):
    entry_id = add_service(db)
    medway = sign_in_staff(make_client(), db, make_staff(db, "medway-ed", ("editor",), languages=("en",)))
    assert medway.get(f"/en/staff/directory/{entry_id}").status_code == 404
    assert _post(medway, f"/staff/directory/{entry_id}/checked", {}, "en").status_code == 404
    assert "Childcare desk" not in medway.get("/en/staff/directory").text


def test_a_job_seeker_who_asks_help_with_childcare_sees_the_service_with_a_phone_link_in_my_plan(client, db):
    add_service(db)
    start_journey(client, "en", "kortrijk")
    saved = client.post("/en/barriers", data={"csrf_token": csrf_token(client), "barrier-childcare": "want_help"})
    assert saved.status_code == 303
    plan = client.get("/en/plan").text
    assert "Childcare desk" in plan and 'href="tel:+3256277400"' in plan and "056 27 74 00" in plan
    assert "Monday 09:00–12:00, 13:30–17:00" in plan
    assert 'href="/en/directory/kortrijk"' in plan


def test_the_directory_page_filters_by_words_theme_and_language_without_javascript(client, db):
    add_service(db)
    add_service(db, typed=replace(CHILDCARE, kind="housing", themes=("housing",), languages=("en",),
                                  names={"en": "Housing office"}, texts={"en": "Help to find a home."}))
    page = client.get("/en/directory/kortrijk").text
    assert "Childcare desk" in page and "Housing office" in page and 'method="get"' in page
    assert "Housing office" not in client.get("/en/directory/kortrijk?theme=childcare").text
    assert "Childcare desk" not in client.get("/en/directory/kortrijk?language=en").text
    assert "Childcare desk" not in client.get("/en/directory/kortrijk?q=housing").text
    assert "2 places found" in client.get("/en/directory/kortrijk?theme=made-up").text  # an unknown filter: none
    assert client.get("/en/directory/atlantis").status_code == 404
