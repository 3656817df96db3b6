"""The plain-language aid: a score per language and the sentences over 20 words."""

import pytest

from guide.content.items import get_catalog
from guide.editor.readability import MAX_SENTENCE_WORDS, readability, sentences_of, syllables


def test_sentences_come_from_paragraphs_list_items_and_headings():
    text = "## A heading\n\nOne sentence. Another one!\n\n- an item without a full stop\n- another item"
    assert sentences_of(text) == ["A heading", "One sentence.", "Another one!", "an item without a full stop",
                                  "another item"]


def test_long_sentences_are_listed():
    long = " ".join(["word"] * (MAX_SENTENCE_WORDS + 1)) + "."
    short = " ".join(["word"] * MAX_SENTENCE_WORDS) + "."
    result = readability(f"{short} {long}", "en")
    assert result.long_sentences == (long,) and result.sentences == 2 and result.words == 41


@pytest.mark.parametrize(("lang", "word", "count"), [("en", "confidence", 3), ("nl", "vertrouwen", 3),
                                                     ("fr", "organisation", 5)])
def test_syllables_per_language(lang, word, count):
    assert syllables(word, lang) == count


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_plain_text_scores_higher_than_hard_text(lang):
    plain = {"en": "You can do it. Ask for help. We are here.",
             "nl": "Je kunt het. Vraag om hulp. Wij zijn er.",
             "fr": "Vous pouvez le faire. Demandez de l'aide. Nous sommes là."}[lang]
    hard = {"en": "Notwithstanding considerable organisational complexity, comprehensive individualised "
                  "accompaniment facilitates sustainable professional reintegration.",
            "nl": "Ondanks aanzienlijke organisatorische complexiteit vergemakkelijkt uitgebreide geïndividualiseerde "
                  "begeleiding duurzame professionele herintegratie.",
            "fr": "Malgré une complexité organisationnelle considérable, un accompagnement individualisé facilite "
                  "une réintégration professionnelle durable."}[lang]
    assert readability(plain, lang).score > 60 > readability(hard, lang).score


def test_the_guide_steps_read_as_plain_language():
    catalog = get_catalog()
    for lang in ("en", "nl", "fr"):
        result = readability(catalog.file_text("step/1/body", lang), lang)
        assert result.formula and result.score > 50, (lang, result.score)


def test_a_language_without_a_formula_still_gets_its_long_sentences():
    result = readability("كلمة " * 25 + ".", "ar")
    assert result.score is None and result.formula is None and len(result.long_sentences) == 1


@pytest.mark.parametrize("lang", ["en", "nl", "fr"])
def test_scores_stay_in_the_formula_range_and_come_with_a_band(lang):
    tiny = readability("Go. Yes. No. Up. In.", lang)
    assert tiny.score == 100 and tiny.band == "Very easy to read"  # the formula alone gives over 100
    hard = readability("Notwithstanding considerable organisational complexity, comprehensive individualised "
                       "accompaniment facilitates sustainable professional reintegration.", lang)
    assert 0 <= hard.score < 40 and hard.band == "Hard to read"
    assert readability("", lang).band is None
