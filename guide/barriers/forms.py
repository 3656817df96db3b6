"""The barriers forms, read: what was chosen, as sent (guide.barriers.service checks it)."""

from __future__ import annotations

from starlette.datastructures import FormData

from guide.barriers.service import MAX_TYPED, THEME_IDS, field_name
from guide.web.forms import is_yes, text


def read_answers(form: FormData) -> dict[str, str]:
    """theme -> the value sent for it ("" when skipped)."""
    return {theme: text(form, field_name(theme), MAX_TYPED) for theme in THEME_IDS}


def read_mark(form: FormData) -> tuple[str, bool]:
    """The coach's button: which theme, and whether it is now being worked on."""
    return text(form, "theme", MAX_TYPED), is_yes(form, "working_on")
