"""The "About you" forms, read: the answer chosen (checked by guide.about.service) and an admin's switch."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import FormData

from guide.about.service import MAX_TYPED
from guide.web.forms import is_yes, text


@dataclass(frozen=True)
class Sent:
    answer: str  # as sent, "" when nothing was chosen
    remove: bool  # "Remove my answer" was pressed


def read_answer(form: FormData) -> Sent:
    return Sent(text(form, "answer", MAX_TYPED), is_yes(form, "remove"))


@dataclass(frozen=True)
class SwitchSent:
    partner: str
    ask_age_band: bool
    ask_gender: bool


def read_switch(form: FormData) -> SwitchSent:
    return SwitchSent(text(form, "partner", 200), is_yes(form, "ask_age_band"), is_yes(form, "ask_gender"))
