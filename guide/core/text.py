"""Text as people and files hand it to the app, cleaned the same way wherever it comes in (forms and imports)."""

from __future__ import annotations

# Control characters other than tab and line breaks cannot be typed, only pasted, forged or brought in by a file;
# PostgreSQL refuses NUL in text outright, and no page has a use for the others.
CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def without_control_characters(text: str) -> str:
    """The text without the control characters that forms drop (tab, line feed and carriage return stay)."""
    return text.translate(CONTROL_CHARACTERS)
