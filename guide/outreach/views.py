"""The outreach pages as views: the form with the partner's recent tallies, and the confirmation to remove one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date

from guide.content.library import get_library
from guide.core import i18n
from guide.outreach.service import KINDS, TallyInput, TallyRow, neighbourhoods
from skills_audit.reach_counts import LABELS

KIND_WORDS = LABELS  # the kinds' words, as the results report names them


@dataclass(frozen=True)
class ShownTally:
    id: int
    day: str  # "3 December 2026", in the page's language
    centre: str
    kind: str
    count: int


@dataclass(frozen=True)
class OutreachPage:
    partner: str
    typed: TallyInput
    centres: Sequence[tuple[str, str]]  # id, name
    neighbourhoods: Sequence[tuple[str, Sequence[str]]]  # a centre's name and its neighbourhoods, if any has them
    kinds: Sequence[tuple[str, str]]  # id, words
    tallies: Sequence[ShownTally] = ()
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""


@dataclass(frozen=True)
class DeletePage:
    tally: ShownTally


def _centre_name(centre: str, locale: str) -> str:
    found = get_library().centres.get(centre)
    return found.name(locale) if found else centre


def shown(row: TallyRow, locale: str) -> ShownTally:
    found = get_library().centres.get(row.centre_id)
    day = format_date(row.day, format="long", locale=i18n.format_locale(found.country if found else ""))
    kind = i18n.gettext(KIND_WORDS[row.kind]) if row.kind in KIND_WORDS else row.kind
    place = _centre_name(row.centre_id, locale)
    if row.neighbourhood:
        place = f"{place}, {row.neighbourhood}"
    return ShownTally(row.id, day, place, kind, row.count)


def outreach_page(partner: str, centres: Sequence[str], tallies: Sequence[TallyRow], locale: str,
                  typed: TallyInput | None = None, errors: Mapping[str, str] | None = None,
                  notice: str = "", today: date | None = None) -> OutreachPage:
    """The form (today's date and the only centre filled in when nothing was typed) and the recent tallies."""
    if typed is None:
        typed = TallyInput(day=(today or date.today()).isoformat(), centre=centres[0] if len(centres) == 1 else "")
    return OutreachPage(
        partner=partner,
        typed=typed,
        centres=[(c, _centre_name(c, locale)) for c in centres],
        neighbourhoods=[(_centre_name(c, locale), neighbourhoods(c)) for c in centres if neighbourhoods(c)],
        kinds=[(k, i18n.gettext(KIND_WORDS[k])) for k in KINDS],
        tallies=[shown(t, locale) for t in tallies],
        errors=dict(errors or {}),
        notice=notice,
    )
