"""Texts of the audit as data: a gettext message id and its parameters, rendered in a language when shown.

The domain never formats a sentence itself; it returns `Message`s, so the pages, the exports and the command line
show them in the reader's language. Message ids are marked with guide.i18n.N_ where they are defined, so the
catalogues pick them up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from guide.core.i18n import translations


@dataclass(frozen=True)
class Percent:
    """A share from 0 to 1, shown as a whole percentage ("62%")."""

    value: float


@dataclass(frozen=True)
class Name:
    """Something named in the reader's language: kind "region", "sector" or "competence" and its id."""

    kind: str
    id: str


NameResolver = Callable[[Name, str], str]


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)
    plural: str | None = None  # with `n`: rendered with ngettext, n is the %(num)s of the text
    n: int | None = None

    def render(self, locale: str, names: NameResolver | None = None) -> str:
        catalogue = translations(locale)
        if self.plural is not None:
            text = catalogue.ngettext(self.msgid, self.plural, self.n or 0)
        else:
            text = catalogue.gettext(self.msgid)
        values = {key: format_value(value, locale, names) for key, value in self.params.items()}
        if self.plural is not None:
            values.setdefault("num", format_value(self.n or 0, locale, names))
        return text % values if values else text


def format_value(value: object, locale: str, names: NameResolver | None = None) -> str:
    if isinstance(value, Percent):
        return format_percent(value.value, locale=locale)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_decimal(value, locale=locale)
    if isinstance(value, date):
        return format_date(value, format="long", locale=locale)
    if isinstance(value, Name):
        return names(value, locale) if names else value.id
    return str(value)


class Problems(ValueError):
    """Bad input, field by field: what is wrong with each field as a Message, worded at the edge (a page, the command
    line) in the reader's language. The one way a service says that what it was given will not do."""

    def __init__(self, errors: Mapping[str, Message]) -> None:
        super().__init__("invalid input: " + ", ".join(errors))
        self.errors: dict[str, Message] = dict(errors)

    def worded(self, locale: str, order: tuple[str, ...] = (), names: NameResolver | None = None) -> dict[str, str]:
        """Field -> text in `locale`; the fields named in `order` first and in that order (the page's order, so the
        error summary lists them as the form shows them). `names` words the `Name`s the messages hold."""
        def place(field: str) -> int:
            return order.index(field) if field in order else len(order)

        return {field: self.errors[field].render(locale, names) for field in sorted(self.errors, key=place)}
