"""Breakdowns below a partner (issues 16 and 18): a table of counts of people, rows by columns, whose total rows are
sums of other rows, protected through skills_audit.protection exactly as the audit's tables are.

Every figure of the table is published (the page, its downloads): counts from 1 to k-1 are hidden ("fewer than k"),
and more figures are hidden where a total minus the figures shown would give a hidden one away (the attacker's
intervals, by integer programming). Totals another page shows exactly (a partner's activity in the results report)
are `fixed`: always shown, known to the attacker, and the protection works around them. Zeros are shown: a zero
describes nobody.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from guide.core.i18n import N_
from guide.core.messages import Message
from skills_audit.aggregate import AuditError
from skills_audit.protection import NoProtection, ProtectionTimeout, protect
from skills_audit.suppression import Group, Relation

Row = Hashable
CellKey = tuple[Row, str]  # (row, column)
Earlier = Sequence[Mapping[CellKey, int]]  # what each earlier release of a table showed, by cell (its numbers)


@dataclass(frozen=True)
class Shown:
    """A figure as published: its number, or None with the reason it is hidden ("small" or "protect")."""

    value: int | None
    reason: str | None = None


@dataclass(frozen=True)
class Breakdown:
    period: str  # "2026-Q1"
    k: int
    rows: tuple[Row, ...]  # in the order shown, total rows included
    columns: tuple[str, ...]
    totals: frozenset[Row]  # rows that are sums of other rows
    cells: Mapping[CellKey, Shown]
    relations: tuple[Relation, ...] = ()  # the sums the attacker knows (no figure in them)

    def cell(self, row: Row, column: str) -> Shown:
        return self.cells[(row, column)]

    def hidden(self) -> int:
        """How many figures are hidden (for the sentence above the table: never a count of people)."""
        return sum(1 for shown in self.cells.values() if shown.value is None)


def protected_table(
    period: str,
    k: int,
    rows: Sequence[Row],
    columns: Sequence[str],
    values: Mapping[CellKey, int],
    sums: Iterable[tuple[Row, Sequence[Row]]],
    fixed_rows: Iterable[Row] = (),
    fixed_cells: Iterable[CellKey] = (),
    groups: Iterable[Group] = (),
    time_limit: float = 30.0,
    earlier: Earlier = (),
) -> Breakdown:
    """The table of `rows` x `columns` with `values` (missing: 0), each sum row = its part rows in every column,
    protected (AuditError, nothing shown, when no protection is found in time). `fixed_rows` and `fixed_cells`: the
    figures another table shows exactly (see the module's docstring). `earlier`: the figures each earlier release
    of the same table and quarter showed (skills_audit.protection.changed_cells)."""
    sums = [(total, tuple(parts)) for total, parts in sums]
    full: dict[CellKey, int] = {(r, c): int(values.get((r, c), 0)) for r in rows for c in columns}
    for total, parts in sums:  # a total is the sum of its parts, whatever it was handed
        for c in columns:
            full[(total, c)] = sum(full[(p, c)] for p in parts)
    relations = [Relation((total, c), tuple((p, c) for p in parts)) for total, parts in sums for c in columns]
    fixed = {(r, c) for r in fixed_rows for c in columns} | set(fixed_cells)
    totals = {total for total, _parts in sums}
    try:
        protection = protect(full, relations, set(full), list(groups), k, time_limit=time_limit,
                             totals={(r, c) for r in totals for c in columns}, fixed=fixed, earlier=earlier)
    except NoProtection as exc:
        raise AuditError(
            Message(N_("The figures of %(period)s cannot be shown: no way was found to hide the small counts without "
                       "giving them away. Nothing is shown."), {"period": period})
        ) from exc
    except ProtectionTimeout as exc:
        raise AuditError(
            Message(N_("The figures of %(period)s could not be protected in time. Nothing is shown: try again later."),
                    {"period": period})
        ) from exc
    cells = {key: Shown(None, protection.reason(key)) if key in protection.hidden else Shown(value)
             for key, value in full.items()}
    return Breakdown(period, k, tuple(rows), tuple(columns), frozenset(totals), cells, tuple(relations))
