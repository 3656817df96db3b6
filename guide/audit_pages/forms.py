"""The analysts' forms, read: one employer's survey as typed, the file of surveys to import."""

from __future__ import annotations

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
    """The release form: the report it was sent from (region, sector, period) and the interim choice."""

    typed: dict[str, str]
    interim: bool


def read_release(form: FormData, fields: tuple[str, ...]) -> ReleaseSent:
    return ReleaseSent(typed={name: text(form, name, 40) for name in fields}, interim=is_yes(form, "interim"))
