"""One name per role per language, in the catalogues and in content/.

The person at the centre who follows a job seeker (the app's "coach" role) is a "begeleider" in Dutch (the word the
guide's steps use with job seekers, as Flemish services do: trajectbegeleider, VDAB-begeleiding; a Dutch noun that
names anyone, unlike an English loan) and an "accompagnateur" in French ("conseiller" is France Travail's and VDAB's
own adviser, a different person, and stays theirs in the centres' texts). The employment service's adviser is an
"adviseur" in Dutch. Dutch never assumes that person is a man ("zijn lijst").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
COACH = {"nl": "begeleider", "fr": "accompagnat"}  # accompagnateur, accompagnatrice
OTHER_NAMES = {"nl": re.compile(r"coach|consulent", re.I), "fr": re.compile(r"coach|conseill|référent", re.I)}
# The Jobcentre's own job title, in brackets after the local word, so people know what they will hear there.
QUOTED_TITLE = "(work coach)"
ROLE_IN_ENGLISH = re.compile(r"\bcoach", re.I)
PERSON_IN_ENGLISH = re.compile(r"\b(coach|client)", re.I)
GENDERED_NL = re.compile(r"\b(hij|hem|zijn|haar|zij)\b", re.I)


def _messages(lang: str) -> list[tuple[str, str]]:
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(ids[0], string) for string in strings]
    return pairs


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_catalogue_names_the_coach_with_one_word(lang):
    for msgid, string in _messages(lang):
        assert not OTHER_NAMES[lang].search(string), (msgid, string)
        if ROLE_IN_ENGLISH.search(msgid):
            assert COACH[lang] in string.lower(), (msgid, string)


def test_dutch_never_makes_the_coach_or_the_client_a_man_or_a_woman():
    for msgid, string in _messages("nl"):
        if PERSON_IN_ENGLISH.search(msgid):
            assert not GENDERED_NL.search(string), (msgid, string)


def _texts(lang: str) -> dict[str, str]:
    files = [*sorted((CONTENT / "steps" / lang).glob("*.md")), *sorted((CONTENT / "centres").glob(f"*.{lang}.yml")),
             *sorted(CONTENT.glob(f"*/{lang}.yml"))]
    assert files
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8").replace(QUOTED_TITLE, "") for p in files}


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_guide_names_the_coach_with_one_word(lang):
    others = re.compile(r"coach", re.I)
    for path, text in _texts(lang).items():
        assert not others.findall(text), path
    for path, text in _texts(lang).items():
        if "/steps/" in path:  # the steps speak of the person's own coach only, never of an employment adviser
            assert not OTHER_NAMES[lang].findall(text), path
    assert COACH[lang] in " ".join(_texts(lang).values())


def test_the_dutch_centres_call_the_employment_services_adviser_an_adviseur():
    english = {p.name: p.read_text(encoding="utf-8").splitlines() for p in (CONTENT / "centres").glob("*.en.yml")}
    for path in (CONTENT / "centres").glob("*.nl.yml"):
        # the files are line for line translations: the English line says which person a Dutch line is about
        for english_line, dutch_line in zip(english[path.name.replace(".nl.", ".en.")], path.read_text(
                encoding="utf-8").splitlines(), strict=True):
            if re.search(r"\b(adviser|work coach|job coach)\b", english_line):
                assert "adviseur" in dutch_line.lower(), (path.name, dutch_line)
            if re.search(r"\byour coach\b", english_line, re.I) and not re.search(r"work coach|job coach",
                                                                                  english_line):
                assert "begeleider" in dutch_line.lower(), (path.name, dutch_line)
