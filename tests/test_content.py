"""The guide's content is complete in every language and fits the rules partners agreed on."""

import re
from html.parser import HTMLParser

import pytest

from guide.content.items import get_catalog
from guide.content.library import STEP_COUNT, get_library, render_markdown
from guide.core.settings import get_settings
from guide.editor.readability import MAX_SENTENCE_WORDS, readability

LANGUAGES = get_settings().languages
library = get_library()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_exists_in_every_language(lang):
    assert sorted(library.steps.get(lang, {})) == list(range(1, STEP_COUNT + 1))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", range(1, STEP_COUNT + 1))
def test_step_shape(lang, number):
    step = library.steps[lang][number]
    english = library.steps["en"][number]
    assert step.title and step.summary
    assert 3 <= len(step.checklist) <= 6
    assert 1 <= len(step.questions) <= 2
    # the ids tie answers to items whatever the language: they must be the same everywhere
    assert [i.id for i in step.checklist] == [i.id for i in english.checklist]
    assert [q.id for q in step.questions] == [q.id for q in english.questions]
    assert step.slug == english.slug
    # The guide's own text stays short; worked examples (quoted blocks, shown apart) come on top of it.
    examples = "".join(EXAMPLE.findall(step.body_html))
    words, example_words = _words(EXAMPLE.sub(" ", step.body_html)), _words(examples)
    assert 150 <= words <= 400, f"{lang} step {number}: {words} words"
    assert example_words <= 250, f"{lang} step {number}: {example_words} words of examples"


EXAMPLE = re.compile(r"<blockquote>.*?</blockquote>", re.S)


def _words(html: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", html).split())


# What the SUCCES guide asked for: a three-sentence pitch (step 5), a short CV and how to show a gap (8), a phone call
# to an employer (9), common interview questions, a gap explained and a thank-you after the interview (10).
WORKED_EXAMPLES = {5: 1, 8: 2, 9: 1, 10: 3}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_steps_that_need_them_have_worked_examples_in_every_language(lang):
    for number, count in WORKED_EXAMPLES.items():
        step = library.steps[lang][number]
        assert len(EXAMPLE.findall(step.body_html)) >= count, (lang, number)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", range(1, STEP_COUNT + 1))
def test_every_step_reads_as_plain_language(lang, number):
    """Checked with the editors' readability aid: no sentence over 20 words, examples included, and a good score."""
    result = readability(get_catalog().file_text(f"step/{number}/body", lang), lang)
    assert result.long_sentences == (), f"{lang} step {number}: over {MAX_SENTENCE_WORDS} words"
    assert result.score is not None and result.score >= 70, (lang, number, result.score)


VARIANTS = [(lang, country, n) for (lang, country), steps in sorted(library.variants.items()) for n in sorted(steps)]


@pytest.mark.parametrize(("lang", "country", "number"), VARIANTS)
def test_every_country_variant_fits_the_same_rules(lang, country, number):
    """A variant is read instead of the default in its country: the same length, and the same plain language."""
    step, default = library.step(lang, number, country), library.steps[lang][number]
    assert [i.id for i in step.checklist] == [i.id for i in default.checklist]
    words = _words(EXAMPLE.sub(" ", step.body_html))
    assert 150 <= words <= 400, f"{lang}@{country} step {number}: {words} words"
    for text in (step.summary, *(i.text for i in step.checklist), *(q.hint for q in step.questions if q.hint)):
        assert readability(text, lang).long_sentences == (), (lang, country, number, text)
    body = get_catalog().file_text(f"step/{number}/body@{country}", lang)
    if body:
        result = readability(body, lang)
        assert result.long_sentences == (), f"{lang}@{country} step {number}: over {MAX_SENTENCE_WORDS} words"
        assert result.score is not None and result.score >= 70, (lang, country, number, result.score)


def test_markdown_is_sanitised():
    """Whatever an editor types, no script element, event attribute or javascript: link reaches the page
    (typed HTML may show as harmless text)."""
    html = render_markdown(
        'Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> '
        '<javascript:alert(2)> [y](JaVaScRiPt:alert(3)) [ok](https://example.org)'
    )
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not [name for name, _value in parser.attrs if name.startswith("on")]
    hrefs = [value for name, value in parser.attrs if name == "href"]
    assert hrefs == ["https://example.org"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]


def test_centres_have_help_for_every_step_in_every_language():
    assert {"kortrijk", "medway", "grande-synthe", "great-yarmouth"} <= set(library.centres)
    for centre in library.centres.values():
        assert centre.default_language in LANGUAGES
        assert centre.partner and centre.country and centre.region
        for lang in LANGUAGES:
            assert centre.names.get(lang), (centre.id, lang)
            for number in range(1, STEP_COUNT + 1):
                help_lang, entries = centre.help_for(lang, number)
                assert help_lang == lang and 1 <= len(entries) <= 3, (centre.id, lang, number)


def test_sectors_are_named_in_every_language_with_a_nace_section():
    assert {"care", "construction", "hospitality", "administration", "transport"} <= set(library.sectors)
    for sector in library.sectors.values():
        for lang in LANGUAGES:
            assert sector.names.get(lang), (sector.id, lang)
    assert library.sectors["care"].nace == "Q"
    assert library.sectors["administration"].nace == "N"


def test_a_question_has_a_hint_in_every_language_or_in_none():
    """A hint helps the person answer; one language should not get that help while another goes without."""
    for number in range(1, STEP_COUNT + 1):
        english = library.step("en", number)
        for question in english.questions:
            has_hint = {
                lang: bool({q.id: q for q in library.step(lang, number).questions}[question.id].hint)
                for lang in LANGUAGES
            }
            assert len(set(has_hint.values())) == 1, (number, question.id, has_hint)
