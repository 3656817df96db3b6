"""The sharing forms, read: what the coach may see, or Problems ({field: Message})."""

from __future__ import annotations

from starlette.datastructures import FormData

from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.web.forms import is_yes, text

ANSWER_CHOICES = ("no", "yes")


def read_show_answers(form: FormData) -> bool:
    """Whether the coach may see the answers too: "yes" or "no", one of them chosen."""
    choice = text(form, "answers", 10)
    if choice not in ANSWER_CHOICES:
        raise Problems({"answers-no": Message(N_("Choose what your coach may see."))})
    return choice == "yes"


def read_show_barriers(form: FormData) -> bool:
    """Whether the coach may see what stands in the person's way: a box ticked ("yes"); off otherwise."""
    return is_yes(form, "barriers")


def read_record_outcomes(form: FormData) -> bool:
    """Whether the coach may record what the person started (a job, a training…): a box ticked ("yes")."""
    return is_yes(form, "outcomes")
