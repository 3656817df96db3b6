"""The analysts' forms, read: one employer's survey as typed, the file of surveys to import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from starlette.datastructures import FormData, UploadFile

from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.web.forms import is_yes, text, upload
from skills_audit.framework import Framework
from skills_audit.needs import columns

KEPT = 500  # what is kept of a typed value, to show it again (the survey's own checks say what is too long)


def read_need(form: FormData, framework: Framework) -> dict[str, str]:
    """Every field of the survey form (the file format's columns), as typed: the service checks them."""
    return {name: text(form, name, KEPT) for name in columns(framework)}


def read_needs_file(form: FormData) -> tuple[UploadFile, str]:
    """The file sent and its name (which says its format)."""
    sent = upload(form, "file")
    if sent is None or not sent.filename:
        raise Problems({"file": Message(N_("Choose a CSV or XLSX file."))})
    return sent, sent.filename


@dataclass(frozen=True)
class ReleaseSent:
    """The release form: the report it was sent from (region, sector, period), the interim choice, and whether it
    is a new release of a period released already (the confirmed correction)."""

    typed: dict[str, str]
    interim: bool
    correction: bool = False


def read_release(form: FormData, fields: tuple[str, ...]) -> ReleaseSent:
    return ReleaseSent(typed={name: text(form, name, 40) for name in fields}, interim=is_yes(form, "interim"),
                       correction=is_yes(form, "correction"))


def read_targets(form: FormData, names: Sequence[str]) -> dict[str, str]:
    """The targets form's fields (guide.audit_pages.results_views.field_name), as typed."""
    return {name: text(form, name, 40) for name in names}


def check_targets(typed: Mapping[str, str], fields: Mapping[str, tuple[str, str]],
                  largest: int) -> dict[tuple[str, str], int | None]:
    """(indicator, period) -> target (None: no target, the field left empty), or Problems on each field that is
    no whole number from 0 to `largest`."""
    wanted: dict[tuple[str, str], int | None] = {}
    errors: dict[str, Message] = {}
    for name, key in fields.items():
        value = typed.get(name, "").strip().replace(" ", "")
        if not value:
            wanted[key] = None
        elif value.isascii() and value.isdigit() and int(value) <= largest:
            wanted[key] = int(value)
        else:
            errors[name] = Message(N_("Write a whole number from 0 to %(max)s, or leave it empty for no target."),
                                   {"max": largest})
    if errors:
        raise Problems(errors)
    return wanted


def read_partner_year(form: FormData) -> tuple[str, str]:
    """The targets form's partner and year, as sent (the route checks them against the admin's own)."""
    return text(form, "partner", 200), text(form, "year", 10)
