"""Form fuzzing, the long run: tests/security/test_fuzz_forms.py with many more tries per route, counted.

Runs that test's attacks (every POST route of the app, random forms by a persona who may use it) with
TENSTEPS_FUZZ_EXAMPLES tries per route, in a pytest subprocess per database (SQLite, and PostgreSQL when
TENSTEPS_TEST_DATABASE_URL is set or a server answers on 127.0.0.1:5432), counting every request and every server
error instead of stopping at the first. Prints, per database, the requests sent, the server errors (5xx or
"Traceback") with the routes and the first examples, and the run time.

Target: 0 server errors. Run: .venv/bin/python bench/fuzz_forms.py [--examples 50] [--database sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import REPO_ROOT, exit_on_sigterm

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def run(database: str, examples: int) -> tuple[list[dict], float, int]:
    """One pytest run of the fuzz test on one database: its counts, how long it took, pytest's exit status."""
    with tempfile.TemporaryDirectory(prefix="tensteps-fuzz-") as tmp:
        stats = Path(tmp) / "stats.jsonl"
        env = {**os.environ, "TENSTEPS_FUZZ_EXAMPLES": str(examples), "TENSTEPS_FUZZ_STATS": str(stats)}
        if database == "postgresql":
            env.setdefault("TENSTEPS_TEST_DATABASE_URL", PG_URL)
        else:
            env.pop("TENSTEPS_TEST_DATABASE_URL", None)
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/security/test_fuzz_forms.py",
                   "-k", f"test_no_form_gives_a_server_error and {database}"]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False)
        took = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout[-3000:], done.stderr[-2000:], sep="\n")
        rows = [json.loads(line) for line in stats.read_text().splitlines()] if stats.exists() else []
        return rows, took, done.returncode


def main() -> int:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50, help="tries per route (CI runs 12)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], action="append",
                        help="default: SQLite, and PostgreSQL when it answers")
    args = parser.parse_args()
    databases = args.database or (["sqlite"] + (
        ["postgresql"] if os.environ.get("TENSTEPS_TEST_DATABASE_URL") or _postgres_answers() else []))
    ok = True
    for database in databases:
        rows, took, status = run(database, args.examples)
        requests = sum(r["requests"] for r in rows)
        errors = sum(r["server_errors"] for r in rows)
        print(f"{database}: {len(rows)} routes, {args.examples} tries each, {requests} requests, "
              f"{errors} server errors, {took:.1f} s")
        for r in rows:
            if r["server_errors"]:
                print(f"  {r['route']}: {r['server_errors']} of {r['requests']}, e.g. {'; '.join(r['examples'][:3])}")
        ok = ok and status == 0 and errors == 0 and requests > 0
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
