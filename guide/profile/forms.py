"""The profile's and the CV's forms, read: each parser returns what was typed (the service checks it), or raises
Problems ({field: Message}) where the form alone says it will not do."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from starlette.datastructures import FormData

from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.profile.service import (
    EXPERIENCE,
    MAX_LANGUAGES,
    TRAINING,
    Details,
    EntryInput,
    LanguageRow,
    ProfileEdit,
    looks_like_markup,
)
from guide.web.forms import choice, is_yes, text

KEPT = 20_000  # what is kept of any typed field, to show again (the service says when it is too long)
MAX_PROFILE_LINES = 200


def read_profile(form: FormData) -> list[ProfileEdit]:
    """The lines in the order of the page: item-N-key, item-N-text, item-N-shown."""
    edits = []
    for index in range(MAX_PROFILE_LINES):
        key = text(form, f"item-{index}-key", 80)
        if not key:
            break
        edits.append(ProfileEdit(key, text(form, f"item-{index}-text", KEPT), is_yes(form, f"item-{index}-shown")))
    return edits


@dataclass(frozen=True)
class Move:
    index: int
    step: int  # -1 up, +1 down


def read_move(form: FormData) -> Move | None:
    """Which "move up" or "move down" button was pressed, if one was: "up-3", "down-0"."""
    match = re.fullmatch(r"(up|down)-([0-9]{1,3})", text(form, "move", 20))
    if not match:
        return None
    return Move(int(match.group(2)), -1 if match.group(1) == "up" else 1)


def read_section(form: FormData) -> str:
    """Which part of the CV a new line is for: experience (also for anything else sent) or training."""
    return choice(form, "section", (EXPERIENCE, TRAINING), EXPERIENCE)


def read_entry(form: FormData, section: str, kinds: Collection[str]) -> EntryInput:
    return EntryInput(
        section=section,
        kind=choice(form, "kind", kinds, "" if section != TRAINING else "course"),
        title=text(form, "title", KEPT),
        place=text(form, "place", KEPT),
        start_year=text(form, "start_year", 40),
        end_year=text(form, "end_year", 40),
        ongoing=is_yes(form, "ongoing"),
        description=text(form, "description", KEPT),
    )


def read_languages(form: FormData) -> list[LanguageRow]:
    return [LanguageRow(text(form, f"language-{i}-name", KEPT), text(form, f"language-{i}-level", 10))
            for i in range(MAX_LANGUAGES)]


def read_details(form: FormData) -> Details:
    return Details(text(form, "driving_licence", 20), text(form, "wanted_work", KEPT), text(form, "about", KEPT))


# --- the CV's contact details: read, checked and handed on; never stored, never logged -------------------------

MAX_NAME = 100
MAX_PHONE = 30
MAX_EMAIL = 120
MAX_ADDRESS = 200
_PHONE = re.compile(r"\+?[0-9 ()./-]{6,30}")
_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
FORMATS = ("page", "pdf", "docx")
CONTACT_FIELDS = ("name", "phone", "email", "address", "cv_lang")


@dataclass(frozen=True)
class Contact:
    """Who the CV is of and how to reach them: typed on the last page, used for that response alone."""

    name: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""

    def __repr__(self) -> str:  # never in a log or a traceback's locals by accident
        return "Contact(…)"


@dataclass(frozen=True)
class CvRequest:
    contact: Contact
    lang: str
    format: str


def typed_contact(form: FormData) -> Contact:
    return Contact(text(form, "name", 400), text(form, "phone", 100), text(form, "email", 400),
                   text(form, "address", 800))


def typed_cv_lang(form: FormData, languages: Collection[str], default: str) -> str:
    """The CV's language as chosen, to show the choice again (the page's language for anything else)."""
    return choice(form, "cv_lang", languages, default)


def read_cv_request(form: FormData, languages: Collection[str]) -> CvRequest:
    """The CV to make; Problems for a field that will not do (the page shows what was typed again)."""
    typed = typed_contact(form)
    errors: dict[str, Message] = {}

    def field(name: str, value: str, limit: int) -> str:
        value = " ".join(value.split())
        if len(value) > limit:
            errors[name] = Message(N_("This is too long: at most %(max)s characters."), {"max": limit})
        elif looks_like_markup(value):
            errors[name] = Message(N_("Write plain text, without < and > around words."))
        return value

    name = field("name", typed.name, MAX_NAME)
    if not name and "name" not in errors:
        errors["name"] = Message(N_("Write your name: it goes at the top of your CV."))
    phone = field("phone", typed.phone, MAX_PHONE)
    if phone and "phone" not in errors and not _PHONE.fullmatch(phone):
        errors["phone"] = Message(N_("Write a phone number with numbers only, like 0470 12 34 56."))
    email = field("email", typed.email, MAX_EMAIL)
    if email and "email" not in errors and not _EMAIL.fullmatch(email):
        errors["email"] = Message(N_("Write an e-mail address like name@example.com."))
    address = field("address", typed.address, MAX_ADDRESS)
    lang = choice(form, "cv_lang", languages, "")
    if not lang:
        errors["cv_lang"] = Message(N_("Choose the language of your CV."))
    if errors:
        raise Problems(errors)
    return CvRequest(Contact(name, phone, email, address), lang, choice(form, "format", FORMATS, "page"))
