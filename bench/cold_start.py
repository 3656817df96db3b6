"""Cold start: how long from starting the server to its first answer on /healthz (issue 20: at most 1.5 s on an
idle machine), and where that time goes.

Two ways of starting, each run several times on a database already at head (as after the first start):
- `tensteps serve`: what an operator runs; it checks the data folder, brings the schema up to date, then starts
  uvicorn with one worker;
- `uvicorn guide.asgi:app`: the worker alone, as a process manager or a second worker starts it.
The app's bytecode is compiled first (`python -m compileall guide skills_audit`), as the first start writes it; where
PYTHONDONTWRITEBYTECODE is set (no start ever writes it) a deploy runs that command once, or every start compiles the
app's ~170 modules again (about half a second). The time is from spawning the process to the first 200 on /healthz,
polled every 10 ms. Then, in a fresh process,
the start-up's parts: importing the app, loading and checking the content files, the compressed copies of the
static files, and the rest of create_app. Prints the median and the worst of each, the load average before and
after, and `RESULT: PASS` when the median of `tensteps serve` is at most 1.5 s.

Run: `.venv/bin/python bench/cold_start.py` (options: `--runs`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

from benchlib import REPO_ROOT, Workspace, exit_on_sigterm, free_port

TARGET_SECONDS = 1.5
POLL_SECONDS = 0.01

PHASES = """
import json, time
t0 = time.perf_counter()
import guide.app as app_module
t1 = time.perf_counter()
from guide.content.library import get_library
get_library()
t2 = time.perf_counter()
from guide.web.compression import precompress
precompress(app_module.STATIC_DIR)
t3 = time.perf_counter()
app_module.create_app()
t4 = time.perf_counter()
print(json.dumps({"import the app": t1 - t0, "load and check the content": t2 - t1,
                  "compressed static copies": t3 - t2, "the rest of create_app": t4 - t3}))
"""


def time_to_health(cmd: list[str], env: dict[str, str], port: int) -> float:
    url = f"http://127.0.0.1:{port}/healthz"
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=str(REPO_ROOT), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[2:4]} exited early: {proc.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(url, timeout=1) as answer:  # noqa: S310 - our own 127.0.0.1 server
                    if answer.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(POLL_SECONDS)
            if time.perf_counter() - start > 60:
                raise RuntimeError("no answer within 60 s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exit_on_sigterm()
    print(f"  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    work = Workspace("cold-start")
    # Bytecode for the app's own modules (the installed libraries have theirs from pip): what a first start writes.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "guide", "skills_audit"], cwd=str(REPO_ROOT), check=True,
                   stdout=subprocess.DEVNULL)
    note = " (PYTHONDONTWRITEBYTECODE is set here: compiled by the bench)" if os.environ.get(
        "PYTHONDONTWRITEBYTECODE") else ""
    print(f"  bytecode of guide/ and skills_audit/ compiled{note}")
    try:
        work.create_schema()
        env = work.child_env(TENSTEPS_PUBLIC_URL="http://127.0.0.1:8000", TENSTEPS_PURGE_INTERVAL_MINUTES="60")
        ways = {
            "tensteps serve": lambda port: [sys.executable, "-c", "from guide.cli import main; raise SystemExit("
                                            f"main(['serve', '--port', '{port}']))"],
            "uvicorn guide.asgi:app": lambda port: [sys.executable, "-m", "uvicorn", "guide.asgi:app", "--port",
                                                    str(port), "--no-access-log", "--log-level", "warning"],
        }
        medians: dict[str, float] = {}
        for name, cmd in ways.items():
            times = []
            for _ in range(args.runs):
                port = free_port()
                times.append(time_to_health(cmd(port), env, port))
            medians[name] = statistics.median(times)
            print(f"  {name:<26} to /healthz: median {medians[name]:.2f} s, worst {max(times):.2f} s "
                  f"({args.runs} runs)")
        parts = [json.loads(subprocess.run([sys.executable, "-c", PHASES], env=env, cwd=str(REPO_ROOT),
                                           capture_output=True, text=True, check=True, timeout=120).stdout)
                 for _ in range(3)]
        print("  where a worker's start goes (median of 3 fresh processes):")
        for phase in parts[0]:
            print(f"    {phase:<30} {statistics.median(p[phase] for p in parts) * 1000:7.0f} ms")
    finally:
        work.cleanup()
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = medians["tensteps serve"] <= TARGET_SECONDS
    print(f"RESULT: {'PASS' if ok else 'FAIL'} (target: `tensteps serve` answers /healthz within {TARGET_SECONDS} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
