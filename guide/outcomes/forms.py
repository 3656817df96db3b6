"""The outcome flow's answers and a check-in's, read from a query or a posted form: as sent (the service checks
them)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import FormData, QueryParams

from guide.outcomes.service import CheckInInput, OutcomeInput
from guide.web.forms import text, texts

Fields = FormData | QueryParams


def _text(source: Fields, name: str, limit: int) -> str:
    if isinstance(source, FormData):
        return text(source, name, limit)
    value = source.get(name, "")
    return value[:limit]


def read_outcome(source: Fields) -> OutcomeInput:
    return OutcomeInput(kind=_text(source, "kind", 32), hours=_text(source, "hours", 16),
                        contract=_text(source, "contract", 16), month=_text(source, "month", 4),
                        year=_text(source, "year", 6))


def outcome_fields(typed: OutcomeInput) -> Mapping[str, str]:
    """The answers as query or hidden fields, the empty ones left out."""
    values = {"kind": typed.kind, "hours": typed.hours, "contract": typed.contract, "month": typed.month,
              "year": typed.year}
    return {name: value for name, value in values.items() if value}


def read_checkin(source: Fields) -> CheckInInput:
    """A check-in's answers: the hard things as ticked ("hard", on their page) or as carried on ("hard_list")."""
    ticked = texts(source, "hard") if isinstance(source, FormData) else source.getlist("hard")
    hard = ticked or _text(source, "hard_list", 120).split(",")
    return CheckInInput(status=_text(source, "status", 16), hard=tuple(h[:16] for h in hard[:10] if h),
                        coach=_text(source, "coach", 4))


def checkin_fields(typed: CheckInInput) -> Mapping[str, str]:
    """The answers as query or hidden fields, the empty ones left out."""
    values = {"status": typed.status, "hard_list": ",".join(typed.hard), "coach": typed.coach}
    return {name: value for name, value in values.items() if value}
