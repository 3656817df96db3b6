"""Every text a job seeker can listen to, as the pages show it: what `tensteps audio build` reads aloud, and what
the pages' Listen controls link to (both take the texts from here, so they cannot drift apart)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from guide.content.library import Library, Question, Step
from guide.core.i18n import DEFAULT_LOCALE, N_, translations
from guide.listen.audio import Text, plain_text, sections
from skills_audit.framework import Framework

# The fixed texts at the top of the start, code and result pages, in the order the page shows them
# (tests/listen checks that each is in its template). Never the resume code: it is a credential.
PAGE_TEXTS: dict[str, tuple[str, ...]] = {
    "start": (
        N_("Ten steps to work"),
        N_("This guide helps you, step by step, on your way to a job. You decide what you do and when."),
        N_("You do not give your name, address or phone number."),
        N_("You get a code. With the code you can continue later, on any computer or phone."),
        N_("You can stop at any time. Your answers are saved."),
    ),
    "code": (
        N_("Your code"),
        N_("Write down this code or print it. You need it to continue later."),
        N_("Keep this code for yourself. Whoever has it can see your answers."),
    ),
    "result": (
        N_("Your result"),
        N_("Here is what you said about yourself, in your own answers."),
    ),
}


def page_text(page: str, locale: str) -> str:
    gettext = translations(locale).gettext
    return "\n".join(gettext(message) for message in PAGE_TEXTS[page])


def section_texts(step: Step) -> list[str]:
    """The plain text of each part of a step's body (cut before each second-level heading)."""
    return [plain_text(part) for part in sections(step.body_html)]


def question_text(question: Question) -> str:
    return f"{question.label}\n{question.hint}" if question.hint else question.label


def scale_text(framework: Framework, locale: str) -> Text:
    """The self-assessment's scale, its words from lowest to highest, as one text."""
    words = [framework.text("scale", level.id, locale) for level in framework.scale]
    return Text("\n".join(word.text for word in words), words[0].locale)


def step_texts(step: Step) -> Iterator[Text]:
    body_lang = step.locale_of("body")
    for text in section_texts(step):
        yield Text(text, body_lang)
    for item in step.checklist:
        yield Text(item.text, item.locale or step.locale)
    for question in step.questions:
        yield Text(question_text(question), question.locale or step.locale)


def all_texts(library: Library, framework: Framework, locales: list[str]) -> Iterator[Text]:
    """Every text in every language: each step's sections, checklist items and questions (country variants too),
    the self-assessment's statements and scale, and the start, code and result pages."""
    for locale in locales:
        # every step the guide has (a language missing one shows it in English)
        steps = [library.step(locale, number) for number in sorted(library.steps[DEFAULT_LOCALE])]
        steps += [step for (lang, _country), variants in library.variants.items() if lang == locale
                  for step in variants.values()]
        for step in steps:
            yield from step_texts(step)
        yield from other_texts(framework, locale).values()


def other_texts(framework: Framework, locale: str) -> dict[str, Text]:
    """The texts outside the steps, by the key a partner's recording of them is kept under: the self-assessment's
    statements and scale, and the start, code and result pages (in the order the editors' page lists them)."""
    texts: dict[str, Text] = {}
    for page in PAGE_TEXTS:
        texts[f"page/{page}"] = Text(page_text(page, locale), locale)
    texts["assessment/scale"] = scale_text(framework, locale)
    for statement_id in framework.statement_ids():
        found = framework.text("statements", statement_id, locale)
        texts[f"assessment/statement/{statement_id}"] = Text(found.text, found.locale)
    return texts


def step_sections(step: Step) -> list[tuple[str, str]]:
    """(HTML, text read aloud) of each part of a step's body, for the step page's Listen controls."""
    return list(_sections_of(step.body_html))


@lru_cache(maxsize=1024)
def _sections_of(body_html: str) -> tuple[tuple[str, str], ...]:
    # Content, not the person: cut once per text, not on every save (the save builds the step's context too).
    return tuple((part, plain_text(part)) for part in sections(body_html))
