"""Refresh the catalogues after UI strings change: extract, update nl/fr/en, and fill English from the source.

    .venv/bin/python locales/update.py

English msgids are the English text, so the English catalogue copies them; every other language is translated
by a person, and tests/test_catalogues.py fails while any entry is empty or fuzzy.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
SOURCE_LANGUAGE = "en"
# The catalogues' line width, for every file this script writes: one width, so an update only shows what changed.
WIDTH = 110
# Babel's keywords for the marks in the code: N_ (a text, translated later), Np_ (a text and its plural, looked up
# with ngettext later), gettext_in (the text is the second argument).
KEYWORDS = ("-k", "N_", "-k", "Np_:1,2", "-k", "gettext_in:2")


def main() -> int:
    pot = LOCALES / "messages.pot"
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [*pybabel, "extract", "-F", str(LOCALES / "babel.cfg"), *KEYWORDS,
         "--no-location", "--sort-output", "--project", "tensteps", "-w", str(WIDTH), "-o", str(pot), "."],
        check=True, cwd=ROOT,
    )
    for lang_dir in sorted(p for p in LOCALES.iterdir() if p.is_dir()):
        po = lang_dir / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        args = ["-i", str(pot), "-d", str(LOCALES), "-l", lang_dir.name, "-w", str(WIDTH)]
        if action == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        subprocess.run([*pybabel, action, *args], check=True, cwd=ROOT)
        if lang_dir.name == SOURCE_LANGUAGE:
            with po.open("rb") as f:
                catalog = read_po(f, locale=SOURCE_LANGUAGE)
            for message in catalog:
                if not message.id:
                    continue
                if isinstance(message.id, tuple | list):
                    if message.fuzzy or not all(message.string or ()):
                        message.string = tuple(message.id)
                elif message.fuzzy or not message.string:
                    message.string = message.id
                message.flags.discard("fuzzy")  # the English text is the msgid itself: never a guess to review
            with po.open("wb") as f:
                write_po(f, catalog, omit_header=False, sort_output=True, width=WIDTH)
    return 0


if __name__ == "__main__":
    sys.exit(main())
