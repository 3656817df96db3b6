"""40 staff sign-ins at the same moment: the process's peak memory with the hashing bound and without it.

Each argon2 check holds 64 MiB while it runs; the attack (40 simultaneous sign-ins) took 1.44 GB. In a child process
on a fresh SQLite database, 40 threads (as many as FastAPI's thread pool) sign in as the login page does
(guide.staff.service.login_slots, then check_login, each in a unit of work) with the right password at once (a
barrier); the child's peak RSS is reset just before (/proc/self/clear_refs) and read after (VmHWM). Run once with
TENSTEPS_PASSWORD_HASHES_AT_ONCE at its default (2) and once at 40 (no bound, as before).

Target: with the bound, every sign-in succeeds and the peak grows by less than 300 MB.

Run: .venv/bin/python bench/login_crowd.py [--people 40]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from benchlib import REPO_ROOT, Workspace, exit_on_sigterm

MB = 1024 * 1024
GROWTH_TARGET = 300 * MB

CHILD = r"""
import json, sys, threading, time
from pathlib import Path
sys.path.insert(0, {root!r})
from sqlmodel import Session
from guide import tables  # noqa: F401 - registers the tables
from guide.core.db import make_engine, writing
from guide.core.migrate import upgrade
from guide.core.settings import get_settings
from guide.staff import service

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024

engine = make_engine(get_settings().resolved_database_url())
upgrade(engine)
password = "Fjord-lantern-quiet-7"
with Session(engine) as db, writing(db):
    service.create_account(db, "crowd", "Crowd", "Medway Council", {{"coach"}}, set(), {{"en"}},
                           password_hash=service.hash_password(password))
service._dummy_hash()
people = {people}
start = threading.Barrier(people + 1)
results = []

def sign_in(i):
    with Session(engine) as db:
        start.wait()
        address = f"10.0.{{i // 250}}.{{i % 250}}"  # only a key for the rate limit: nothing is sent anywhere
        with writing(db):
            attempt = service.login_slots(db, "secret", "crowd", address, (1000, 1000, 900))
        with writing(db):
            result = service.check_login(db, "secret", "crowd", password, attempt)
        results.append(result.account is not None)

threads = [threading.Thread(target=sign_in, args=(i,)) for i in range(people)]
for t in threads:
    t.start()
time.sleep(0.5)  # every thread is waiting at the barrier, its stack and session made
Path("/proc/self/clear_refs").write_text("5")  # peak RSS := RSS now
before = status("VmRSS")
began = time.perf_counter()
start.wait()
for t in threads:
    t.join()
print(json.dumps({{"ok": sum(results), "seconds": time.perf_counter() - began, "before": before,
                  "peak": status("VmHWM")}}))
"""


def run(people: int, at_once: int) -> dict:
    ws = Workspace("crowd")
    try:
        env = ws.child_env(TENSTEPS_PASSWORD_HASHES_AT_ONCE=str(at_once))
        result = subprocess.run([sys.executable, "-c", CHILD.format(root=str(REPO_ROOT), people=people)],
                                env=env, capture_output=True, text=True, timeout=600, cwd=REPO_ROOT)
        if result.returncode != 0:
            raise RuntimeError(result.stderr[-2000:])
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        ws.cleanup()


def main() -> int:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40)
    args = parser.parse_args()
    people = min(max(args.people, 1), 200)
    print(f"login_crowd: {people} sign-ins at once, one process, fresh SQLite")
    ok = True
    for label, at_once in (("bounded (default: 2 at once)", 2), (f"unbounded ({people} at once, as before)", people)):
        r = run(people, at_once)
        growth = r["peak"] - r["before"]
        print(f"  {label:34} signed in {r['ok']}/{people}  peak RSS {r['peak'] / MB:6.0f} MB "
              f"(+{growth / MB:5.0f} MB over the waiting threads)  {r['seconds']:5.1f} s")
        if at_once == 2:
            ok = r["ok"] == people and growth < GROWTH_TARGET
    print(f"Target: bounded, every sign-in succeeds and the peak grows by < {GROWTH_TARGET // MB} MB")
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
