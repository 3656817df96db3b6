"""The feedback pages as views: the form on a page of its own (for its errors), the editors' list of comments and
the figures on the translation status page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from guide.content.library import STEP_COUNT, get_library
from guide.core import i18n
from guide.core.i18n import N_
from guide.feedback.service import ASSESSMENT, MAX_COMMENT, Clarity, FeedbackInput, FeedbackRow, group_of

CLEAR_WORDS = {"yes": N_("Yes"), "partly": N_("Partly"), "no": N_("No")}
HARD_WORDS = {
    "hard_words": N_("Hard words"),
    "too_long": N_("Too long"),
    "not_my_situation": N_("Not for my situation"),
    "something_missing": N_("Something is missing"),
    "listening": N_("Listening to the text"),
}
# (tests/feedback check these name the service's CLEAR and HARD, in their order)


@dataclass(frozen=True)
class FeedbackForm:
    """The form at the end of a step or of the self-assessment result (feedback/_form.html; its address is the
    page's to give, as the template's url())."""

    typed: FeedbackInput = FeedbackInput()
    errors: Mapping[str, str] = field(default_factory=dict)
    take: str = ""  # the self-assessment's result to go back to
    max_comment: int = MAX_COMMENT

    @property
    def clear_choices(self) -> list[tuple[str, str]]:
        return [(value, i18n.gettext(words)) for value, words in CLEAR_WORDS.items()]

    @property
    def hard_choices(self) -> list[tuple[str, str]]:
        return [(value, i18n.gettext(words)) for value, words in HARD_WORDS.items()]


@dataclass(frozen=True)
class FeedbackPage:
    """The form alone: where it comes back with what was typed when it will not do."""

    about: str
    title: str  # "Step 3: Your strengths", "Self-assessment"
    back_url: str
    back_label: str
    action: str
    form: FeedbackForm
    errors: Mapping[str, str] = field(default_factory=dict)


def feedback_page(about: str, locale: str, back_url: str, action: str, form: FeedbackForm) -> FeedbackPage:
    if about == ASSESSMENT:
        title, back = i18n.gettext("Self-assessment"), i18n.gettext("Back to the self-assessment")
    else:
        step = get_library().step(locale, int(about))
        title = i18n.gettext("Step %(n)s: %(title)s", n=about, title=step.title)
        back = i18n.gettext("Back to step %(n)s", n=about)
    return FeedbackPage(about, title, back_url, back, action, form, form.errors)


# --- for the editors -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownComment:
    id: int
    when: str  # "4 December 2026", in the page's language
    clear: str  # the answer, in words
    hard: tuple[str, ...]  # what was hard, in words
    comment: str
    centre: str  # the centre's name ("" when not known)
    older: bool  # about an earlier revision of the text


@dataclass(frozen=True)
class ReaderComments:
    """What readers said about the text of an editor's page, in its language (editor/edit.html)."""

    about: str
    lang: str
    comments: Sequence[ShownComment]


def shown_comments(about: str, lang: str, rows: Sequence[FeedbackRow]) -> ReaderComments:
    centres = get_library().centres
    shown = []
    for row in rows:
        centre = centres.get(row.centre_id or "")
        shown.append(ShownComment(
            id=row.id,
            when=i18n.fmt_date(row.created_at, centre.timezone if centre else "UTC", centre.country if centre else ""),
            clear=i18n.gettext(CLEAR_WORDS[row.clear]) if row.clear in CLEAR_WORDS else row.clear,
            hard=tuple(i18n.gettext(HARD_WORDS[h]) for h in row.hard if h in HARD_WORDS),
            comment=row.comment,
            centre=centre.name(i18n.get_locale()) if centre else "",
            older=not row.current,
        ))
    return ReaderComments(about, lang, tuple(shown))


def clarity_by_group(counts: Mapping[tuple[str, str], Clarity],
                     languages: Sequence[str]) -> dict[str, dict[str, Clarity]]:
    """The status page's figures: catalogue group -> language -> the answers (zero for a text nobody answered)."""
    abouts = [ASSESSMENT, *(str(n) for n in range(1, STEP_COUNT + 1))]
    return {group_of(a): {lang: counts.get((a, lang), Clarity()) for lang in languages} for a in abouts}
