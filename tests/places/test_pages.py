"""The admins' places pages: who may do what, bad input field by field (422, nothing stored, what was typed kept),
two admins saving one version (409), and a new centre wherever centres are chosen, without a restart."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from guide.places.models import PlaceCentre, PlacePartner, PlaceRegion
from tests.conftest import csrf_token, make_staff, sign_in_staff, start_journey

NEW_CENTRE = {"id": "chatham-docks", "partner": "Medway Council", "country": "GB", "region": "UKJ41",
              "timezone": "Europe/London", "official_languages": "en", "learn_language": "en",
              "neighbourhoods": "Chatham\r\nGillingham", "name-en": "Chatham Docks", "name-nl": "", "name-fr": ""}


@pytest.fixture
def everyone(make_client, db):  # noqa: ANN001, ANN201
    """An admin of all partners (of Stad Kortrijk)."""
    return sign_in_staff(make_client(), db, make_staff(db, "all-admin", ("admin",), partner="Stad Kortrijk",
                                                       all_partners=True))


@pytest.fixture
def medway(make_client, db):  # noqa: ANN001, ANN201
    """An admin of one partner: Medway Council."""
    return sign_in_staff(make_client(), db, make_staff(db, "medway-admin", ("admin",)))


def post(client, path: str, data: dict[str, str]):  # noqa: ANN001, ANN201
    return client.post(path, data={**data, "csrf_token": csrf_token(client)})


def test_an_all_partners_admin_adds_a_region_a_partner_and_a_centre_that_job_seekers_can_choose(everyone, client,
                                                                                                 db):  # noqa: ANN001
    added = post(everyone, "/en/staff/places/regions", {"code": "be255", "country": "be", "name-nl": "Oostende",
                                                        "name-en": "Ostend", "name-fr": "Ostende"})
    assert added.status_code == 303, added.text
    assert added.headers["location"] == "/en/staff/places/regions/BE255?done=added"
    added = post(everyone, "/en/staff/places/partners", {"id": "Stad Oostende", "name-nl": "Stad Oostende"})
    assert added.headers["location"] == "/en/staff/places/partners/Stad%20Oostende?done=added"
    assert everyone.get(added.headers["location"]).status_code == 200
    centre = {**NEW_CENTRE, "id": "oostende", "partner": "Stad Oostende", "country": "BE", "region": "BE255",
              "timezone": "Europe/Brussels", "official_languages": "nl", "learn_language": "nl",
              "name-nl": "Oostende", "name-en": "Ostend"}
    added = post(everyone, "/en/staff/places/centres", centre)
    assert added.status_code == 303, added.text
    page = everyone.get("/en/staff/places").text
    assert "Ostend" in page and "Stad Oostende" in page
    assert 'value="oostende"' in client.get("/nl/").text  # the start page's choice, at once
    assert db.exec(select(PlaceRegion.country)).all() == ["BE"]
    assert db.exec(select(PlacePartner.id)).all() == ["Stad Oostende"]


def test_a_partner_admin_keeps_their_own_centres_only(medway, db):  # noqa: ANN001
    page = medway.get("/en/staff/places").text
    assert "/en/staff/places/centres/medway" in page and "/en/staff/places/centres/kortrijk" not in page
    assert "/en/staff/places/partners/new" not in page and "/en/staff/places/regions/new" not in page
    assert medway.get("/en/staff/places/centres/kortrijk").status_code == 404
    assert post(medway, "/en/staff/places/centres/kortrijk", {}).status_code == 404
    for path in ("/en/staff/places/partners/new", "/en/staff/places/regions/new", "/en/staff/places/regions/UKJ41",
                 "/en/staff/places/partners/Medway%20Council"):
        assert medway.get(path).status_code == 403
    assert post(medway, "/en/staff/places/partners", {"id": "Mine", "name-en": "Mine"}).status_code == 403
    assert post(medway, "/en/staff/places/regions", {"code": "UKJ42", "country": "GB"}).status_code == 403
    # a centre for another partner: refused, nothing stored
    refused = post(medway, "/en/staff/places/centres", {**NEW_CENTRE, "partner": "Stad Kortrijk"})
    assert refused.status_code == 422 and "Choose one of the partners." in refused.text
    assert post(medway, "/en/staff/places/centres", NEW_CENTRE).status_code == 303
    changed = post(medway, "/en/staff/places/centres/medway", {**NEW_CENTRE, "id": "ignored", "version": "0",
                                                               "name-en": "Medway towns"})
    assert changed.status_code == 303, changed.text
    assert sorted(db.exec(select(PlaceCentre.id)).all()) == ["chatham-docks", "medway"]


def test_editors_and_coaches_are_refused(make_client, db):  # noqa: ANN001
    for name, roles in (("an-editor", ("editor",)), ("a-coach", ("coach",))):
        who = sign_in_staff(make_client(), db, make_staff(db, name, roles, languages=("en",)))
        assert who.get("/en/staff/places").status_code == 403
        assert post(who, "/en/staff/places/centres", NEW_CENTRE).status_code == 403
    assert db.exec(select(PlaceCentre)).all() == []


@pytest.mark.parametrize(("field", "value", "message"), [
    ("region", "XX999", "There is no region “XX999”."),
    ("region", "BE254", "The region BE254 is in BE, not in GB."),
    ("timezone", "Europe/Atlantis", "There is no time zone “Europe/Atlantis”."),
    ("timezone", "", "There is no time zone"),
    ("official_languages", "en, xx", "Write language codes"),
    ("official_languages", "", "Write language codes"),
    ("learn_language", "english", "Write one language code"),
    ("id", "medway", "There is already a centre “medway”."),
    ("id", "Chatham Docks!", "Write a short id"),
    ("country", "GBR", "two-letter code"),
    ("neighbourhoods", "x" * 81, "Write at most 40 neighbourhoods"),
    ("name-en", "", "Write the name in at least one language."),
])
def test_bad_input_for_each_field_of_a_centre(everyone, db, field, value, message):  # noqa: ANN001
    answer = post(everyone, "/en/staff/places/centres", {**NEW_CENTRE, field: value})
    assert answer.status_code == 422
    anchor = "name-nl" if field == "name-en" else field  # no name at all: the first name field (Dutch) is the one
    assert message in answer.text and f'href="#{anchor}"' in answer.text  # the error summary leads to the field
    assert 'value="Chatham Docks"' in answer.text or field == "name-en"  # what was typed is kept
    assert 'value="Europe/London"' in answer.text or field == "timezone"
    assert db.exec(select(PlaceCentre)).all() == []


def test_bad_input_is_worded_in_the_page_language(everyone):  # noqa: ANN001
    nl = post(everyone, "/nl/staff/places/centres", {**NEW_CENTRE, "timezone": "Mars/Olympus"})
    fr = post(everyone, "/fr/staff/places/centres", {**NEW_CENTRE, "timezone": "Mars/Olympus"})
    assert nl.status_code == fr.status_code == 422
    assert "There is no time zone" not in nl.text and "Mars/Olympus" in nl.text
    assert "There is no time zone" not in fr.text and "Mars/Olympus" in fr.text


@pytest.mark.parametrize(("data", "message"), [
    ({"code": "B", "country": "BE"}, "two letters, then up to five letters or digits"),
    ({"code": "BE254", "country": "BE"}, "There is already a region “BE254”."),
    ({"code": "FRE12", "country": "BE"}, "The code FRE12 is a region of FR, not of BE."),
    ({"code": "BE256", "country": "Belgium"}, "two-letter code"),
])
def test_bad_input_for_a_region(everyone, db, data, message):  # noqa: ANN001
    answer = post(everyone, "/en/staff/places/regions", {**data, "name-en": "Somewhere"})
    assert answer.status_code == 422 and message in answer.text and 'value="Somewhere"' in answer.text
    assert db.exec(select(PlaceRegion)).all() == []


@pytest.mark.parametrize(("pid", "message"), [
    ("Medway Council", "There is already a partner “Medway Council”."),
    ("", "as staff accounts name it, such as"),
    ("a/b", "no “/”"),
])
def test_bad_input_for_a_partner(everyone, db, pid, message):  # noqa: ANN001
    answer = post(everyone, "/en/staff/places/partners", {"id": pid, "name-en": "Kept"})
    assert answer.status_code == 422 and message in answer.text and 'value="Kept"' in answer.text
    assert db.exec(select(PlacePartner)).all() == []


def test_two_admins_saving_one_version_the_second_gets_409_with_what_they_typed(everyone, medway,
                                                                                db):  # noqa: ANN001
    for who, name in ((medway, "Medway first"), (everyone, "Medway second")):
        answer = post(who, "/en/staff/places/centres/medway", {**NEW_CENTRE, "version": "0", "name-en": name})
        if who is medway:
            assert answer.status_code == 303
    assert answer.status_code == 409
    assert 'value="Medway second"' in answer.text and 'name="version" value="1"' in answer.text
    assert db.exec(select(PlaceCentre.names)).all() == ['{"en": "Medway first"}']
    # saving again, from the version now saved, keeps theirs
    again = post(everyone, "/en/staff/places/centres/medway",
                 {**NEW_CENTRE, "version": "1", "name-en": "Medway second"})
    assert again.status_code == 303
    region = {"country": "GB", "name-en": "Medway", "version": "0"}
    assert post(everyone, "/en/staff/places/regions/UKJ41", region).status_code == 303
    assert post(everyone, "/en/staff/places/regions/UKJ41", region).status_code == 409
    partner = {"name-en": "Medway", "version": "0"}
    assert post(everyone, "/en/staff/places/partners/Medway%20Council", partner).status_code == 303
    assert post(everyone, "/en/staff/places/partners/Medway%20Council", partner).status_code == 409


def test_a_job_seeker_at_a_centre_with_neighbourhoods_may_say_which_one_change_it_or_not_say(client, db):  # noqa: ANN001
    from guide.journeys.models import Journey

    start_journey(client, centre="kortrijk")
    steps = client.get("/en/steps").text
    assert "/en/neighbourhood" in steps
    page = client.get("/en/neighbourhood")
    assert page.status_code == 200 and "Overleie" in page.text and "rather not say" in page.text
    assert post(client, "/en/neighbourhood", {"neighbourhood": "Heule"}).status_code == 303
    assert db.exec(select(Journey.neighbourhood)).all() == ["Heule"]
    assert re.search(r'value="Heule" id="neighbourhood-\d+" checked', client.get("/en/neighbourhood").text)
    refused = post(client, "/en/neighbourhood", {"neighbourhood": "Atlantis"})  # not one of the centre's
    assert refused.status_code == 422 and "Choose your neighbourhood from the list" in refused.text
    db.expire_all()
    assert db.exec(select(Journey.neighbourhood)).all() == ["Heule"]
    assert post(client, "/en/neighbourhood", {"neighbourhood": ""}).status_code == 303  # I'd rather not say
    db.expire_all()
    assert db.exec(select(Journey.neighbourhood)).all() == [""]


def test_a_centre_without_neighbourhoods_asks_nothing(client):  # noqa: ANN001
    start_journey(client, centre="medway")
    assert "/en/neighbourhood" not in client.get("/en/steps").text
    assert client.get("/en/neighbourhood").headers["location"] == "/en/steps"


def test_the_directory_filters_by_neighbourhood_with_the_whole_centres_entries_too(client, db):  # noqa: ANN001
    from dataclasses import replace

    from tests.directory.factories import CHILDCARE, add_service

    for place, name in (("Heule", "Heule desk"), ("Marke", "Marke desk"), ("", "Town desk")):
        add_service(db, "kortrijk", replace(CHILDCARE, neighbourhood=place, names={**CHILDCARE.names, "en": name}))
    every = client.get("/en/directory/kortrijk").text
    assert all(name in every for name in ("Heule desk", "Marke desk", "Town desk"))
    assert '<option value="Heule">Heule</option>' in every
    heule = client.get("/en/directory/kortrijk?neighbourhood=Heule").text
    assert "Heule desk" in heule and "Town desk" in heule and "Marke desk" not in heule
    assert "Marke desk" in client.get("/en/directory/kortrijk?neighbourhood=Nowhere").text  # filters nothing
