"""The skills audit's protection at scale: how much of the published table is hidden, how long it takes, and the
interval audit's verdict.

For each data set (100, 300, 1,000, 3,000 and 40,000 journeys, generated as bench/audit_report.py does: 4 centres
in 4 regions, 6 sectors and "none", about 23 answers a take, a tenth of the journeys with two takes, 60 employers'
surveys), loaded into a fresh SQLite database:
- the protected table of 2026 (skills_audit.aggregate.build_cube: the GROUP BYs, the sums and the protection), which
  is what a release of the period would store: its time on each database (median of --runs, after a warm-up), and
  that both databases made the same table;
- the share of published figures hidden (every figure of a region or a centre, per audited sector, that a page,
  download or export shows), and how many of those are small (labelled "fewer than 5");
- the interval audit (skills_audit.protection.intervals, integer programming): how many sensitive figures have an
  interval narrower than required (1: never pinned down; target 0) and narrower than aimed at (2: at least three
  values possible, where the labels allow it).

Targets (issue 13): share hidden <= 35 % at 3,000 journeys and more; the table in <= 10 s at 40,000 journeys;
0 sensitive figures narrower than required, everywhere.

Run: .venv/bin/python bench/audit_protection.py [--sizes 100,300,1000,3000,40000] [--runs 3] [--seed 1]
     [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

from audit_report import generate, load
from benchlib import REPO_ROOT, Workspace, exit_on_sigterm, postgres_schema

sys.path.insert(0, str(REPO_ROOT))

ANSWERS_PER_JOURNEY = 25  # 1,000,000 answers over 40,000 journeys, as bench/audit_report.py


def measure(workspace: Workspace, journeys: int, runs: int, seed: int, backends: list[str]) -> dict[str, float]:
    from guide.audit_pages.places import get_places
    from guide.core.db import make_engine
    from guide.core.migrate import upgrade
    from skills_audit.aggregate import Cube, build_cube, parse_period
    from skills_audit.framework import get_framework
    from skills_audit.protection import aimed_width, intervals, required_width

    data = generate(journeys, journeys * ANSWERS_PER_JOURNEY, seed)
    places, framework, period, k = get_places(), get_framework(), parse_period("2026"), 5

    def timed(engine: Any) -> tuple[Cube, float]:
        """The protected table, and the median time of `runs` more (after the first, a warm-up)."""
        cube = build_cube(engine, period, places, framework, k)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            build_cube(engine, period, places, framework, k)
            times.append(time.perf_counter() - started)
        return cube, statistics.median(times)

    seconds: dict[str, float] = {}
    cubes: dict[str, Cube] = {}
    for backend in backends:
        if backend == "sqlite":
            engine = make_engine(f"sqlite:///{workspace.dir / f'audit-{journeys}.db'}")
            upgrade(engine)
            load(engine, data, "sqlite")
            cubes[backend], seconds[backend] = timed(engine)
            engine.dispose()
            continue
        with postgres_schema() as pg:
            if pg is None:
                continue
            load(pg, data, "postgresql")
            cubes[backend], seconds[backend] = timed(pg)
    cube = next(iter(cubes.values()))
    for backend, other in cubes.items():  # the same data gives the same table on every database
        if (other.values, other.hidden) != (cube.values, cube.hidden):
            print(f"{journeys:>6,} journeys: {backend} made a different table")
            return {"journeys": journeys, "share": 1.0, "seconds": float("inf"), "narrower": 1}
    started = time.perf_counter()
    found = intervals(cube.values, cube.relations, cube.published, cube.protection, k, time_limit=600)
    audit_s = time.perf_counter() - started
    published = len(cube.published)
    hidden = len(cube.hidden & cube.published)
    small = len(cube.primary)
    narrower = sum(1 for lo, hi in found.values() if hi - lo < required_width(k))
    narrower_aimed = sum(1 for lo, hi in found.values() if hi - lo < aimed_width(k))
    share = hidden / published if published else 0.0
    took = ", ".join(f"{b} {t:.2f} s" for b, t in seconds.items())
    print(f"{journeys:>6,} journeys: {hidden:,} of {published:,} published figures hidden ({100 * share:.1f} %), "
          f"{small:,} of them small; table in {took} (median of {runs}); "
          f"interval audit of {len(found):,} sensitive figures in {audit_s:.2f} s: {narrower} narrower than "
          f"required ({required_width(k)}), {narrower_aimed} narrower than aimed ({aimed_width(k)})", flush=True)
    return {"journeys": journeys, "share": share, "seconds": max(seconds.values()), "narrower": narrower}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,1000,3000,40000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="sqlite,postgresql",
                        help="databases to time the release on (PostgreSQL: TENSTEPS_BENCH_PG_URL)")
    args = parser.parse_args()
    exit_on_sigterm()
    workspace = Workspace("audit-protection")
    workspace.apply()
    ok = True
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            got = measure(workspace, size, args.runs, args.seed, args.backends.split(","))
            ok &= got["narrower"] == 0
            if size >= 3000:
                ok &= got["share"] <= 0.35
            if size >= 40000:
                ok &= got["seconds"] <= 10
    finally:
        workspace.cleanup()
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
