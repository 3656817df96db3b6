"""Which published figures to hide, checked by the intervals an attacker can reach (as tau-Argus does).

The attacker has every published figure and knows how they are tied: totals = sums of parts (a region is the sum of
its centres, a group's respondents the sum of its levels and "not enough answers", "at or above" the sum of the
levels from the employers' level up). Counts are whole numbers, never negative, and each hidden figure's label says
why it is hidden, which the attacker uses too:
- "fewer than k" (PRIMARY): a count from 1 to k-1, or any count of a group of 1 to k-1 people (0 to k-1 then);
- "hidden to protect another figure" (COMPLEMENT): only figures of k or more are ever chosen for that, so the
  attacker knows it is at least k (a hidden zero would be a lie of the label, or need "0 or k+", which is no help).

For every sensitive figure (every primary one) the attacker's interval, the lowest and highest value consistent with
all of that, is computed by linear programming, and by integer programming where the linear optimum is not a whole
solution (HiGHS, through highspy). It must be at least `aimed_width(k)` wide (2 for k = 5: a count labelled "fewer
than 5" may be any of three values at least as far as anyone can tell), and where the labels themselves make that
impossible (see `required_width`), at least 1 wide: no figure is ever pinned down. Nothing unpublished narrows it.

Complements are chosen by the protection LP of cell suppression: for a figure whose interval is too narrow, let the
shown figures move (each unit of change costs its weight: few figures first, small ones and no totals first) until
the figure can reach the value it must be able to reach; the figures that had to move are hidden. Then complements
that turn out not to be needed are shown again, totals first. Only what is published is protected: figures of no
page (all sectors, partners, "no sector") are not in the problem at all, so they cost no hidden cell.

A later release of a period (skills_audit.releases) is protected together with the earlier ones: each release's
figures are unknowns of their own, so the attacker's problem over all of them is each release's problem side by
side, and what ties two releases is the difference of a figure shown in both. Every figure shown earlier that now
differs from it by 1 to k-1 (a newcomer, a "Delete my data") is therefore sensitive too (`changed_cells`): hidden,
labelled "to protect another figure", and given the interval a small count gets.

The problem splits into independent blocks (figures tied by no relation cannot tell anything about each other), each
solved on its own: a region and sector with its centres is a block of a few hundred figures.
"""

from __future__ import annotations

import copy
import math
import os
import sys
import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from skills_audit.suppression import Group, Relation

if TYPE_CHECKING:
    import highspy
    import numpy as np
else:

    class _OnFirstUse:
        """A module imported when one of its names is first used: HiGHS and numpy take a good part of a second to
        import, and only the pages that publish figures solve anything (the app's cold start, issue 20)."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attr: str) -> Any:  # noqa: ANN401 - whatever the module holds
            module: ModuleType = import_module(self._name)
            value = getattr(module, attr)
            setattr(self, attr, value)  # the next look-up is a plain attribute's
            return value

    highspy, np = _OnFirstUse("highspy"), _OnFirstUse("numpy")

Key = Hashable
_EPS = 1e-6


class ProtectionTimeout(RuntimeError):
    """No protection pattern was found in the time allowed: nothing may be published."""


class NoProtection(ProtectionTimeout):
    """No protection pattern exists: the labels alone pin a small figure down (e.g. with k = 3, a region of 2
    people in two centres of 1: each "fewer than 3", at least 1, adding up to at most 2). Nothing may be published."""


def required_width(k: int) -> int:
    """How wide the attacker's interval of a sensitive figure must be, at least: 1, two values or more, so that no
    figure is ever pinned down. (The labels alone can make more impossible: four figures of a group labelled "fewer
    than 5" that add up to a figure labelled "fewer than 5" allow each of them only 1 or 2.)"""
    return 1


def aimed_width(k: int) -> int:
    """How wide the protection tries to make it: half of what "fewer than k" allows (1 to k-1), so that at least
    (k-1)//2 + 1 values stay possible (3 of 1..4 for k = 5), wherever hiding more figures can achieve it."""
    return max(1, (k - 1) // 2)


@dataclass
class Protection:
    """The figures to hide: `primary` are small (labelled "fewer than k"), the rest of `hidden` protect them."""

    hidden: set[Key] = field(default_factory=set)
    primary: set[Key] = field(default_factory=set)
    in_small_group: set[Key] = field(default_factory=set)  # figures of a small group (its size not included)
    zeros: set[Key] = field(default_factory=set)  # hidden zeros "to protect another figure", the last resort
    exempt: set[Key] = field(default_factory=set)  # zeros of small groups a shown zero total says already
    fixed: set[Key] = field(default_factory=set)  # figures shown exactly elsewhere: never hidden, never chosen
    # figures of k or more that changed by 1 to k-1 since an earlier release of the period showed them (see
    # `changed_cells`): hidden, labelled "to protect another figure", and given an interval like a small count
    changed: set[Key] = field(default_factory=set)
    blocks: int = 0
    seconds: float = 0.0

    @property
    def sensitive(self) -> set[Key]:
        return (self.primary - self.exempt) | self.changed

    def reason(self, key: Key) -> str | None:
        if key not in self.hidden:
            return None
        return "small" if key in self.primary else "protect"


_highs_lock = threading.Lock()
_banner_done = False


def _new_highs() -> highspy.Highs:
    """A silent solver. HiGHS prints a banner on stdout when the first solver of a process is made: the command
    line's output (and a CSV piped from it) must not carry it, so that one construction writes to /dev/null."""
    global _banner_done
    with _highs_lock:
        if _banner_done:
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
        else:
            import ctypes

            sys.stdout.flush()
            saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, 1)
                highs = highspy.Highs()  # type: ignore[no-untyped-call]
                ctypes.CDLL(None).fflush(None)
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(null)
            _banner_done = True
    highs.setOptionValue("output_flag", False)
    return highs


@dataclass
class _Block:
    cells: list[Key]
    index: dict[Key, int]
    rows: list[list[tuple[int, float]]]  # each relation: sum(parts) - total = 0


def _blocks(cells: Iterable[Key], relations: Iterable[Relation]) -> list[_Block]:
    """Connected components of the published figures through the relations (union-find)."""
    parent: dict[Key, Key] = {c: c for c in cells}

    def find(c: Key) -> Key:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    kept = [r for r in relations if all(c in parent for c in r.cells())]
    for relation in kept:
        root = find(relation.total)
        for part in relation.parts:
            other = find(part)
            if other != root:
                parent[other] = root
    members: dict[Key, list[Key]] = defaultdict(list)
    for c in parent:
        members[find(c)].append(c)
    by_root: dict[Key, list[Relation]] = defaultdict(list)
    for relation in kept:
        by_root[find(relation.total)].append(relation)
    blocks = []
    for root in sorted(members, key=repr):
        block_cells = sorted(members[root], key=repr)
        index = {c: i for i, c in enumerate(block_cells)}
        rows = []
        for relation in by_root.get(root, []):
            row: dict[int, float] = defaultdict(float)
            row[index[relation.total]] -= 1.0
            for part in relation.parts:
                row[index[part]] += 1.0
            entries = [(i, v) for i, v in row.items() if v]
            if entries:
                rows.append(entries)
        blocks.append(_Block(block_cells, index, rows))
    return blocks


class _Attacker:
    """The attacker's problem for one block: shown figures fixed, hidden ones within what their labels say."""

    def __init__(
        self, block: _Block, values: Mapping[Any, int], deadline: float, k: int = 1, zeros: Iterable[Key] = ()
    ) -> None:
        """`zeros`: hidden zeros labelled "to protect another figure": the attacker knows such a figure is 0 or k
        and more, which takes a whole-number switch each (x >= k*b, x <= big*b)."""
        self.block = block
        self.values = values
        self.deadline = deadline
        n = len(block.cells)
        self.n = n
        switched = sorted(block.index[c] for c in zeros if c in block.index)
        big = float(2 * sum(values.get(c, 0) for c in block.cells) + k)
        rows = list(block.rows)
        row_lower = [0.0] * len(rows)
        row_upper = [0.0] * len(rows)
        for j, i in enumerate(switched):
            rows.append([(i, 1.0), (n + j, -float(k))])
            row_lower.append(0.0)
            row_upper.append(highspy.kHighsInf)
            rows.append([(i, 1.0), (n + j, -big)])
            row_lower.append(-highspy.kHighsInf)
            row_upper.append(0.0)
        self.columns = n + len(switched)
        self.highs = _new_highs()
        lp = highspy.HighsLp()
        lp.num_col_ = self.columns
        lp.num_row_ = len(rows)
        lp.col_cost_ = np.zeros(self.columns)
        lp.col_lower_ = np.array([float(values.get(c, 0)) for c in block.cells] + [0.0] * len(switched))
        lp.col_upper_ = np.array([float(values.get(c, 0)) for c in block.cells] + [1.0] * len(switched))
        lp.row_lower_ = np.array(row_lower)
        lp.row_upper_ = np.array(row_upper)
        starts, indices, coefficients = _columns(rows, self.columns)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = starts
        lp.a_matrix_.index_ = indices
        lp.a_matrix_.value_ = coefficients
        self.highs.passModel(lp)
        self.costed: int | None = None
        self.integer = False
        self.seen_lo: Any = None
        self.seen_hi: Any = None
        self.witnesses: list[Any] = []
        self.truth = np.array([float(values.get(c, 0)) for c in block.cells])
        self.all_columns = np.arange(n, dtype=np.int32)
        self.reset_witnesses()

    def set_bounds(
        self, bounds: Mapping[int, tuple[float, float]], fixed: int | None = None, wider: bool = False
    ) -> None:
        """New bounds for the hidden figures. The whole solutions found so far stay witnesses where they still are
        solutions: all of them when the bounds only got `wider` (more hidden), those that have the true value of
        `fixed` when only that figure was shown again; none otherwise."""
        if wider:
            pass
        elif fixed is not None:
            truth = float(self.values.get(self.block.cells[fixed], 0))
            self.witnesses = [w for w in self.witnesses if w[fixed] == truth]
            self._recount()
        else:
            self.reset_witnesses()
        lower, upper = self.truth.copy(), self.truth.copy()
        for i, (lo, hi) in bounds.items():
            lower[i], upper[i] = lo, hi
        self.highs.changeColsBounds(self.n, self.all_columns, lower, upper)

    def _solve(self, col: int, maximise: bool, integer: bool) -> tuple[float, Any]:
        """The optimum of x[col], and the solution when it is whole (an integer solution: a witness of the values
        the attacker cannot rule out), else None."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ProtectionTimeout
        highs = self.highs
        highs.setOptionValue("time_limit", remaining)
        if self.costed is not None and self.costed != col:
            highs.changeColCost(self.costed, 0.0)
        highs.changeColCost(col, 1.0)
        self.costed = col
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
        if integer != self.integer:
            kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
            highs.changeColsIntegrality(
                self.columns, np.arange(self.columns, dtype=np.int32), np.array([kind] * self.columns)
            )
            self.integer = integer
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            raise ProtectionTimeout
        if status != highspy.HighsModelStatus.kOptimal:
            # unbounded (or HiGHS' "unbounded or infeasible": the true values are a solution, so unbounded)
            return (math.inf if maximise else -math.inf), None
        value = float(highs.getInfo().objective_function_value)
        solution = np.asarray(highs.getSolution().col_value)
        whole = bool(np.all(np.abs(solution - np.round(solution)) < _EPS))
        return value, (np.round(solution[: self.n]) if whole else None)

    def bound(self, col: int, maximise: bool) -> float:
        """The attacker's lowest or highest value of x[col] over whole numbers."""
        value, solution = self._solve(col, maximise, integer=False)
        if solution is None and math.isfinite(value):
            value, solution = self._solve(col, maximise, integer=True)
        if solution is not None:
            self._witness(solution)
        return float(round(value)) if math.isfinite(value) else value

    def _witness(self, solution: Any) -> None:
        if len(self.witnesses) < 256:
            self.witnesses.append(solution)
        self.seen_lo = np.minimum(self.seen_lo, solution)
        self.seen_hi = np.maximum(self.seen_hi, solution)

    def _recount(self) -> None:
        stack = np.vstack([self.truth, *self.witnesses])
        self.seen_lo, self.seen_hi = stack.min(axis=0), stack.max(axis=0)

    def reset_witnesses(self) -> None:
        """Only the true values are known to be a solution."""
        self.witnesses = []
        self._recount()

    def spread(self, cols: list[int]) -> None:
        """Two solves that push all of `cols` up, then all down at once: their whole solutions are witnesses for many
        figures together, so that most need no solve of their own."""
        if len(cols) < 4:
            return
        costs = np.zeros(self.columns)
        costs[cols] = 1.0
        highs = self.highs
        for maximise in (True, False):
            if self.deadline - time.monotonic() <= 0:
                raise ProtectionTimeout
            highs.changeColsCost(self.columns, np.arange(self.columns, dtype=np.int32), costs)
            self.costed = None
            highs.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
            highs.run()
            if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                solution = np.asarray(highs.getSolution().col_value)
                if bool(np.all(np.abs(solution - np.round(solution)) < _EPS)):
                    self._witness(np.round(solution[: self.n]))
        highs.changeColsCost(self.columns, np.arange(self.columns, dtype=np.int32), np.zeros(self.columns))

    def interval(self, col: int) -> tuple[float, float]:
        return self.bound(col, False), self.bound(col, True)

    def at_least(self, col: int, width: float) -> tuple[bool, float, float]:
        """Whether x[col]'s interval is `width` wide or more, with the interval as far as it was needed: whole
        solutions found on the way (each a set of values the attacker cannot rule out) often show it without a
        solve of its own."""
        lo, hi = float(self.seen_lo[col]), float(self.seen_hi[col])
        if hi - lo >= width - _EPS:
            return True, lo, hi
        hi = self.bound(col, True)
        if hi - lo >= width - _EPS:
            return True, min(lo, float(self.seen_lo[col])), hi
        lo = self.bound(col, False)
        return hi - lo >= width - _EPS, lo, hi


def _columns(rows: list[list[tuple[int, float]]], n: int) -> tuple[Any, Any, Any]:
    by_col: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for r, entries in enumerate(rows):
        for c, v in entries:
            by_col[c].append((r, v))
    starts = [0]
    indices: list[int] = []
    coefficients: list[float] = []
    for entries in by_col:
        for r, v in entries:
            indices.append(r)
            coefficients.append(v)
        starts.append(len(indices))
    return np.array(starts, dtype=np.int32), np.array(indices, dtype=np.int32), np.array(coefficients)


def primary_cells(
    values: Mapping[Any, int], published: AbstractSet[Key], groups: Iterable[Group], k: int
) -> tuple[set[Key], set[Key]]:
    """(primary, of small groups): published counts from 1 to k-1, and every published count of a group of 1 to
    k-1 people (its zeros too: a zero of a tiny group tells something about each of its members)."""
    primary: set[Key] = set()
    in_small_group: set[Key] = set()
    for group in groups:
        if 0 < values.get(group.size, 0) < k:
            cells = {c for c in (group.size, *group.cells) if c in published}
            primary |= cells
            in_small_group |= cells - {group.size}
    primary |= {c for c in published if 0 < values.get(c, 0) < k}
    return primary, in_small_group


def changed_cells(
    values: Mapping[Any, int], published: Iterable[Key], earlier: Sequence[Mapping[Any, int]], k: int
) -> set[Key]:
    """The published figures that a person's arrival or "Delete my data" decides against an earlier release of the
    same period: shown there as a number, and now different from it by 1 to k-1. Shown again, the difference would
    be that person (or those few people); hidden, the attacker's interval of the new figure is the interval of the
    difference, since the earlier figure is known exactly.

    A figure the earlier release hid is not here: the difference is then at least as uncertain as that hidden
    figure was, which that release's own audit made at least `required_width(k)` wide (the releases share no
    variable: the attacker's problem over all of them is each release's problem side by side)."""
    if not earlier:
        return set()
    out: set[Key] = set()
    for cell in published:
        value = values.get(cell, 0)
        if any(cell in shown and 0 < abs(value - shown[cell]) < k for shown in earlier):
            out.add(cell)
    return out


def forced_zeros(
    values: Mapping[Any, int], relations: Iterable[Relation], published: AbstractSet[Key], primary: set[Key]
) -> set[Key]:
    """Hidden zeros (of small groups) that a zero total shown says already: when a region has nobody at level 1, nor
    has any of its centres, and that is about everyone in the region, nobody in particular. They are hidden, but
    need no interval (no hiding could give them one)."""
    relations = [r for r in relations if r.total in published and all(p in published for p in r.parts)]
    forced: set[Key] = set()
    changed = True
    while changed:
        changed = False
        for relation in relations:
            total = relation.total
            if values.get(total, 0) == 0 and (total not in primary or total in forced):
                for part in relation.parts:
                    if part in primary and part not in forced and values.get(part, 0) == 0:
                        forced.add(part)
                        changed = True
    return forced


def label_bounds(
    key: Key, primary: set[Key], in_small_group: set[Key], k: int, zeros: AbstractSet[Key] = frozenset()
) -> tuple[float, float]:
    """What a hidden figure's label tells: "fewer than k" (at least 1, unless a figure of a small group: zeros of a
    small group are hidden, all other zeros are shown), or "to protect another figure" (k or more)."""
    if key in primary:
        return (0.0 if key in in_small_group else 1.0), float(k - 1)
    if key in zeros:  # 0 or k and more: the attacker's switch says which (see _Attacker)
        return 0.0, highspy.kHighsInf
    return float(k), highspy.kHighsInf


def intervals(
    values: Mapping[Any, int],
    relations: Iterable[Relation],
    published: AbstractSet[Key],
    protection: Protection,
    k: int,
    time_limit: float = 60.0,
) -> dict[Key, tuple[float, float]]:
    """The attacker's interval of every sensitive figure, over whole numbers (the audit that tests, the release and
    the benchmark run)."""
    deadline = time.monotonic() + time_limit
    out: dict[Key, tuple[float, float]] = {}
    sensitive = protection.sensitive
    for block in _blocks(published, relations):
        cells = [c for c in block.cells if c in sensitive]
        if not cells:
            continue
        attacker = _Attacker(block, values, deadline, k, protection.zeros)
        attacker.set_bounds({
            block.index[c]: label_bounds(c, protection.primary, protection.in_small_group, k, protection.zeros)
            for c in block.cells
            if c in protection.hidden
        })
        for cell in cells:
            out[cell] = attacker.interval(block.index[cell])
    return out


def narrow(
    values: Mapping[Any, int],
    relations: Iterable[Relation],
    published: AbstractSet[Key],
    protection: Protection,
    k: int,
    time_limit: float = 60.0,
) -> dict[Key, tuple[float, float]]:
    """The sensitive figures whose interval is narrower than required (none, when the protection holds)."""
    out = {}
    for cell, (lo, hi) in intervals(values, relations, published, protection, k, time_limit).items():
        lo_label, hi_label = label_bounds(cell, protection.primary, protection.in_small_group, k)
        if hi - lo < min(hi_label - lo_label, required_width(k)) - _EPS:
            out[cell] = (lo, hi)
    return out


def protect(
    values: Mapping[Any, int],
    relations: Iterable[Relation],
    published: Iterable[Key],
    groups: Iterable[Group],
    k: int,
    time_limit: float = 60.0,
    totals: AbstractSet[Key] | None = None,
    fixed: AbstractSet[Key] = frozenset(),
    earlier: Sequence[Mapping[Any, int]] = (),
) -> Protection:
    """Choose the figures to hide among `published` (see the module's docstring). `totals`: figures readers need
    most (respondents, regions), hidden only when nothing cheaper protects. `fixed`: published figures that another
    page shows exactly whatever this table hides (a partner's activity totals in the results report): never hidden
    here, never chosen as a complement, and known to the attacker. `earlier`: the figures each earlier release of
    the same period showed (see `changed_cells`). ProtectionTimeout past `time_limit`.

    The choice is a function of its inputs alone, so a table protected once is not solved again while its figures
    stay the same (a report viewed again, its downloads): the result is kept under the whole input, compared
    exactly, and each caller gets its own copy."""
    relations = list(relations)
    published = frozenset(published)
    key = (
        tuple(sorted(values.items(), key=repr)), tuple(relations), published, tuple(groups), k,
        frozenset(totals or ()), frozenset(fixed), frozenset(changed_cells(values, published, earlier, k) - fixed),
    )
    with _cache_lock:
        cached = _protected.get(key)
        if cached is not None:
            _protected.move_to_end(key)
            return copy.deepcopy(cached)
    protection = _protect(values, relations, key[2], key[3], k, time_limit, totals, frozenset(fixed), key[7])
    with _cache_lock:
        _protected[key] = copy.deepcopy(protection)
        while len(_protected) > PROTECTED_KEPT:
            _protected.popitem(last=False)
    return protection


PROTECTED_KEPT = 16  # tables kept solved: a period's few reports and their downloads
_protected: OrderedDict[tuple[Any, ...], Protection] = OrderedDict()
_cache_lock = threading.Lock()


def _protect(
    values: Mapping[Any, int],
    relations: Iterable[Relation],
    published: Iterable[Key],
    groups: Iterable[Group],
    k: int,
    time_limit: float,
    totals: AbstractSet[Key] | None,
    fixed: AbstractSet[Key] = frozenset(),
    changed: AbstractSet[Key] = frozenset(),
) -> Protection:
    if k < 1:
        raise ValueError("k must be at least 1")
    started = time.monotonic()
    deadline = started + time_limit
    published = set(published)
    relations = list(relations)
    primary, in_small_group = primary_cells(values, published, groups, k)
    primary, in_small_group = primary - fixed, in_small_group - fixed
    changed = {c for c in changed if values.get(c, 0) >= k} - primary  # smaller ones are small counts already
    protection = Protection(hidden=primary | changed, primary=primary, in_small_group=in_small_group,
                            fixed=set(fixed), changed=changed)
    protection.exempt = forced_zeros(values, relations, published, primary)
    if k < 2:
        return protection
    blocks = _blocks(published, relations)
    protection.blocks = len(blocks)
    for block in blocks:
        if any(c in protection.sensitive for c in block.cells):
            _protect_block(block, values, protection, k, deadline, totals or set())
    protection.seconds = time.monotonic() - started
    return protection


def _protect_block(
    block: _Block,
    values: Mapping[Any, int],
    protection: Protection,
    k: int,
    deadline: float,
    totals: AbstractSet[Key],
) -> None:
    required, aimed = required_width(k), aimed_width(k)
    primary, hidden, in_small_group = protection.primary, protection.hidden, protection.in_small_group
    zeros = protection.zeros
    attacker = _Attacker(block, values, deadline, k, zeros)
    biggest = max((values.get(c, 0) for c in block.cells), default=1) or 1
    sensitive = [c for c in block.cells if c in protection.sensitive]
    # figures whose aimed width no more hiding can give (their labels bound them): the required width must do
    settled: set[Key] = set()

    def weight(c: Key) -> float:
        # a few figures first (each costs at least 1), then small ones, totals last
        return 1.0 + 0.5 * values.get(c, 0) / biggest + (2.0 if c in totals else 0.0)

    def set_bounds(fixed: Key | None = None, wider: bool = False) -> None:
        attacker.set_bounds(
            {block.index[c]: label_bounds(c, primary, in_small_group, k, zeros) for c in block.cells if c in hidden},
            fixed=None if fixed is None else block.index[fixed],
            wider=wider,
        )

    def linked(cells: set[Key]) -> set[Key]:
        cols = {block.index[c] for c in cells}
        return {block.cells[i] for row in block.rows if any(i in cols for i, _ in row) for i, _ in row}

    def width(cell: Key) -> float:
        # never more than its label allows (k = 2: "fewer than 2" is 1, and no table can hide what the label says)
        lo_label, hi_label = label_bounds(cell, primary, in_small_group, k)
        return min(hi_label - lo_label, required if cell in settled else aimed)

    def failing() -> list[Key]:
        set_bounds(wider=True)
        attacker.spread([block.index[c] for c in sensitive])
        return [c for c in sensitive if not attacker.at_least(block.index[c], width(c))[0]]

    todo = failing()
    while todo:
        changed = False
        for cell in todo:
            if changed:
                set_bounds(wider=True)
            wide, lo, hi = attacker.at_least(block.index[cell], width(cell))
            if wide:
                continue
            target = _target(values.get(cell, 0), label_bounds(cell, primary, in_small_group, k), width(cell))
            added: set[Key] = set()
            for goal, reached in ((target[1], hi >= target[1]), (target[0], lo <= target[0])):
                if not reached:
                    added |= _complements(block, values, protection, k, cell, goal, weight, deadline)
            changed = True
            if added:
                hidden |= added
            elif cell not in settled and hi - lo >= required - _EPS:
                settled.add(cell)
            else:
                # nothing that may be hidden lets the figure move, as linear programming sees it (whole numbers
                # may see less): hide the block's figures of k or more, nearest the figure first
                rest = [c for c in block.cells
                        if c not in hidden and c not in protection.fixed and values.get(c, 0) >= k]
                if not rest:
                    if cell not in settled:
                        settled.add(cell)
                        continue
                    # The last resort: the labels themselves pin the figure down (three figures "fewer than 5",
                    # so at least 1 each, and one of 5 or more that add up to 8). Hide zeros next to it, labelled
                    # "to protect another figure": 0 or k and more, which frees the sums.
                    shown_zeros = {c for c in block.cells
                                   if c not in hidden and c not in protection.fixed and values.get(c, 0) == 0}
                    near_zeros = shown_zeros & linked({cell}) or shown_zeros & linked(hidden & set(block.cells))
                    if not near_zeros:
                        raise NoProtection("no protection pattern")
                    zeros |= near_zeros
                    hidden |= near_zeros
                    attacker = _Attacker(block, values, deadline, k, zeros)
                    continue
                near = [c for c in rest if c in linked({cell})] or rest
                hidden.add(min(near, key=lambda c: (weight(c), repr(c))))
        todo = failing()
    # Complements that are not needed after all are shown again: the most wanted figures first.
    complements = sorted(
        (c for c in block.cells
         if c in hidden and c not in primary and c not in zeros and c not in protection.changed),
        key=lambda c: (c not in totals, -values.get(c, 0), repr(c)),
    )
    for cell in complements:
        hidden.discard(cell)
        set_bounds(fixed=cell)
        # the figures next to it first: if showing it gives one away, it is most likely one of those
        nearby = linked({cell})
        order = sorted(sensitive, key=lambda s: s not in nearby)
        if not all(attacker.at_least(block.index[s], width(s))[0] for s in order):
            hidden.add(cell)
            set_bounds(wider=True)


def _target(value: int, label: tuple[float, float], width: float) -> tuple[float, float]:
    """The interval around the true value that the attacker must not be able to narrow: `width` wide, inside what
    the label allows, the true value as near its middle as the label lets it be."""
    lo_label, hi_label = label
    if hi_label - lo_label <= width:
        return lo_label, hi_label
    lo = max(lo_label, min(value - width // 2, hi_label - width))
    return lo, lo + width


def _complements(
    block: _Block,
    values: Mapping[Any, int],
    protection: Protection,
    k: int,
    cell: Key,
    goal: float,
    weight: Callable[[Key], float],
    deadline: float,
) -> set[Key]:
    """The protection LP: the cheapest change of shown figures (of k or more; they stay k or more) that lets `cell`
    be `goal`; the figures it changes are the ones to hide. Empty when no such change exists."""
    primary, hidden, in_small_group = protection.primary, protection.hidden, protection.in_small_group
    n = len(block.cells)
    movable = [i for i, c in enumerate(block.cells)
               if c not in hidden and c not in protection.fixed and values.get(c, 0) >= k]
    # columns: x (n), then for each movable figure an increase and a decrease
    m = len(movable)
    total_cols = n + 2 * m
    lower = np.zeros(total_cols)
    upper = np.full(total_cols, highspy.kHighsInf)
    cost = np.zeros(total_cols)
    for i, c in enumerate(block.cells):
        if c in hidden:
            lower[i], upper[i] = label_bounds(c, primary, in_small_group, k)
        elif i in set(movable):
            lower[i], upper[i] = float(k), highspy.kHighsInf
        else:
            lower[i] = upper[i] = float(values.get(c, 0))
    target = block.index[cell]
    lower[target] = upper[target] = goal
    rows = list(block.rows)
    row_lower = [0.0] * len(rows)
    for j, i in enumerate(movable):
        # x_i - up_j + down_j = value_i
        rows.append([(i, 1.0), (n + 2 * j, -1.0), (n + 2 * j + 1, 1.0)])
        row_lower.append(float(values.get(block.cells[i], 0)))
        cost[n + 2 * j] = cost[n + 2 * j + 1] = weight(block.cells[i])
    highs = _new_highs()
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ProtectionTimeout
    highs.setOptionValue("time_limit", remaining)
    lp = highspy.HighsLp()
    lp.num_col_ = total_cols
    lp.num_row_ = len(rows)
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = np.array(row_lower)
    lp.row_upper_ = np.array(row_lower)
    starts, indices, coefficients = _columns(rows, total_cols)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = indices
    lp.a_matrix_.value_ = coefficients
    highs.passModel(lp)
    highs.run()
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kTimeLimit:
        raise ProtectionTimeout
    if status != highspy.HighsModelStatus.kOptimal:
        return set()
    solution = np.asarray(highs.getSolution().col_value)
    return {
        block.cells[i]
        for j, i in enumerate(movable)
        if solution[n + 2 * j] > _EPS or solution[n + 2 * j + 1] > _EPS
    }
