"""Centres, regions and partners from the database over the files: a new one appears, an override replaces the
file's, at once (the content token), in the library, the audit's places and on the start page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from guide.audit_pages.places import get_places
from guide.content.library import get_library
from guide.content.revisions import use_database, use_overlay
from guide.core.db import writing
from guide.directory.service import add_entry, check_entry
from guide.journeys.models import Journey
from guide.places.service import CentreInput, check_centre, save_centre, save_partner, save_region
from tests.conftest import start_journey
from tests.directory.factories import CHILDCARE

HARBOUR = CentreInput(id="chatham-docks", partner="Medway Council", country="GB", region="UKJ41",
                      timezone="Europe/London", official_languages="en", learn_language="en",
                      neighbourhoods="Chatham\nGillingham\n", names={"en": "Chatham Docks", "nl": "Chatham-dokken"})


@pytest.fixture(autouse=True)
def overlay(db_engine):  # noqa: ANN001, ANN201
    """get_library() reads the test database's places, as a request of the app does."""
    use_database(db_engine)
    yield
    use_overlay(None)


def add_centre(db, typed: CentreInput = HARBOUR, based_on: int | None = None) -> None:  # noqa: ANN001
    clean = check_centre(typed, get_library(), [typed.partner], new=based_on is None)
    with writing(db):
        save_centre(db, clean, based_on, "admin")


def test_a_centre_added_in_the_database_is_everywhere_at_once(app, client, db):  # noqa: ANN001
    assert "chatham-docks" not in get_library().centres
    assert "chatham-docks" not in get_places().centres
    add_centre(db)
    centre = get_library().centres["chatham-docks"]
    assert centre.neighbourhoods == ("Chatham", "Gillingham")
    assert (centre.official_languages, centre.learn_language, centre.default_language) == (("en",), "en", "en")
    assert get_places().centres["chatham-docks"].region == "UKJ41"
    assert "chatham-docks" in get_places().centres_of_partner("Medway Council")
    # and a job seeker may start there: the start page offers it, and starting picks it
    start = client.get("/en/")
    assert 'value="chatham-docks"' in start.text and "Chatham Docks" in start.text
    start_journey(client, centre="chatham-docks")
    assert db.exec(select(Journey.centre_id)).all() == ["chatham-docks"]


def test_an_override_replaces_a_file_centre_and_keeps_its_description(app, db):  # noqa: ANN001
    before = get_library().centres["medway"]
    add_centre(db, CentreInput(id="medway", partner="Medway Council", country="GB", region="UKJ41",
                               timezone="Europe/London", official_languages="en", learn_language="en",
                               neighbourhoods="Strood", names={"en": "Medway (new)"}), based_on=0)
    after = get_library().centres["medway"]
    assert after.name("en") == "Medway (new)" and after.neighbourhoods == ("Strood",)
    assert after.descriptions == before.descriptions
    assert get_places().centre_name("medway", "en") == "Medway (new)"


def test_regions_and_partners_added_are_known_to_the_library_and_the_audit(app, db):  # noqa: ANN001
    with writing(db):
        save_region(db, "BE255", "BE", {"nl": "Oostende", "en": "Ostend"}, None, "admin")
        save_partner(db, "Stad Oostende", {"nl": "Stad Oostende"}, None, "admin")
    library = get_library()
    assert library.regions["BE255"].name("en") == "Ostend" and library.regions["BE255"].country == "BE"
    assert "Stad Oostende" in library.partners and "Medway Council" in library.partners
    add_centre(db, CentreInput(id="oostende", partner="Stad Oostende", country="BE", region="be255",
                               timezone="Europe/Brussels", official_languages="nl", learn_language="nl",
                               names={"nl": "Oostende"}))
    places = get_places()
    assert places.region_name("BE255", "en") == "Ostend"
    assert places.centres_in_region("BE255") == ("oostende",)


def test_the_files_alone_still_give_every_centre():
    use_overlay(None)
    library = get_library()
    assert {"kortrijk", "medway", "grande-synthe", "great-yarmouth"} <= set(library.centres)
    assert library.regions["BE254"].country == "BE" and library.regions["UKJ41"].country == "GB"
    assert library.centres["kortrijk"].official_languages == ("nl",)


def test_export_writes_database_centres_and_regions_back_to_files_the_loader_reads(db, tmp_path):  # noqa: ANN001
    import shutil

    from guide.content.library import load_files
    from guide.places.exchange import export_places

    content = tmp_path / "content"
    shutil.copytree(get_library_dir(), content)
    with writing(db):
        save_region(db, "BE255", "BE", {"nl": "Oostende"}, None, "admin")
    add_centre(db)
    add_centre(db, CentreInput(id="medway", partner="Medway Council", country="GB", region="UKJ41",
                               timezone="Europe/London", official_languages="en", learn_language="en",
                               names={"en": "Medway (new)"}), based_on=0)
    written = {p.relative_to(content).as_posix() for p in export_places(db, content)}
    assert {"centres/chatham-docks.yml", "centres/chatham-docks.en.yml", "centres/medway.en.yml",
            "audit/regions.yml"} <= written
    files = load_files(content)
    assert files.centres["chatham-docks"].neighbourhoods == ("Chatham", "Gillingham")
    assert files.centres["chatham-docks"].names["nl"] == "Chatham-dokken"
    assert files.centres["medway"].names["en"] == "Medway (new)"
    assert files.centres["medway"].descriptions["en"]  # the file's description is kept
    assert files.regions["BE255"].names == {"nl": "Oostende"} and "BE254" in files.regions
    assert export_places(db, content) == []  # nothing changed since


def get_library_dir():  # noqa: ANN201
    from guide.core.settings import get_settings

    return get_settings().content_dir


def test_a_database_centres_directory_writes_phone_numbers_as_its_country_does(app, db):  # noqa: ANN001
    """A service at a centre only the database has: its phone number shown the British way (the centre's country),
    not as the international number stored."""
    add_centre(db)
    centre = get_library().centres["chatham-docks"]
    typed = replace(CHILDCARE, phone="01634 306000", address="1 High St, Chatham")
    with writing(db):
        add_entry(db, centre, check_entry(typed, centre, ("nl", "fr", "en")), "tester", date.today())
    shown = get_library().centres["chatham-docks"].directory[0]
    assert (shown.phone, shown.phone_display) == ("+441634306000", "01634 306000")
