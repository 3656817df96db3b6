"""Small-group suppression: which counts of a table of additive counts must not be shown.

The rule (k = the setting TENSTEPS_AUDIT_MIN_GROUP, 5 by default):

1. **Small groups.** A group of respondents (e.g. the job seekers of one centre aiming at one sector) with
   1 to k-1 respondents is suppressed whole: its number of respondents and every count in it (levels, "not enough
   answers", at or above / below the employers' level), zeros included, since a zero of a tiny group tells
   something about each of its members.
2. **Small cells.** Any other count from 1 to k-1 is suppressed too (fewer than k people at a level can be singled
   out as well). Zeros are shown: a zero describes nobody.
3. **Complementary suppression.** The figures are tied by additive relations (total = sum of parts): a region is
   the sum of its centres, a partner of its centres, all sectors the sum of the sectors, a group's respondents the
   sum of its four level counts and "not enough answers", "at or above the employers' level" the sum of the levels
   from that level up. Whenever a relation has exactly ONE hidden figure, that figure could be recovered by
   subtraction (the total minus the shown parts, or respondents minus the other levels), so one more figure of that
   relation is hidden: the smallest positive part not yet hidden (the least information lost; a positive one,
   because hiding a zero protects little), else a zero part, else the total (totals are what readers need most). This is
   repeated until no relation has exactly one hidden figure. The choice is deterministic (ties by key), so the
   same data always give the same table, in the pages and in the exports alike.

4. **No combination either.** Relations taken together can still pin a figure down (x+y, x+z and y+z all shown
   give x). So the hidden figures are then checked by exact linear algebra over every relation at once
   (`recoverable`): while a figure hidden by rules 1 or 2 is still determined by the shown ones, one more figure
   is hidden in each relation of each determined hidden figure (chosen as in rule 3), and rule 3 runs again. When
   every relation of such a figure is hidden already, the smallest shown figure of the nearest relations linked to
   it through hidden figures is hidden instead (a positive one that is no relation's total, if there is one). All
   at once, round by round: a table where most figures are hidden (few respondents) then needs a handful of
   rounds of the exact check, not hundreds (48 s for one report, once).

The result: no small figure can be worked out by adding and subtracting shown figures, whatever the combination
(tests/skills_audit/test_suppression.py checks it on hand-made and random tables). Hidden zeros and hidden large
figures may be determined; they protect nobody by themselves.

Known limits, which the audit's callers respect: the whole table of a period must be suppressed at once (every
report and export of that period is cut from it, see skills_audit.aggregate), and figures of overlapping periods
(a year and its quarters) are not protected against each other, so publish one kind of period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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


def _sort_key(key: Key) -> str:
    return repr(key)


def suppress(
    values: Mapping[Any, int], relations: Iterable[Relation], groups: Iterable[Group], k: int
) -> set[Key]:
    """The cells to hide (see the module's rule). A cell missing from `values` counts as 0. (`values` is keyed by
    Any: a Mapping's key type is invariant, and callers key it by their own tuples.)"""
    if k < 1:
        raise ValueError("k must be at least 1")

    def value(key: Key) -> int:
        return values.get(key, 0)

    hidden: set[Key] = set()
    for group in groups:  # rule 1
        if 0 < value(group.size) < k:
            hidden.add(group.size)
            hidden.update(group.cells)
    hidden.update(key for key, v in values.items() if 0 < v < k)  # rule 2
    # What must stay unknown: every positive figure hidden by rules 1 and 2.
    sensitive = {key for key in hidden if value(key) > 0}

    relations = list(relations)
    by_cell: dict[Key, list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        for cell in relation.cells():
            by_cell[cell].append(index)

    def propagate(new: Iterable[Key]) -> None:
        """Rule 3, with a work list: only relations touching a newly hidden cell need a new look."""
        todo = sorted({i for cell in new for i in by_cell.get(cell, ())}, reverse=True)
        pending = set(todo)
        while todo:
            index = todo.pop()
            pending.discard(index)
            relation = relations[index]
            hidden_here = [c for c in relation.cells() if c in hidden]
            if len(hidden_here) != 1:
                continue
            added = _complement(relation, hidden_here[0], hidden, value)
            if added is None:
                continue
            hidden.add(added)
            for other in by_cell.get(added, ()):
                if other not in pending:
                    pending.add(other)
                    todo.append(other)

    propagate(hidden)
    totals = {relation.total for relation in relations}
    # Rule 4: relations combined can still pin a figure down (x+y, x+z and y+z all known): check exactly, and
    # hide one more figure next to each sensitive figure that is still determined, until none is.
    while True:
        found = recoverable(values, relations, hidden)
        if not found & sensitive:
            return hidden
        # A small figure can be determined through other hidden figures that are determined (e.g. a complement
        # that other relations give away, or a hidden zero): protect those too, the small figures first.
        added = []
        # In every relation of each: one at a time, a figure often stays determined through its other relations,
        # and rounds of the exact check pile up (with fewer figures shown in the end, not more).
        for cell in sorted(found, key=lambda c: (c not in sensitive, value(c) == 0, _sort_key(c))):
            for index in by_cell.get(cell, ()):
                extra = _complement(relations[index], cell, hidden, value)
                if extra is not None:
                    hidden.add(extra)
                    added.append(extra)
        if not added:
            # Every relation of the determined figures is hidden whole: the figures are pinned down by relations
            # further away. For each, hide the smallest shown figure of any relation linked to it through hidden
            # figures (one per figure, not one in all: a round of the exact check costs as much either way).
            for cell in sorted(found & sensitive, key=_sort_key):
                extra = _nearest_shown({cell}, hidden, relations, by_cell, value, totals)
                if extra is not None:
                    hidden.add(extra)
                    added.append(extra)
            if not added:  # everything linked is hidden already
                return hidden
        propagate(added)


def _nearest_shown(
    start: set[Key],
    hidden: set[Key],
    relations: list[Relation],
    by_cell: Mapping[Key, list[int]],
    value: Callable[[Key], int],
    totals: set[Key],
) -> Key | None:
    """A shown figure to hide near `start` (linked to it through hidden figures): breadth first, layer by layer,
    the nearest positive figure that is no relation's total, the smallest first (totals are what readers need
    most); only when there is none anywhere, the smallest shown figure of all."""
    seen_cells, seen_relations = set(start), set[int]()
    frontier = list(start)
    found: set[Key] = set()
    while frontier:
        layer: set[Key] = set()
        next_frontier: list[Key] = []
        for cell in frontier:
            for index in by_cell.get(cell, ()):
                if index in seen_relations:
                    continue
                seen_relations.add(index)
                for other in relations[index].cells():
                    if other not in hidden:
                        layer.add(other)
                    elif other not in seen_cells:
                        seen_cells.add(other)
                        next_frontier.append(other)
        leaves = [c for c in layer if c not in totals and value(c) > 0]
        if leaves:
            return min(leaves, key=lambda c: (value(c), _sort_key(c)))
        found |= layer
        frontier = next_frontier
    if not found:
        return None
    return min(found, key=lambda c: (value(c) == 0, value(c), _sort_key(c)))


def _complement(relation: Relation, lone: Key, hidden: set[Key], value: Callable[[Key], int]) -> Key | None:
    candidates = {p for p in relation.parts if p != lone and p not in hidden}
    parts = sorted(candidates, key=lambda p: (value(p), _sort_key(p)))
    positive = [p for p in parts if value(p) > 0]
    if positive:
        return positive[0]
    if parts:
        return parts[0]
    if relation.total != lone and relation.total not in hidden:
        return relation.total
    return None


_PRIME = (1 << 61) - 1  # arithmetic modulo a large prime: exact for these small integer systems, and fast


def recoverable(values: Mapping[Key, int], relations: Iterable[Relation], hidden: set[Key]) -> set[Key]:
    """The hidden cells that the shown figures determine exactly, through any combination of the relations.

    Linear algebra: a hidden cell is determined when its unit vector lies in the row space of the relations
    restricted to the hidden cells, i.e. when a row of the reduced echelon form has it as its only entry. Sparse
    elimination modulo a large prime (the coefficients are small integers, so ranks are those over the rationals).
    """
    order = {c: i for i, c in enumerate(sorted(hidden, key=_sort_key))}
    pivots: dict[int, dict[int, int]] = {}  # pivot column -> its row (normalised: pivot entry 1)
    # column -> the pivot rows with a (non-pivot) entry in it, so clearing a new pivot column from the other rows
    # touches only the rows that have it (scanning every row each time made a big table cost seconds)
    holders: dict[int, set[int]] = defaultdict(set)
    for relation in relations:
        row: dict[int, int] = {}
        for cell, sign in ((relation.total, -1), *((p, 1) for p in relation.parts)):
            if cell in order:
                col = order[cell]
                row[col] = (row.get(col, 0) + sign) % _PRIME
        row = {c: v for c, v in row.items() if v}
        # Reduce by every pivot row (each holds exactly one pivot column, its own, so one pass is enough)...
        for col in [c for c in row if c in pivots]:
            factor = row.get(col, 0)
            if factor:
                for c, v in pivots[col].items():
                    row[c] = (row.get(c, 0) - factor * v) % _PRIME
        row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        # ...and keep what is left as a new pivot row, cleared from the others.
        col = min(row)
        inverse = pow(row[col], _PRIME - 2, _PRIME)
        row = {c: v * inverse % _PRIME for c, v in row.items()}
        for other_col in holders.pop(col, ()):
            other = pivots[other_col]
            factor = other[col]
            for c, v in row.items():
                updated = (other.get(c, 0) - factor * v) % _PRIME
                if updated:
                    if c not in other:
                        holders[c].add(other_col)
                    other[c] = updated
                elif c in other:
                    del other[c]
                    if c != col:
                        holders[c].discard(other_col)
        for c in row:
            if c != col:
                holders[c].add(col)
        pivots[col] = row
    columns = sorted(hidden, key=_sort_key)
    return {columns[col] for col, row in pivots.items() if len(row) == 1}
