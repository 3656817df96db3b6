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
   because hiding a zero protects nothing that people could not guess), else a zero part, else the total. This is
   repeated until no relation has exactly one hidden figure. The choice is deterministic (ties by key), so the
   same data always give the same table, in the pages and in the exports alike.

The result: no hidden figure can be worked out from one relation. Tests also check, by exact linear algebra over
every relation at once, that no hidden figure is determined by the shown ones on hand-made and random tables
(tests/skills_audit/test_suppression.py). Known limits, which the audit's callers respect: the whole table of a
period must be suppressed at once (every report and export of that period is cut from it, see
skills_audit.aggregate), and figures of overlapping periods (a year and its quarters) are not protected against
each other, so publish one kind of period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
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


def _sort_key(key: Key) -> str:
    return repr(key)


def suppress(
    values: Mapping[Key, int], relations: Iterable[Relation], groups: Iterable[Group], k: int
) -> set[Key]:
    """The cells to hide (see the module's rule). A cell missing from `values` counts as 0."""
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

    relations = list(relations)
    by_cell: dict[Key, list[int]] = defaultdict(list)
    for index, relation in enumerate(relations):
        for cell in relation.cells():
            by_cell[cell].append(index)

    # Rule 3, with a work list: only relations touching a newly hidden cell need a new look.
    todo = sorted({i for cell in hidden for i in by_cell.get(cell, ())})
    pending = set(todo)
    while todo:
        index = todo.pop()
        pending.discard(index)
        relation = relations[index]
        hidden_here = [c for c in relation.cells() if c in hidden]
        if len(hidden_here) != 1:
            continue
        added = _complement(relation, hidden_here[0], hidden, value)
        if added is None:  # every other figure of the relation is hidden already: cannot happen with len == 1
            continue
        hidden.add(added)
        for other in by_cell.get(added, ()):
            if other not in pending:
                pending.add(other)
                todo.append(other)
    return hidden


def _complement(relation: Relation, lone: Key, hidden: set[Key], value) -> Key | None:  # noqa: ANN001
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


def recoverable(values: Mapping[Key, int], relations: Iterable[Relation], hidden: set[Key]) -> set[Key]:
    """The hidden cells that the shown figures determine exactly, through any combination of the relations.

    Exact linear algebra (fractions): a hidden cell is determined when its unit vector lies in the row space of the
    relations restricted to the hidden cells. Used by the tests to check `suppress`; cubic in the number of hidden
    cells, so not meant for large tables.
    """
    from fractions import Fraction

    columns = sorted(hidden, key=_sort_key)
    position = {c: i for i, c in enumerate(columns)}
    rows: list[list[Fraction]] = []
    for relation in relations:
        row = [Fraction(0)] * len(columns)
        touched = False
        for cell, sign in ((relation.total, -1), *((p, 1) for p in relation.parts)):
            if cell in position:
                row[position[cell]] += sign
                touched = True
        if touched and any(row):
            rows.append(row)
    # reduced row echelon form
    pivot_row = 0
    for col in range(len(columns)):
        found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        pivot = rows[pivot_row][col]
        rows[pivot_row] = [x / pivot for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    found_cells = set()
    for row in rows[:pivot_row]:
        nonzero = [i for i, x in enumerate(row) if x != 0]
        if len(nonzero) == 1:
            found_cells.add(columns[nonzero[0]])
    return found_cells
