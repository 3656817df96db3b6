"""Every UI string is translated in every language, and the catalogues match the code."""

import importlib.util
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
