"""Shared benchmark helpers: a throw-away environment, a uvicorn server in a subprocess, page parsing.

Nothing here talks to anything but 127.0.0.1, and every server or temp folder made here is removed again.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
# The checkout the benchmark is in, not whichever one the environment installed (an editable install of another
# work tree would otherwise be measured): first on the path, as `python -m uvicorn` run from REPO_ROOT has it.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
RESUME_CODE_RE = re.compile(r'id="resume-code">\s*([A-Z0-9-]+)\s*<')
TICK_RE = re.compile(r'<input[^>]*\bname="tick"[^>]*\bvalue="([^"]+)"')
ANSWER_RE = re.compile(r'<textarea[^>]*\bname="answer-([^"]+)"')
EXCEPTION_LINE_RE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Timeout)\w*):", re.M)
SECTOR_RE = re.compile(r'<input[^>]*\bname="sector"[^>]*\bvalue="([^"]+)"')


PG_URL = os.environ.get("TENSTEPS_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def postgres_schema() -> Iterator[Any]:
    """An engine on a fresh, migrated schema of the PostgreSQL server (TENSTEPS_BENCH_PG_URL), dropped afterwards;
    None, having said why, when no server answers (the benchmark then measures SQLite only)."""
    import uuid

    from sqlalchemy import text

    from guide.core.db import make_engine
    from guide.core.migrate import upgrade

    admin = make_engine(PG_URL)
    schema = f"tensteps_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - no server: say so, measure SQLite only
        print(f"postgresql: skipped ({type(exc).__name__}: no server at {PG_URL})")
        admin.dispose()
        yield None
        return
    sep = "&" if "?" in PG_URL else "?"
    engine = make_engine(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Workspace:
    """A temp folder with a fresh SQLite database, and the TENSTEPS_* environment that points at it.

    TENSTEPS_CONTENT_DIR is passed through when it is set (e.g. a placeholder content set); otherwise the
    app's own content folder is used.
    """

    def __init__(self, prefix: str) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix=f"tensteps-{prefix}-"))
        self.db_path = self.dir / "bench.db"
        self.database_url = f"sqlite:///{self.db_path}"
        self.secret = secrets.token_hex(32)
        self.env = {
            "TENSTEPS_DATABASE_URL": self.database_url,
            "TENSTEPS_DATA_DIR": str(self.dir / "data"),
            "TENSTEPS_SECRET_KEY": self.secret,
        }

    def apply(self) -> None:
        """Put the settings into this process's environment (before anything from `guide` reads them)."""
        os.environ.update(self.env)

    def child_env(self, **extra: str) -> dict[str, str]:
        env = {**os.environ, **self.env, **extra}
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    def create_schema(self) -> None:
        """`tensteps db upgrade` on the fresh database, in a subprocess so this process stays clean."""
        code = "from guide.cli import main; raise SystemExit(main(['db', 'upgrade']))"
        result = subprocess.run(
            [sys.executable, "-c", code], env=self.child_env(), capture_output=True, text=True, timeout=120
        )
        if result.returncode != 0:
            raise RuntimeError(f"db upgrade failed:\n{result.stdout}\n{result.stderr}")

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def exit_on_sigterm() -> None:
    """Let SIGTERM unwind like Ctrl-C does, so `finally` blocks stop the servers and remove temp files."""

    def _raise(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _raise)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One uvicorn worker in a subprocess, stopped (and waited for) by `stop()`."""

    def __init__(
        self,
        app: str,
        env: dict[str, str],
        log_path: Path,
        app_dir: Path | None = None,
        health_path: str = "/healthz",
    ) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.health_path = health_path
        self.log_path = log_path
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            "1",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        if app_dir is not None:
            cmd += ["--app-dir", str(app_dir)]
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=str(REPO_ROOT)
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early (code {self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base_url + self.health_path, timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def cpu_seconds(self) -> float:
        """The CPU time (user + system) the server process has used so far, from /proc (Linux)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def log_errors(self) -> Counter:
        """Exception types logged by the server (the last line of each traceback), counted."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return Counter()
        return Counter(m.group(1) for m in EXCEPTION_LINE_RE.finditer(text))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._log.close()


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(pct / 100 * len(sorted_values))))
    return sorted_values[rank - 1]


def step_fields(html: str) -> tuple[list[str], list[str], list[str]]:
    """Checklist item ids, question ids and sector ids on a step page, in page order."""
    return TICK_RE.findall(html), ANSWER_RE.findall(html), SECTOR_RE.findall(html)


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise RuntimeError("no csrf_token field on the page")
    return match.group(1)


def resume_code_from(html: str) -> str:
    match = RESUME_CODE_RE.search(html)
    if not match:
        raise RuntimeError("no resume code on the page")
    return match.group(1)


def content_note() -> str:
    content = os.environ.get("TENSTEPS_CONTENT_DIR")
    return f"content: {content}" if content else f"content: {REPO_ROOT / 'content'}"


async def keep_alive_connection(host: str, port: int, request: bytes, state: dict) -> None:
    """One keep-alive connection of a load generator: sends `request` until state["stop"], and records in `state`
    the latency, size and status of each answer that ends inside [state["start"], state["end"])."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while not state["stop"]:
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            lower = head.lower()
            if b"transfer-encoding: chunked" in lower:
                size = 0
                while True:
                    line = await reader.readuntil(b"\r\n")
                    chunk = int(line.split(b";")[0], 16)
                    await reader.readexactly(chunk + 2)
                    size += chunk
                    if chunk == 0:
                        break
            else:
                match = re.search(rb"\r\ncontent-length:\s*(\d+)", lower)
                size = int(match.group(1)) if match else 0
                await reader.readexactly(size)
            t1 = time.perf_counter()
            state["all"] += 1
            if state["start"] <= t1 < state["end"]:
                state["latencies"].append(t1 - t0)
                state["bytes"] += size
                if status != 200:
                    state["errors"] += 1
            if b"\r\nconnection: close" in lower:
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        if not state["stop"]:
            state["errors"] += 1
            state["exceptions"].append(type(exc).__name__)
    finally:
        writer.close()
