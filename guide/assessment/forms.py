"""The self-assessment's forms, read: an answer, or Problems ({field: Message})."""

from __future__ import annotations

from starlette.datastructures import FormData

from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.web.forms import text
from skills_audit.framework import get_framework
from skills_audit.scoring import OutOfScaleError, parse_answer

ANSWER_FIELD = "answer"


def not_on_scale() -> Problems:
    """Nothing chosen, or something that is not one of the answers; the message points at the first answer."""
    first = get_framework().scale[0].value
    return Problems({f"{ANSWER_FIELD}-{first}": Message(N_(
        "Choose the answer that fits you best, or press “Skip this question”."
    ))})


def read_answer(form: FormData) -> int | None:
    """The value chosen on the scale, or None when the question was skipped."""
    if text(form, "action", 10) == "skip":
        return None
    try:
        return parse_answer(text(form, ANSWER_FIELD, 100))
    except OutOfScaleError:
        raise not_on_scale() from None
