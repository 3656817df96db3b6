"""Requests per second for a resumed journey's step page vs a bare FastAPI + Jinja2 page of the same size.

Both run on ONE uvicorn worker each; the load comes from a separate process holding N keep-alive HTTP/1.1
connections (raw asyncio streams, so the client is cheap next to the server).

Target: the step page serves at least 0.5x the requests per second of the bare endpoint.

Run: .venv/bin/python bench/step_page_throughput.py [--connections 16] [--duration 15] [--warmup 3]
"""

from __future__ import annotations

import argparse
import asyncio
import html as html_lib
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx2 as httpx  # the test extra installs httpx2 (Starlette 1.x TestClient uses it)
from benchlib import (
    BENCH_DIR,
    Server,
    Workspace,
    content_note,
    csrf_from,
    exit_on_sigterm,
    keep_alive_connection,
    percentile,
    resume_code_from,
    step_fields,
)

TARGET_RATIO = 0.5
STEP = 2
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)

# --- the load generator (runs in its own process: `--client`) -------------------------------------------


async def _load(url: str, cookie: str, connections: int, duration: float, warmup: float) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    request = (
        f"GET {parts.path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: tensteps-bench\r\n"
        f"Accept: text/html\r\nAccept-Encoding: identity\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + "\r\n"
    ).encode()
    far = float("inf")
    state: dict = {
        "stop": False,
        "start": far,
        "end": far,
        "latencies": [],
        "bytes": 0,
        "errors": 0,
        "exceptions": [],
        "all": 0,  # with the warm-up's: what the server's CPU time is divided by
    }
    tasks = [asyncio.create_task(keep_alive_connection(host, port, request, state)) for _ in range(connections)]
    await asyncio.sleep(warmup)
    state["start"] = time.perf_counter()
    await asyncio.sleep(duration)
    state["end"] = time.perf_counter()
    state["stop"] = True
    _done, pending = await asyncio.wait(tasks, timeout=10)
    for task in pending:
        task.cancel()
    latencies = sorted(state["latencies"])
    elapsed = state["end"] - state["start"]
    return {
        "requests": len(latencies),
        "all_requests": state["all"],
        "rps": len(latencies) / elapsed,
        "errors": state["errors"],
        "exceptions": state["exceptions"][:5],
        "mean_bytes": state["bytes"] / len(latencies) if latencies else 0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
    }


def client_main(args: argparse.Namespace) -> int:
    result = asyncio.run(_load(args.url, args.cookie, args.connections, args.duration, args.warmup))
    print(json.dumps(result))
    return 0


def run_client(url: str, cookie: str, args: argparse.Namespace) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--client",
        "--url",
        url,
        "--cookie",
        cookie,
        "--connections",
        str(args.connections),
        "--duration",
        str(args.duration),
        "--warmup",
        str(args.warmup),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + args.warmup + 60)
    if out.returncode != 0:
        raise RuntimeError(f"load client failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- set-up: a journey with saved answers, resumed in a fresh browser -------------------------------------


def prepare_journey(base_url: str) -> tuple[str, str]:
    """Start a journey, save ticks and answers on steps 1-3, resume it; returns (cookie header, step page)."""
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as c:
        csrf = csrf_from(c.get("/en/").text)
        r = c.post("/en/start", data={"centre": "medway", "csrf_token": csrf})
        r.raise_for_status()
        code = resume_code_from(r.text)
        for n in (1, 2, 3):
            page = c.get(f"/en/steps/{n}")
            page.raise_for_status()
            csrf = csrf_from(page.text)  # a new CSRF seed comes with the journey (rotated at start)
            ticks, questions, sectors = step_fields(page.text)
            data: dict = {"csrf_token": csrf, "tick": ticks[: max(1, len(ticks) // 2)]}
            for q in questions:
                data[f"answer-{q}"] = f"My answer for step {n}, question {q}. " * 6
            if sectors:
                data["sector"] = sectors[0]
            r = c.post(f"/en/steps/{n}/save", data=data, headers={"HX-Request": "true"})
            assert r.status_code == 200, (r.status_code, r.text[:300])
            r = c.post(f"/en/steps/{n}", data={**data, "action": "later"})
            assert r.status_code == 303, (r.status_code, r.text[:300])
    # A new browser: resume with the code, as someone coming back another day would.
    with httpx.Client(base_url=base_url, follow_redirects=False, timeout=30) as c:
        csrf = csrf_from(c.get("/en/").text)
        r = c.post("/en/resume", data={"code": code, "csrf_token": csrf})
        assert r.status_code == 303, (r.status_code, r.text[:300])
        page = c.get(f"/en/steps/{STEP}")
        assert page.status_code == 200 and f"My answer for step {STEP}" in page.text, page.status_code
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        return cookie, page.text


def write_template(page_html: str, folder: Path) -> str:
    """The captured page as a Jinja2 template: text in raw blocks, title and CSRF token as variables."""
    title_match = TITLE_RE.search(page_html)
    title = title_match.group(1) if title_match else ""
    csrf = csrf_from(page_html)
    markers = {csrf: "{{ csrf_token }}"}
    if title:
        markers[f"<title>{title}</title>"] = "<title>{{ title }}</title>"
    pattern = re.compile("|".join(re.escape(m) for m in markers))
    out, pos = [], 0
    for match in pattern.finditer(page_html):
        out.append("{% raw %}" + page_html[pos : match.start()] + "{% endraw %}")
        out.append(markers[match.group(0)])
        pos = match.end()
    out.append("{% raw %}" + page_html[pos:] + "{% endraw %}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text("".join(out), encoding="utf-8")
    return html_lib.unescape(title)


def main(args: argparse.Namespace) -> int:
    exit_on_sigterm()
    ws = Workspace("throughput")
    servers: list[Server] = []
    try:
        print(
            f"step_page_throughput: one uvicorn worker each, {args.connections} keep-alive connections, "
            f"{args.warmup:g} s warm-up + {args.duration:g} s measured ({content_note()})"
        )
        ws.create_schema()
        app = Server("guide.asgi:app", ws.child_env(), ws.dir / "app.log")
        servers.append(app)
        app.wait_ready()
        cookie, page_html = prepare_journey(app.base_url)
        title = write_template(page_html, ws.dir / "templates")
        bare = Server(
            "bare_app:app",
            ws.child_env(BENCH_TEMPLATE_DIR=str(ws.dir / "templates"), BENCH_TITLE=title),
            ws.dir / "bare.log",
            app_dir=BENCH_DIR,
        )
        servers.append(bare)
        bare.wait_ready()
        bare_html = httpx.get(bare.base_url + "/page", timeout=30).text
        print(
            f"  step page: {len(page_html.encode()):,} bytes; "
            f"bare template page: {len(bare_html.encode()):,} bytes"
        )

        results = {}
        for name, server, url, cookies in (
            ("step page", app, f"{app.base_url}/en/steps/{STEP}", cookie),
            ("bare endpoint", bare, f"{bare.base_url}/page", ""),
        ):
            cpu_before = server.cpu_seconds()
            res = run_client(url, cookies, args)
            res["cpu_ms"] = (server.cpu_seconds() - cpu_before) * 1000 / max(1, res["all_requests"])
            results[name] = res
            extra = f"  exceptions: {res['exceptions']}" if res["exceptions"] else ""
            print(
                f"  {name:14} {res['rps']:8.1f} req/s  ({res['requests']:,} requests, "
                f"errors {res['errors']}, p50 {res['p50_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms, "
                f"{res['mean_bytes']:,.0f} B/response, server CPU {res['cpu_ms']:.2f} ms/request){extra}"
            )

        step, base = results["step page"], results["bare endpoint"]
        ratio = step["rps"] / base["rps"] if base["rps"] else 0.0
        ok = ratio >= TARGET_RATIO and step["errors"] == 0 and base["errors"] == 0 and step["requests"] > 0
        print(f"  ratio step/bare: {ratio:.2f} (target >= {TARGET_RATIO})")
        print(f"RESULT: {'PASS' if ok else 'FAIL'}")
        return 0 if ok else 1
    finally:
        for server in servers:
            server.stop()
        ws.cleanup()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--duration", type=float, default=15.0, help="measured seconds per endpoint")
    p.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds before each measurement")
    p.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--url", help=argparse.SUPPRESS)
    p.add_argument("--cookie", default="", help=argparse.SUPPRESS)
    args = p.parse_args()
    args.duration = min(max(args.duration, 1.0), 60.0)
    args.warmup = min(max(args.warmup, 0.0), 30.0)
    args.connections = min(max(args.connections, 1), 256)
    return args


if __name__ == "__main__":
    arguments = parse_args()
    sys.exit(client_main(arguments) if arguments.client else main(arguments))
