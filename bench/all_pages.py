"""Every job seeker page, the htmx save and a coach's caseload of 200: server CPU per request, app vs bare.

For each page the app's own answer (with a resumed journey's cookie, or a coach's) is captured once and written as a
Jinja2 template for bare_app.py (its CSRF token a template variable), so both servers send the same bytes. Each runs
on ONE uvicorn worker; an outside load generator (a separate process: raw asyncio streams, keep-alive HTTP/1.1,
`Accept-Encoding: gzip, deflate, br, zstd` as a browser sends it; both servers compress the same way) loads one of
them at a time, app and bare alternating, and the order swapped every round. Each run reports requests per second
and the server process's CPU time per request (user + system from /proc/<pid>/stat, divided by every request it
answered, warm-up included); the figures printed are the medians over the rounds. The load average is printed
before and after: requests per second move with whatever else the machine runs; CPU per request far less.

Pages: start page, task list, step page (/en/steps/2), My plan, a self-assessment question, step 5 (with its
assessment panel), the htmx save (POST /en/steps/2/save), and the caseload of a coach with 200 clients (page 1).
Targets: app CPU per request <= 2x the bare endpoint's (ratio bare/app >= 0.5) for every page but the caseload;
the caseload <= 10 ms of CPU per request and <= 30 KB on the wire.

Database: a fresh SQLite file in a temp folder (removed afterwards), or with `--postgresql` a schema of its own
(dropped afterwards) on the server named by TENSTEPS_BENCH_PG_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/test).

Run: .venv/bin/python bench/all_pages.py [--rounds 3] [--duration 4] [--warmup 1] [--connections 8]
     [--pages step,save] [--postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx2 as httpx  # the test extra installs httpx2
from benchlib import (
    BENCH_DIR,
    Server,
    Workspace,
    content_note,
    csrf_from,
    exit_on_sigterm,
    keep_alive_connection,
    resume_code_from,
    step_fields,
)

RATIO_TARGET = 0.5
CASELOAD_CPU_MS = 10.0
CASELOAD_WIRE = 30 * 1024
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
PG_URL = os.environ.get("TENSTEPS_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PAGES = ("start", "tasks", "step", "plan", "question", "step5", "save", "caseload")
TITLES = {
    "start": "start page /en/",
    "tasks": "task list /en/steps",
    "step": "step page /en/steps/2",
    "plan": "My plan /en/plan",
    "question": "self-assessment question",
    "step5": "step 5 (assessment panel)",
    "save": "htmx save POST /en/steps/2/save",
    "caseload": "caseload, 200 clients",
}


# --- the load generator (its own process: `--client`) ---------------------------------------------------------------


async def _load(spec: dict) -> dict:
    parts = urlsplit(spec["url"])
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    body = spec["body"].encode()
    lines = [
        f"{spec['method']} {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1",
        f"Host: {host}:{port}",
        "User-Agent: tensteps-bench",
        "Accept: text/html",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        *(f"{k}: {v}" for k, v in spec["headers"].items()),
    ]
    if spec["cookie"]:
        lines.append(f"Cookie: {spec['cookie']}")
    if body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    far = float("inf")
    state: dict = {"stop": False, "start": far, "end": far, "latencies": [], "bytes": 0, "errors": 0,
                   "exceptions": [], "all": 0}
    tasks = [asyncio.create_task(keep_alive_connection(host, port, request, state)) for _ in range(spec["connections"])]
    await asyncio.sleep(spec["warmup"])
    state["start"] = time.perf_counter()
    await asyncio.sleep(spec["duration"])
    state["end"] = time.perf_counter()
    state["stop"] = True
    _done, pending = await asyncio.wait(tasks, timeout=10)
    for task in pending:
        task.cancel()
    elapsed = state["end"] - state["start"]
    requests = len(state["latencies"])
    return {
        "requests": requests,
        "all_requests": state["all"],
        "rps": requests / elapsed,
        "errors": state["errors"],
        "exceptions": state["exceptions"][:5],
        "mean_bytes": state["bytes"] / requests if requests else 0,
    }


def client_main() -> int:
    print(json.dumps(asyncio.run(_load(json.loads(sys.stdin.read())))))
    return 0


# --- what is measured -------------------------------------------------------------------------------------------------


@dataclass
class Target:
    """One page: how to ask the app for it, and its captured answer (the bare app's template)."""

    key: str
    method: str
    path: str
    cookie: str = ""
    body: str = ""
    headers: dict | None = None
    html: str = ""


def load_run(server: Server, url: str, target: Target, args: argparse.Namespace) -> dict:
    spec = {"url": url, "method": target.method, "cookie": target.cookie, "body": target.body,
            "headers": target.headers or {}, "connections": args.connections, "duration": args.duration,
            "warmup": args.warmup}
    cpu_before = server.cpu_seconds()
    out = subprocess.run([sys.executable, __file__, "--client"], input=json.dumps(spec), capture_output=True,
                         text=True, timeout=args.duration + args.warmup + 60)
    if out.returncode != 0:
        raise RuntimeError(f"load client failed:\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["cpu_ms"] = (server.cpu_seconds() - cpu_before) * 1000 / max(1, result["all_requests"])
    return result


def as_template(html: str) -> str:
    """The captured answer as a Jinja2 template: text in raw blocks, every CSRF token a variable."""
    tokens = sorted(set(re.findall(r'name="csrf_token" value="([^"]+)"', html)), key=len, reverse=True)
    if not tokens:
        return "{% raw %}" + html + "{% endraw %}"
    pattern = re.compile("|".join(re.escape(t) for t in tokens))
    out, pos = [], 0
    for match in pattern.finditer(html):
        out.append("{% raw %}" + html[pos:match.start()] + "{% endraw %}{{ csrf_token }}")
        pos = match.end()
    out.append("{% raw %}" + html[pos:] + "{% endraw %}")
    return "".join(out)


def prepare(base_url: str, coach_token: str) -> dict[str, Target]:
    """A journey with answers on steps 1-3 and a self-assessment begun, resumed in a new browser; the coach's
    cookie. Returns every page to measure, its answer captured."""
    from guide.web.security import STAFF_COOKIE

    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as c:
        csrf = csrf_from(c.get("/en/").text)
        r = c.post("/en/start", data={"centre": "medway", "csrf_token": csrf})
        r.raise_for_status()
        code = resume_code_from(r.text)
        for n in (1, 2, 3):
            page = c.get(f"/en/steps/{n}")
            csrf = csrf_from(page.text)
            ticks, questions, sectors = step_fields(page.text)
            data: dict = {"csrf_token": csrf, "tick": ticks[: max(1, len(ticks) // 2)]}
            for q in questions:
                data[f"answer-{q}"] = f"My answer for step {n}, question {q}. " * 6
            if sectors:
                data["sector"] = sectors[0]
            assert c.post(f"/en/steps/{n}/save", data=data, headers={"HX-Request": "true"}).status_code == 200
            assert c.post(f"/en/steps/{n}", data={**data, "action": "later"}).status_code == 303
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as c:
        csrf = csrf_from(c.get("/en/").text)
        assert c.post("/en/resume", data={"code": code, "csrf_token": csrf}).status_code == 303
        step = c.get("/en/steps/2")
        csrf = csrf_from(step.text)
        started = c.post("/en/assessment/start", data={"csrf_token": csrf})
        assert started.status_code == 303, started.status_code
        question = urlsplit(started.headers["location"]).path
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        ticks, questions, _sectors = step_fields(step.text)
        save = {"csrf_token": csrf, "tick": ticks[:2],
                **{f"answer-{q}": f"My answer for step 2, question {q}. " * 6 for q in questions}}
        targets = {
            "start": Target("start", "GET", "/en/", cookie),
            "tasks": Target("tasks", "GET", "/en/steps", cookie),
            "step": Target("step", "GET", "/en/steps/2", cookie),
            "plan": Target("plan", "GET", "/en/plan", cookie),
            "question": Target("question", "GET", question, cookie),
            "step5": Target("step5", "GET", "/en/steps/5", cookie),
            "save": Target("save", "POST", "/en/steps/2/save", cookie, urlencode(save, doseq=True),
                           {"HX-Request": "true"}),
            "caseload": Target("caseload", "GET", "/en/staff/caseload", f"{STAFF_COOKIE}={coach_token}"),
        }
    for target in targets.values():
        headers = {"Cookie": target.cookie, "Accept-Encoding": "identity", **(target.headers or {})}
        if target.body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        r = httpx.request(target.method, base_url + target.path, headers=headers, content=target.body or None,
                          timeout=30, follow_redirects=False)
        assert r.status_code == 200, (target.key, r.status_code, r.text[:300])
        target.html = r.text
    return targets


def wire_size(base_url: str, target: Target) -> int:
    """Bytes of the answer's body as sent to a browser that takes compression."""
    headers = {"Cookie": target.cookie, "Accept-Encoding": ACCEPT_ENCODING, **(target.headers or {})}
    if target.body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    with httpx.stream(target.method, base_url + target.path, headers=headers, content=target.body or None,
                      timeout=30) as r:
        return len(b"".join(r.iter_raw()))


def postgres_schema() -> tuple[str, str]:
    schema = f"tensteps_bench_{uuid.uuid4().hex[:8]}"
    sep = "&" if "?" in PG_URL else "?"
    return schema, f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def pg_admin(statement: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def main(args: argparse.Namespace) -> int:
    exit_on_sigterm()
    ws = Workspace("allpages")
    servers: list[Server] = []
    schema = ""
    try:
        if args.postgresql:
            schema, url = postgres_schema()
            pg_admin(f'CREATE SCHEMA "{schema}"')
            ws.database_url = url
            ws.env["TENSTEPS_DATABASE_URL"] = url
        ws.apply()
        print(f"all_pages: one uvicorn worker each, {args.connections} keep-alive connections, {args.rounds} rounds "
              f"of {args.warmup:g} s warm-up + {args.duration:g} s per server and page, app and bare alternating, "
              f"Accept-Encoding: {ACCEPT_ENCODING}")
        print(f"  database: {'PostgreSQL, schema ' + schema if schema else 'SQLite'}; {content_note()}")
        ws.create_schema()
        from caseload import populate
        from sqlmodel import Session

        from guide.core.db import make_engine, writing
        from guide.core.settings import get_settings
        from guide.sessions.service import open_staff_session

        engine = make_engine(ws.database_url)
        try:
            coach_id = populate(engine, 200, seed=4)
            with Session(engine) as db, writing(db):
                token = open_staff_session(db, get_settings().resolved_secret_key(), coach_id)
        finally:
            engine.dispose()

        app = Server("guide.asgi:app", ws.child_env(), ws.dir / "app.log")
        servers.append(app)
        app.wait_ready()
        targets = prepare(app.base_url, token)
        chosen = [k for k in PAGES if k in args.pages]
        folder = ws.dir / "templates"
        folder.mkdir()
        for key in chosen:
            (folder / f"{key}.html").write_text(as_template(targets[key].html), encoding="utf-8")
        # The bare endpoint compresses as the app does (a checkout from before compression sends plain bytes: so
        # does its bare endpoint then).
        probe = httpx.get(app.base_url + "/en/", headers={"Accept-Encoding": ACCEPT_ENCODING}, timeout=30)
        compress = "1" if probe.headers.get("content-encoding") else "0"
        print(f"  the app compresses: {'yes, ' + probe.headers['content-encoding'] if compress == '1' else 'no'}")
        bare = Server("bare_app:app", ws.child_env(BENCH_TEMPLATE_DIR=str(folder), BENCH_COMPRESS=compress),
                      ws.dir / "bare.log", app_dir=BENCH_DIR)
        servers.append(bare)
        bare.wait_ready()

        load_before = os.getloadavg()
        print(f"  load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}")
        header = (f"  {'page':34} {'app req/s':>9} {'bare req/s':>10} {'app CPU ms':>10} {'bare CPU ms':>11} "
                  f"{'ratio':>6} {'wire KB':>8}  result")
        print(header)
        ok = True
        for key in chosen:
            target = targets[key]
            runs: dict[str, list[dict]] = {"app": [], "bare": []}
            for n in range(args.rounds):
                order = ("app", "bare") if n % 2 == 0 else ("bare", "app")
                for who in order:
                    if who == "app":
                        runs["app"].append(load_run(app, app.base_url + target.path, target, args))
                    else:
                        bare_target = Target(key, target.method, f"/page/{key}", "", target.body, target.headers)
                        runs["bare"].append(load_run(bare, bare.base_url + bare_target.path, bare_target, args))
            errors = sum(r["errors"] for rs in runs.values() for r in rs)
            a_rps = statistics.median(r["rps"] for r in runs["app"])
            b_rps = statistics.median(r["rps"] for r in runs["bare"])
            a_cpu = statistics.median(r["cpu_ms"] for r in runs["app"])
            b_cpu = statistics.median(r["cpu_ms"] for r in runs["bare"])
            ratio = b_cpu / a_cpu if a_cpu else 0.0
            wire = wire_size(app.base_url, target)
            if key == "caseload":
                passed = a_cpu <= CASELOAD_CPU_MS and wire <= CASELOAD_WIRE and errors == 0
            else:
                passed = ratio >= RATIO_TARGET and errors == 0
            ok &= passed
            note = f"  errors {errors}" if errors else ""
            print(f"  {TITLES[key]:34} {a_rps:9.0f} {b_rps:10.0f} {a_cpu:10.2f} {b_cpu:11.2f} {ratio:6.2f} "
                  f"{wire / 1024:8.1f}  {'PASS' if passed else 'FAIL'}{note}", flush=True)
        load_after = os.getloadavg()
        print(f"  load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
        print(f"  targets: ratio bare/app CPU per request >= {RATIO_TARGET}; caseload <= {CASELOAD_CPU_MS:g} ms CPU "
              f"per request and <= {CASELOAD_WIRE // 1024} KB on the wire; no errors")
        app_errors, bare_errors = app.log_errors(), bare.log_errors()
        if app_errors or bare_errors:
            print(f"  server errors logged: app {dict(app_errors)}, bare {dict(bare_errors)}")
        print(f"RESULT: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        for server in servers:
            server.stop()
        ws.cleanup()
        if schema:
            pg_admin(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3, help="runs of each server per page (medians are printed)")
    p.add_argument("--duration", type=float, default=4.0, help="measured seconds per run")
    p.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds before each run")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of: {','.join(PAGES)}")
    p.add_argument("--postgresql", action="store_true", help="on PostgreSQL (TENSTEPS_BENCH_PG_URL) instead")
    p.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    args.rounds = min(max(args.rounds, 1), 20)
    args.duration = min(max(args.duration, 1.0), 60.0)
    args.warmup = min(max(args.warmup, 0.0), 30.0)
    args.connections = min(max(args.connections, 1), 256)
    args.pages = {k.strip() for k in args.pages.split(",")}
    return args


if __name__ == "__main__":
    if "--client" in sys.argv:
        sys.exit(client_main())
    sys.exit(main(parse_args()))
