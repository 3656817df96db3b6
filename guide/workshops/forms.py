"""The workshops' forms, read: what was typed, as typed (guide.workshops.service checks it)."""

from __future__ import annotations

from starlette.datastructures import FormData

from guide.web.forms import text
from guide.workshops.service import WorkshopInput


def read_workshop(form: FormData) -> WorkshopInput:
    return WorkshopInput(centre=text(form, "centre", 64), day=text(form, "day", 40), start=text(form, "start", 20),
                         end=text(form, "end", 20), topic=text(form, "topic", 16), language=text(form, "language", 8),
                         repeat=text(form, "repeat", 10))


def typed_code(form: FormData) -> str:
    """The workshop code as typed, cut short (it is shown again when it will not do, never logged)."""
    return text(form, "code", 40)


def poll_answer(form: FormData) -> str:
    return text(form, "answer", 4)
