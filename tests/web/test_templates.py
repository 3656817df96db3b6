"""No user-visible text is written straight into a template: everything goes through the catalogues."""

import re

import pytest

from guide.web.render import TEMPLATE_DIRS

TEMPLATE_FILES = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
# What may stand between tags: punctuation (… marks a gap in page numbers), symbols and the marks the plan uses for
# ticked/open items.
ALLOWED = re.compile(r"^[\s.,:;·–—…()\[\]!?'\"/|✔☐‹›-]*$")


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_template_text_is_all_translated(path):
    source = path.read_text(encoding="utf-8")
    text = TAG.sub(" ", JINJA.sub(" ", source))
    leftovers = [chunk.strip() for chunk in text.split("  ") if chunk.strip() and not ALLOWED.match(chunk.strip())]
    assert leftovers == []


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_visible_attributes_are_translated(path):
    source = path.read_text(encoding="utf-8")
    for name, value in re.findall(r'\b(aria-label|title|alt|placeholder)="([^"]*)"', source):
        assert "{{" in value or not value.strip(), f"{name}={value!r}"


def test_the_check_catches_hard_coded_text(tmp_path):
    """The checks above are only worth something if they fail on a plain English sentence."""
    text = TAG.sub(" ", JINJA.sub(" ", "<p>{{ _('Fine') }}</p><p>Not translated</p>"))
    assert [c.strip() for c in text.split("  ") if c.strip() and not ALLOWED.match(c.strip())] == ["Not translated"]


def test_templates_refuse_a_variable_nobody_gave_them():
    """A misspelt variable must fail, not render as nothing."""
    from jinja2 import UndefinedError

    from guide.web.render import templates

    with pytest.raises(UndefinedError):
        templates.from_string("{{ misspelt_variable }}").render()
