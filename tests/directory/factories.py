"""Directory entries for tests, added as an editor would (checked, through the service)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from guide.content.library import get_files
from guide.core.db import writing
from guide.directory.service import EntryInput, add_entry, check_entry

CHILDCARE = EntryInput(
    kind="childcare", themes=("childcare",), steps=("2",), address="Budastraat 27, 8500 Kortrijk",
    phone="056 27 74 00", hours={"mon": "9:00-12:00, 13:30-17:00", "wed": "09:00-12:00"},
    website="https://www.example.org/opvang", languages=("nl", "fr"), free="yes", transport="Bus 12, stop Buda",
    names={"nl": "Opvangloket", "fr": "Guichet accueil enfants", "en": "Childcare desk"},
    texts={"nl": "Hulp bij kinderopvang.", "fr": "De l’aide pour la garde des enfants.",
           "en": "Help to find childcare."},
)


def add_service(db: Session, centre_id: str = "kortrijk", typed: EntryInput = CHILDCARE,
                today: date | None = None) -> int:
    centre = get_files().centres[centre_id]
    with writing(db):
        return add_entry(db, centre, check_entry(typed, centre, ("nl", "fr", "en")), "tester", today or date.today())
