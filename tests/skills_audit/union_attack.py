"""The attacker of a period with several releases (issue 13), written apart from skills_audit.protection: each
release's true figures are unknowns of their own (the data changed between releases), whole and never negative, tied
by that release's sums, its shown figures fixed and its hidden ones within what their labels say. The attacker has
every release at once, solves one integer program over all of them, and asks, for a figure of the same place in two
releases, how far the difference between them can go: a difference of one person pinned down gives that person away.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence

import highspy
import numpy as np

from skills_audit.suppression import Relation
from tests.skills_audit.attack import PROTECT, bounds_from_labels, small_group_cells

Publication = Mapping[Hashable, tuple[int | None, str | None]]
Var = tuple[int, Hashable]  # (the release's index, the figure)


class UnionAttack:
    def __init__(self, publications: Sequence[Publication], relations: Sequence[Sequence[Relation]], k: int,
                 in_small_groups: Sequence[set[Hashable]] | None = None,
                 unchanged: Collection[Hashable] = ()) -> None:
        """`in_small_groups`: per release, the figures of groups labelled "fewer than k" (they may be 0); by
        default those of the skills audit's tables. `unchanged`: figures the attacker knows are the same in every
        release (only an employer survey was recorded between them: the people's counts did not move)."""
        self.k = k
        self.vars: list[Var] = []
        lower: list[float] = []
        upper: list[float] = []
        switched: list[int] = []
        for i, publication in enumerate(publications):
            small = small_group_cells([publication]) if in_small_groups is None else in_small_groups[i]
            for cell in sorted(publication, key=repr):
                value, label = publication[cell]
                lo, hi = bounds_from_labels(label, value, k, cell in small)
                if label == PROTECT:
                    switched.append(len(self.vars))
                self.vars.append((i, cell))
                lower.append(lo)
                upper.append(hi)
        self.index = {v: j for j, v in enumerate(self.vars)}
        n = len(self.vars)
        rows: list[dict[int, float]] = []
        row_lower: list[float] = []
        row_upper: list[float] = []
        for i, release_relations in enumerate(relations):
            for relation in set(release_relations):
                if all((i, c) in self.index for c in relation.cells()):
                    row: dict[int, float] = {}
                    row[self.index[(i, relation.total)]] = -1.0
                    for part in relation.parts:
                        j = self.index[(i, part)]
                        row[j] = row.get(j, 0.0) + 1.0
                    rows.append(row)
                    row_lower.append(0.0)
                    row_upper.append(0.0)
        for cell in unchanged:
            for i in range(1, len(publications)):
                if (0, cell) in self.index and (i, cell) in self.index:
                    rows.append({self.index[(0, cell)]: 1.0, self.index[(i, cell)]: -1.0})
                    row_lower.append(0.0)
                    row_upper.append(0.0)
        big = 100_000.0
        for s, j in enumerate(switched):  # "to protect another figure": 0, or k and more
            rows.append({j: 1.0, n + s: -float(k)})
            row_lower.append(0.0)
            row_upper.append(highspy.kHighsInf)
            rows.append({j: 1.0, n + s: -big})
            row_lower.append(-highspy.kHighsInf)
            row_upper.append(0.0)
        self.total = n + len(switched)
        columns: list[dict[int, float]] = [{} for _ in range(self.total)]
        for r, row in enumerate(rows):
            for j, v in row.items():
                columns[j][r] = v
        starts, idx, vals = [0], [], []
        for col in columns:
            for r, v in sorted(col.items()):
                idx.append(r)
                vals.append(v)
            starts.append(len(idx))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.total, len(rows)
        lp.col_cost_ = np.zeros(self.total)
        lp.col_lower_ = np.array(lower + [0.0] * len(switched))
        lp.col_upper_ = np.array(upper + [1.0] * len(switched))
        lp.row_lower_ = np.array(row_lower)
        lp.row_upper_ = np.array(row_upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(idx, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(vals)
        lp.integrality_ = [highspy.HighsVarType.kInteger] * self.total  # whole numbers, from the start
        self.h = highspy.Highs()  # type: ignore[no-untyped-call]
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("time_limit", 30.0)
        self.h.passModel(lp)

    def _optimum(self, cost: Mapping[Var, float], sense: highspy.ObjSense) -> float:
        costs = np.zeros(self.total)
        for var, c in cost.items():
            costs[self.index[var]] = c
        self.h.changeColsCost(self.total, np.arange(self.total, dtype=np.int32), costs)
        self.h.changeObjectiveSense(sense)
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            assert status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible)
            return float("inf") if sense == highspy.ObjSense.kMaximize else float("-inf")
        return round(float(self.h.getInfo().objective_function_value))

    def interval(self, cost: Mapping[Var, float]) -> tuple[float, float]:
        """The lowest and highest value of sum(cost[v] * v) the attacker cannot rule out."""
        return (self._optimum(cost, highspy.ObjSense.kMinimize), self._optimum(cost, highspy.ObjSense.kMaximize))

    def difference(self, cell: Hashable, earlier: int, later: int) -> tuple[float, float]:
        """How far the figure can have moved from release `earlier` to release `later` (indexes)."""
        return self.interval({(later, cell): 1.0, (earlier, cell): -1.0})

    def figure(self, cell: Hashable, release: int) -> tuple[float, float]:
        return self.interval({(release, cell): 1.0})
