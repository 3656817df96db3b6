"""The directory's forms, read: an entry as typed, its version, the editor's choice of centre, and the job
seeker's search (guide.directory.service checks them)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import FormData

from guide.directory.facts import MAX_HOURS, MAX_LINE, MAX_NAME, MAX_TEXT, MAX_URL, WEEKDAYS
from guide.directory.service import EntryInput
from guide.web.forms import text, texts, version

MAX_CHOICE = 64  # a choice is a short id; more is not kept
MAX_CHOICES = 40  # more ticks than the lists have are not kept either


def _some(form: FormData, name: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v[:MAX_CHOICE] for v in texts(form, name)[:MAX_CHOICES]))


def read_entry(form: FormData, languages: Sequence[str]) -> EntryInput:
    """The entry as typed, each text cut a little over its limit (so the message about the limit can show it)."""
    return EntryInput(
        neighbourhood=text(form, "neighbourhood", MAX_CHOICE * 2),
        kind=text(form, "kind", MAX_CHOICE),
        themes=_some(form, "themes"),
        steps=_some(form, "steps"),
        address=text(form, "address", MAX_LINE + 1),
        phone=text(form, "phone", 41),
        hours={day: text(form, f"hours-{day}", MAX_HOURS + 1) for day in WEEKDAYS},
        website=text(form, "website", MAX_URL + 1),
        languages=_some(form, "languages"),
        free=text(form, "free", 8),
        transport=text(form, "transport", MAX_LINE + 1),
        names={lang: text(form, f"name-{lang}", MAX_NAME + 1) for lang in languages},
        texts={lang: text(form, f"text-{lang}", MAX_TEXT + 1) for lang in languages},
    )


def read_version(form: FormData) -> int:
    """The version the editor started from."""
    return version(form)


def read_centre(form: FormData) -> str:
    return text(form, "centre", MAX_CHOICE)
