"""Every UI string is translated in every language, and the catalogues match the code."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from guide.core.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = get_settings().languages


def _catalog(lang):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(lang):
    catalog = _catalog(lang)
    bad = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            bad.append(message.id)
    assert bad == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang):
    import re

    pattern = re.compile(r"%\((\w+)\)s")
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(pattern.findall(ids[-1])) - {"num"}
        for string in strings:
            assert wanted <= set(pattern.findall(string)), (lang, message.id)


def _keywords() -> tuple[str, ...]:
    spec = importlib.util.spec_from_file_location("locales_update", ROOT / "locales" / "update.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.KEYWORDS


def _entry(message) -> tuple[str, bool]:  # noqa: ANN001
    """A catalogue entry's key: its (singular) text and whether it has a plural, since ngettext finds a text
    only in a plural entry and gettext only in a single one."""
    return (message.id, False) if isinstance(message.id, str) else (message.id[0], True)


def test_catalogues_hold_every_string_in_the_code(tmp_path):
    """A string added to a template or route but not extracted into the catalogues fails here, and so does a text
    with a plural kept in the catalogues as a single text (or the other way round)."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "locales/babel.cfg",
         *_keywords(), "-o", str(pot), "."],
        check=True, cwd=ROOT,
    )
    with pot.open("rb") as f:
        wanted = {_entry(m) for m in read_po(f) if m.id}
    for lang in LANGUAGES:
        have = {_entry(m) for m in _catalog(lang) if m.id}
        assert wanted - have == set(), lang


# French typography: a narrow no-break space (U+202F) before : ; ? ! and inside « », and one apostrophe (’).
NNBSP = "\u202f"
_FRENCH_RULES = (
    (re.compile(r"[ \u00a0\u2009][:;?!]"), "a plain or wide space before : ; ? !"),
    (re.compile(r"(?<![\s\u202f])[;?!]"), "no space before ; ? !"),
    (re.compile(r"(?<![\s\u202f])(?<!\bhttps)(?<!\bhttp):(?![/\d])"), "no space before :"),
    (re.compile(r"«(?!\u202f)|(?<!\u202f)»"), "no narrow space inside « »"),
    (re.compile(r"'"), "a straight apostrophe (write ’)"),
)


def french_typography_problems(text: str) -> list[str]:
    return [why for pattern, why in _FRENCH_RULES if pattern.search(text)]


@pytest.mark.parametrize(("text", "problems"), [
    ("Erreur\u202f: le fichier", []),
    ("Erreur : le fichier", ["a plain or wide space before : ; ? !"]),
    ("Erreur\u00a0: le fichier", ["a plain or wide space before : ; ? !"]),
    ("Modifier un texte: Français", ["no space before :"]),
    ("Vous êtes là?", ["no space before ; ? !"]),
    ("l’aide et l'accueil", ["a straight apostrophe (write ’)"]),
    ("« Arrêter »", ["a plain or wide space before : ; ? !", "no narrow space inside « »"][1:]),
    ("[texte](https://…) à 14:05", []),
])
def test_the_french_typography_check_finds_what_it_should(text, problems):
    assert french_typography_problems(text) == problems


def test_french_translations_follow_french_typography():
    bad = []
    for message in _catalog("fr"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            problems = french_typography_problems(string)
            if problems:
                bad.append((string, problems))
    assert bad == []
