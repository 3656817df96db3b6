"""The job seeker's forms, read: each parser returns what the route needs, or raises Problems ({field: Message})."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from starlette.datastructures import FormData

from guide.content.library import Step
from guide.core.codes import normalise_code
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.journeys.service import StepInput
from guide.web.forms import choice, is_yes, text, texts

STEP_WITH_SECTOR = 3
CV_STEP = 8  # "Your CV and cover letter": its page leads to the CV (guide/profile)
CODE_KEPT = 200  # what is kept of a typed code, to show it again


def read_centre(form: FormData, centre_ids: Collection[str]) -> str:
    centre_id = text(form, "centre", 200)
    if centre_id not in centre_ids:
        raise Problems({"centre": Message(N_("Choose your centre."))})
    return centre_id


def typed_code(form: FormData) -> str:
    return text(form, "code", CODE_KEPT)


def read_code(typed: str) -> str:
    """The code in its one written form. A typo in the shape is no guess: it costs no attempt."""
    code = normalise_code(typed)
    if code is None:
        raise Problems({"code": Message(N_(
            "A code has 12 letters and numbers, like ACDE-FGHJ-KMNP. Check your code and try again."
        ))})
    return code


def read_step(form: FormData, step: Step, number: int) -> StepInput:
    """What was sent for a step, as typed (the service checks it): the page shows it again if it cannot be kept."""
    return StepInput(
        ticks=set(texts(form, "tick")),
        answers={q.id: text(form, f"answer-{q.id}") for q in step.questions},
        sector=text(form, "sector", 200) if number == STEP_WITH_SECTOR else None,
    )


@dataclass(frozen=True)
class StepButtons:
    """Which button of a step's form was pressed: "action" complete (or save), "go" next, previous, step, list,
    cv (step 8's way to the CV) or feedback (the "Send" of "Was this clear?", guide.feedback)."""

    action: str
    go: str

    @property
    def completes(self) -> bool:
        return self.action == "complete"


def read_step_buttons(form: FormData) -> StepButtons:
    return StepButtons(action=choice(form, "action", ("complete", "save"), ""),
                       go=choice(form, "go", ("next", "previous", "step", "list", "cv", "feedback", "barriers"), ""))


def read_stop_reason(form: FormData) -> str:
    """Why the journey is left: the time-out's own form says so; anything else is the person's choice."""
    return choice(form, "reason", ("timeout",), "stopped")


def read_delete_confirmed(form: FormData) -> None:
    if not is_yes(form, "confirm"):
        raise Problems({"confirm": Message(N_("To delete your data, press “Yes, delete everything”."))})
