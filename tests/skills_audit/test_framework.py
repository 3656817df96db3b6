"""The skills framework loads, has the agreed shape, and is complete in every language."""

import re
from pathlib import Path

import pytest
import yaml

from skills_audit.framework import (
    CONTENT_DIR,
    DEFAULT_LOCALE,
    STEP_COUNT,
    TEXT_KINDS,
    FrameworkError,
    get_framework,
    load_framework,
)

LANGUAGES = ("nl", "fr", "en")
ESCO_GROUPS = {
    "T1": "core skills and competences",
    "T2": "thinking skills and competences",
    "T3": "self-management skills and competences",
    "T4": "social and communication skills and competences",
    "T5": "physical and manual skills and competences",
    "T6": "life skills and competences",
}

framework = get_framework()


def test_loads_once_and_from_the_repository_content():
    assert get_framework() is framework
    assert get_framework(CONTENT_DIR) is framework
    assert load_framework(CONTENT_DIR) == framework


def test_the_scale_has_four_levels_in_order():
    assert [level.value for level in framework.scale] == [1, 2, 3, 4]
    assert [level.id for level in framework.scale] == ["not_yet", "sometimes", "usually", "easily"]
    assert framework.scale_level(3).id == "usually"
    assert framework.scale_level("easily").value == 4
    for bad in (0, 5, True, "never", "3"):
        with pytest.raises(ValueError):
            framework.scale_level(bad)


def test_competences_and_statements_have_the_agreed_shape():
    assert 6 <= len(framework.competences) <= 8
    for competence in framework.competences:
        assert 3 <= len(competence.statements) <= 4, competence.id
        assert 1 <= len(competence.suggestions) <= 3, competence.id
    ids = framework.statement_ids()
    assert len(ids) == len(set(ids)) == sum(len(c.statements) for c in framework.competences)


def test_every_competence_has_an_esco_transversal_group():
    for competence in framework.competences:
        assert competence.esco_group, competence.id
        assert ESCO_GROUPS.get(competence.esco_code) == competence.esco_label, competence.id


def test_suggestions_link_to_steps_of_the_guide():
    assert STEP_COUNT == 10
    for competence in framework.competences:
        for suggestion in competence.suggestions:
            assert 1 <= suggestion.step <= STEP_COUNT, suggestion.id
    assert len(framework.suggestion_ids()) == len(set(framework.suggestion_ids()))


def test_statement_order_position_and_competence():
    ids = framework.statement_ids()
    assert ids == tuple(s for c in framework.competences for s in c.statements)
    for number, statement_id in enumerate(ids, start=1):
        assert framework.position(statement_id) == number
        assert statement_id in framework.competence_of(statement_id).statements
    with pytest.raises(KeyError):
        framework.competence_of("no-such-statement")
    with pytest.raises(KeyError):
        framework.position("no-such-statement")
    with pytest.raises(KeyError):
        framework.competence("no-such-competence")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_exists_in_every_language(lang):
    assert lang in framework.languages
    assert framework.missing_texts(lang) == []
    texts = framework.texts[lang]
    for kind in TEXT_KINDS:
        for key in framework.expected_keys(kind):
            assert texts.get(kind, key).strip(), f"{lang}: {kind}:{key} has no text"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_texts_come_in_the_asked_language(lang):
    statement_id = framework.statement_ids()[0]
    assert framework.text("statements", statement_id, lang).locale == lang
    for level in framework.scale:
        assert framework.scale_label(level.value, lang) == framework.scale_label(level.id, lang)
    labels = [framework.scale_label(level.value, lang) for level in framework.scale]
    assert len(set(labels)) == len(labels)
    for competence in framework.competences:
        assert framework.competence_name(competence.id, lang)
        assert framework.competence_description(competence.id, lang)
        for suggestion in competence.suggestions:
            assert framework.suggestion_text(suggestion.id, lang)


@pytest.mark.parametrize("lang", ("nl", "fr"))
def test_translations_are_not_english(lang):
    same = [
        key
        for key in framework.statement_ids()
        if framework.statement_text(key, lang) == framework.statement_text(key, DEFAULT_LOCALE)
    ]
    assert same == []


FIRST_PERSON = {"en": r"\bI\b", "nl": r"\b[Ii]k\b", "fr": r"\b[Jj](e\b|’)"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statements_are_in_the_first_person(lang):
    for key in framework.statement_ids():
        text = framework.statement_text(key, lang)
        assert re.search(FIRST_PERSON[lang], text), f"{lang}: {key}: {text}"
        assert text.endswith("."), f"{lang}: {key}: {text}"


# --- a framework written for one test: the loader falls back to English and refuses broken files ---


def _write(tmp_path: Path, structure: dict, texts: dict[str, dict]) -> Path:
    skills = tmp_path / "skills"
    skills.mkdir()
    (skills / "framework.yml").write_text(yaml.safe_dump(structure), encoding="utf-8")
    for lang, data in texts.items():
        (skills / f"{lang}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _structure() -> dict:
    return {
        "scale": [{"id": "low", "value": 1}, {"id": "high", "value": 2}],
        "esco_groups": {"thinking": {"code": "T2", "label": "thinking skills and competences"}},
        "competences": [
            {"id": "c", "esco_group": "thinking", "statements": ["s1", "s2"], "suggestions": [{"id": "g", "step": 6}]}
        ],
    }


def _english() -> dict:
    return {
        "scale": {"low": "Low", "high": "High"},
        "competences": {"c": {"name": "C", "description": "About C."}},
        "statements": {"s1": "I do one.", "s2": "I do two."},
        "suggestions": {"g": "Go."},
    }


def test_a_missing_translation_falls_back_to_english(tmp_path):
    content = _write(tmp_path, _structure(), {"en": _english(), "nl": {"statements": {"s1": "Ik doe één."}}})
    fw = load_framework(content)
    assert fw.text("statements", "s1", "nl") == ("nl", "Ik doe één.")
    assert fw.text("statements", "s2", "nl") == ("en", "I do two.")
    assert fw.statement_text("s2", "de") == "I do two."
    assert "statements:s2" in fw.missing_texts("nl")
    assert "names:c" in fw.missing_texts("nl")
    assert fw.missing_texts("en") == []


def _broken(mutate):
    structure, english = _structure(), _english()
    mutate(structure, english)
    return structure, english


@pytest.mark.parametrize(
    "mutate",
    [
        lambda s, e: e["statements"].pop("s2"),  # English must be complete
        lambda s, e: e["statements"].update({"s3": "I do three."}),  # a text for an unknown statement
        lambda s, e: e["suggestions"].update({"g": "  "}),  # an empty text
        lambda s, e: e["competences"]["c"].update({"nmae": "typo"}),  # an unknown field
        lambda s, e: s["competences"][0]["suggestions"][0].update({"step": 11}),  # a step the guide does not have
        lambda s, e: s["competences"][0].update({"esco_group": "cooking"}),  # an unknown ESCO group
        lambda s, e: s["competences"][0]["statements"].append("s1"),  # a statement id used twice
        lambda s, e: s["scale"].reverse(),  # the scale out of order
        lambda s, e: s["competences"][0].update({"statements": []}),  # a competence without statements
    ],
)
def test_broken_content_is_refused(tmp_path, mutate):
    structure, english = _broken(mutate)
    with pytest.raises(FrameworkError):
        load_framework(_write(tmp_path, structure, {"en": english}))


def test_english_is_required(tmp_path):
    with pytest.raises(FrameworkError):
        load_framework(_write(tmp_path, _structure(), {"nl": _english()}))
