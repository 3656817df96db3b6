"""The feedback form, read: what was sent, as sent (guide.feedback.service checks it)."""

from __future__ import annotations

from starlette.datastructures import FormData

from guide.feedback.service import KEPT_COMMENT, FeedbackInput
from guide.web.forms import text, texts


def read_feedback(form: FormData) -> FeedbackInput:
    # At most a few short values of "hard" are kept: a forged form with thousands costs nothing.
    hard = tuple(dict.fromkeys(value[:40] for value in texts(form, "hard")[:20]))
    return FeedbackInput(clear=text(form, "clear", 20), hard=hard, comment=text(form, "comment", KEPT_COMMENT))
