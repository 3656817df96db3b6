"""Small-group suppression: which counts of the audit's tables must not be shown, and the shapes it works on.

The rule (k = the setting TENSTEPS_AUDIT_MIN_GROUP, 5 by default), applied to the figures that are PUBLISHED only
(every figure of a region or a centre, for each sector of the audit, that a page, a download or an export shows;
totals of all sectors, partners or "no sector" are shown nowhere, so they are neither shown nor protected):

1. **Small groups.** A group of respondents (e.g. the job seekers of one centre aiming at one sector) with
   1 to k-1 respondents is hidden whole: its number of respondents and every count in it (levels, "not enough
   answers", at or above / below the employers' level), zeros included, since a zero of a tiny group tells
   something about each of its members. Labelled "fewer than k", which is true of each of them.
2. **Small cells.** Any other count from 1 to k-1 is hidden too, labelled "fewer than k". Zeros are shown: a zero
   describes nobody.
3. **Complements, checked by the attacker's intervals** (skills_audit.protection). The figures are tied by additive
   relations (a region is the sum of its centres, a group's respondents the sum of its four level counts and "not
   enough answers", "at or above" and "below" the employers' level the sums of the levels on each side of it).
   For every figure hidden by rules 1 and 2, integer programming computes the lowest and highest value an attacker
   can reach from everything published, with counts whole and never negative and with what each label says; more
   figures (of k or more, labelled "hidden to protect another figure") are hidden until no such interval is too
   narrow. The choice is deterministic, so the same data always give the same table, in the pages and the exports.

Known limits, which the audit's callers respect: the whole table of a period is protected at once (every report and
export of that period is cut from it, see skills_audit.aggregate), and figures of overlapping periods (a year and
its quarters) are not protected against each other, so publish one kind of period.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

Key = Hashable


@dataclass(frozen=True)
class Relation:
    """total = sum(parts)."""

    total: Key
    parts: tuple[Key, ...]

    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Group:
    """A group of respondents: `size` is the cell with its number of respondents, `cells` every count in it."""

    size: Key
    cells: tuple[Key, ...]
