"""The workshops' forms, read: what was typed, as typed (guide.workshops.service checks it)."""

from __future__ import annotations

from starlette.datastructures import FormData

from guide.web.deps import parse_id
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


def origin(form: FormData) -> str:
    """Where a participant's form was sent from, to go back there: "plan" (My plan) or the list of steps."""
    return "plan" if text(form, "from", 8) == "plan" else "steps"


def workshop_id(form: FormData) -> int | None:
    """The workshop a participant's form is about (None: not a number)."""
    return parse_id(text(form, "workshop", 12))


def back_to_screen(form: FormData) -> bool:
    """The facilitator asked the poll from the projector view (else from the workshop's page)."""
    return text(form, "back", 8) == "screen"
