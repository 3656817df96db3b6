"""The guide's content is complete in every language and fits the rules partners agreed on."""

import re

import pytest

from guide.content import STEP_COUNT, get_library, render_markdown
from guide.settings import get_settings

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
    words = len(re.sub(r"<[^>]+>", " ", step.body_html).split())
    assert 150 <= words <= 400, f"{lang} step {number}: {words} words"


def test_markdown_is_sanitised():
    # the attacks come out as visible text at most (see tests/guide/test_sanitising.py for the full list)
    html = render_markdown('Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html and 'href="javascript:' not in html


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
