"""Reading one field of a posted form as the type a feature needs.

Each feature's forms.py turns a whole form into its input (a value or a frozen dataclass) or raises `Problems`
({field: Message}); these helpers are what those parsers are made of. A field sent in an unexpected shape (a file
where text is expected, a value outside the choices) reads as the default, so no form fails on what a browser
or a robot can post.
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.datastructures import FormData, UploadFile


def text(form: FormData, name: str, limit: int | None = None, default: str = "") -> str:
    """The field's text, cut to `limit` characters (what is kept to show again, so a huge post costs nothing)."""
    value = form.get(name, default)
    if not isinstance(value, str):
        return default
    return value if limit is None else value[:limit]


def texts(form: FormData, name: str) -> list[str]:
    """Every value of a field that may be posted more than once (the ticks of a checklist)."""
    return [value for value in form.getlist(name) if isinstance(value, str)]


def choice(form: FormData, name: str, choices: Collection[str], default: str) -> str:
    """One of `choices`, or `default` for anything else."""
    value = text(form, name, 200)
    return value if value in choices else default


def is_yes(form: FormData, name: str) -> bool:
    """A box or button that says yes with the value "yes"."""
    return text(form, name, 10) == "yes"


def upload(form: FormData, name: str) -> UploadFile | None:
    """The file sent in the field, or None when none was chosen (browsers then send an empty file name)."""
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None


def version(form: FormData, name: str = "version") -> int:
    """The version of a row the person started from (a save checks it is still the saved one); 0 for anything
    that is not a whole number."""
    value = text(form, name, 12)
    return int(value) if value.isascii() and value.isdigit() else 0
