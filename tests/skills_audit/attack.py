"""The attacker of the review in issue 13, written apart from skills_audit.protection so that a mistake there is
not repeated here: integer programming (HiGHS) over every figure published, with what each label says.

Given tables as published (each a mapping of figure -> number, or None when hidden, and its label), the relations
between the figures, and k: for every hidden figure, the lowest and highest value that whole, non-negative numbers
consistent with everything allow. A hidden count from 1 to k-1 whose lowest and highest are equal is recovered.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

import highspy
import numpy as np

from skills_audit.suppression import Relation

SMALL = "small"  # the label "fewer than k"
PROTECT = "protect"  # the label "hidden to protect another figure"


def bounds_from_labels(label: str | None, shown: int | None, k: int, in_small_group: bool) -> tuple[float, float]:
    if label is None:
        assert shown is not None
        return float(shown), float(shown)
    if label == SMALL:
        return (0.0 if in_small_group else 1.0), float(k - 1)
    return 0.0, highspy.kHighsInf  # 0, or k and more: a whole-number switch says which (see _attack_part)


def attack(
    publications: Iterable[Mapping[Hashable, tuple[int | None, str | None]]],
    relations: Iterable[Relation],
    k: int,
    small_group_cells: set[Hashable],
) -> dict[Hashable, tuple[float, float]]:
    """Every publication (figure -> (value shown or None, label)) constrains the same true figures: the union of
    what was published. Returns figure -> (lowest, highest) for every figure hidden somewhere."""
    lower: dict[Hashable, float] = {}
    upper: dict[Hashable, float] = {}
    switched: set[Hashable] = set()  # labelled "to protect another figure" somewhere: 0, or k and more
    for publication in publications:
        for cell, (value, label) in publication.items():
            if label == PROTECT:
                switched.add(cell)
            lo, hi = bounds_from_labels(label, value, k, cell in small_group_cells)
            lower[cell] = max(lower.get(cell, 0.0), lo)
            upper[cell] = min(upper.get(cell, highspy.kHighsInf), hi)
    rows = list({r for r in relations if all(c in lower for c in r.cells())})
    # figures tied by no relation tell nothing about each other: one problem per connected part, for speed
    parent = {c: c for c in lower}

    def find(c: Hashable) -> Hashable:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for relation in rows:
        for part in relation.parts:
            parent[find(part)] = find(relation.total)
    parts: dict[Hashable, list[Hashable]] = {}
    for c in sorted(lower, key=repr):
        parts.setdefault(find(c), []).append(c)
    part_rows: dict[Hashable, list[Relation]] = {}
    for relation in rows:
        part_rows.setdefault(find(relation.total), []).append(relation)
    out: dict[Hashable, tuple[float, float]] = {}
    for root, cells in parts.items():
        if any(lower[c] != upper[c] for c in cells):
            out.update(_attack_part(cells, part_rows.get(root, []), lower, upper, switched & set(cells), k))
    return out


def _attack_part(
    cells: list[Hashable],
    rows: list[Relation],
    lower: dict[Hashable, float],
    upper: dict[Hashable, float],
    switched: set[Hashable],
    k: int,
) -> dict[Hashable, tuple[float, float]]:
    index = {c: i for i, c in enumerate(cells)}
    switches = sorted(switched, key=repr)
    big = 10_000.0
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", 20.0)
    n = len(cells)
    total = n + len(switches)
    row_lower = [0.0] * len(rows)
    row_upper = [0.0] * len(rows)
    entries: list[dict[int, float]] = [{} for _ in range(total)]
    for r, relation in enumerate(rows):
        col = entries[index[relation.total]]
        col[r] = col.get(r, 0.0) - 1.0
        for part in relation.parts:
            col = entries[index[part]]
            col[r] = col.get(r, 0.0) + 1.0
    r = len(rows)
    for j, cell in enumerate(switches):  # x >= k*b and x <= big*b
        entries[index[cell]][r] = 1.0
        entries[n + j][r] = -float(k)
        row_lower.append(0.0)
        row_upper.append(highspy.kHighsInf)
        entries[index[cell]][r + 1] = 1.0
        entries[n + j][r + 1] = -big
        row_lower.append(-highspy.kHighsInf)
        row_upper.append(0.0)
        r += 2
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = total, r
    lp.col_cost_ = np.zeros(total)
    lp.col_lower_ = np.array([lower[c] for c in cells] + [0.0] * len(switches))
    lp.col_upper_ = np.array([upper[c] for c in cells] + [1.0] * len(switches))
    lp.row_lower_ = np.array(row_lower)
    lp.row_upper_ = np.array(row_upper)
    starts, idx, vals = [0], [], []
    for col in entries:
        for row, v in sorted(col.items()):
            if v:
                idx.append(row)
                vals.append(v)
        starts.append(len(idx))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(idx, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(vals)
    h.passModel(lp)
    everything = np.arange(total, dtype=np.int32)

    def optimum(cell: Hashable, sense: highspy.ObjSense, integer: bool) -> tuple[float, bool]:
        kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
        h.changeColsIntegrality(total, everything, np.array([kind] * total))
        cost = np.zeros(total)
        cost[index[cell]] = 1.0
        h.changeColsCost(total, everything, cost)
        h.changeObjectiveSense(sense)
        h.run()
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            assert status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible)
            return float("inf"), True
        x = np.asarray(h.getSolution().col_value)
        return float(h.getInfo().objective_function_value), bool(np.all(np.abs(x - np.round(x)) < 1e-6))

    out: dict[Hashable, tuple[float, float]] = {}
    for cell in cells:
        if lower[cell] == upper[cell]:
            continue
        found = []
        for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
            value, whole = optimum(cell, sense, integer=False)
            if not whole:  # a fractional optimum: the integer one may be tighter
                value, _ = optimum(cell, sense, integer=True)
            found.append(round(value) if value != float("inf") else value)
        out[cell] = (found[0], found[1])
    return out


def recovered(
    truth: Mapping[Hashable, int], intervals: Mapping[Hashable, tuple[float, float]], k: int
) -> dict[Hashable, int]:
    """The hidden counts from 1 to k-1 pinned down exactly (each checked against the truth: an attack that is wrong
    would be a bug of the attack)."""
    out = {}
    for cell, (lo, hi) in intervals.items():
        value = truth.get(cell, 0)
        assert lo <= value <= hi, (cell, value, lo, hi)
        if 0 < value < k and lo == hi:
            out[cell] = value
    return out


def publication(cube: object) -> dict[Hashable, tuple[int | None, str | None]]:
    """What a skills_audit.aggregate.Cube shows of its published figures: the number, or None and the label."""
    out: dict[Hashable, tuple[int | None, str | None]] = {}
    for key in cube.published:  # type: ignore[attr-defined]
        place, sector, measure = key
        reason = cube.hidden_reason(place, sector, measure)  # type: ignore[attr-defined]
        out[key] = (None, reason) if reason else (cube.values.get(key, 0), None)  # type: ignore[attr-defined]
    return out


def small_group_cells(publications: Iterable[Mapping[Hashable, tuple[int | None, str | None]]]) -> set[Hashable]:
    """The figures of groups whose size is labelled "fewer than k" somewhere: the attacker knows they may be 0."""
    small_groups = {
        (key[0], key[1])  # type: ignore[index]
        for pub in publications
        for key, (_value, label) in pub.items()
        if key[2] == ("n",) and label == SMALL  # type: ignore[index]
    }
    return {
        key for pub in publications for key in pub
        if (key[0], key[1]) in small_groups and key[2] != ("n",)  # type: ignore[index]
    }


def recovered_from(cubes: list[object], k: int, truth: object = None) -> dict[Hashable, int]:
    """Attack the union of these publications (of one period); the truth is `truth`'s figures (a cube counted from
    the data as released), by default the last cube's."""
    pubs = [publication(c) for c in cubes]
    relations = [r for c in (*cubes, truth or cubes[-1]) for r in c.relations]  # type: ignore[attr-defined]
    truth = (truth or cubes[-1]).values  # type: ignore[attr-defined]
    return recovered(truth, attack(pubs, relations, k, small_group_cells(pubs)), k)
