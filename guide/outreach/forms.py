"""The outreach form, read: what was typed, as typed (guide.outreach.service checks it)."""

from __future__ import annotations

from starlette.datastructures import FormData

from guide.outreach.service import TallyInput
from guide.web.forms import text


def read_tally(form: FormData) -> TallyInput:
    return TallyInput(day=text(form, "day", 40), centre=text(form, "centre", 64), kind=text(form, "kind", 32),
                      neighbourhood=text(form, "neighbourhood", 80),
                      count=text(form, "count", 40))
