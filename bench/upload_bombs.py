"""Upload bombs and huge bodies: peak memory and time of each, as the attacker sent them.

Part 1, files: every bomb of tests/security/bombs.py at the attack's own size (the 400 MB cell, a 5,000-row sheet
that says it spans A1:XFD1048576, ...) handed to the import functions (skills_audit.needs.parse_needs, the editors'
read_po_entries / read_xliff_entries), each in a fresh child process so its memory is its own: the seconds and the
child's peak RSS of one untraced run, then Python's traced peak (tracemalloc) of a second run, and what the reader
answered.

Part 2, request bodies: one uvicorn worker on a fresh SQLite database; POSTs to /en/start of 50 MB with a
Content-Length, 50 MB chunked (no Content-Length), and 300 MiB with a Content-Length (the attack's figure), each sent
in 64 KB writes until the server answers. It prints the status, how much was sent before the answer, and how much
the server's peak RSS (VmHWM) grew.

Targets: each file refused with its message (the lying-dimension sheet imported) with a traced peak under 100 MB;
each body answered 413 and the server's peak RSS grown by less than 20 MB.

Run: .venv/bin/python bench/upload_bombs.py [--skip-server] [--code-dir OTHER_CHECKOUT]
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchlib import REPO_ROOT, Server, Workspace, exit_on_sigterm

sys.path.insert(0, str(REPO_ROOT))

PEAK_TARGET = 100 * 1024 * 1024
RSS_GROWTH_TARGET = 20 * 1024 * 1024
MB = 1024 * 1024

# (label, how the child builds the file, kind of reader, file name)
FILES = [
    ("sheet says A1:XFD1048576, 5,000 rows", "bombs.dimension_bomb(5000)", "needs", "needs.xlsx"),
    ("one 400 MB cell", "bombs.huge_cell(400)", "needs", "needs.xlsx"),
    ("400 MB cell, zip says 1 KB", "bombs.lying_sizes(400)", "needs", "needs.xlsx"),
    ("billion laughs", "bombs.billion_laughs()", "needs", "needs.xlsx"),
    ("external entity", "bombs.external_entity()", "needs", "needs.xlsx"),
    ("a million cells in one row", "bombs.wide_row()", "needs", "needs.xlsx"),
    ("20,000 rows", "bombs.many_rows(20000)", "needs", "needs.xlsx"),
    ("a row numbered 1,000,000,000", "bombs.far_row()", "needs", "needs.xlsx"),
    ("60,000 zip parts", "bombs.many_parts()", "needs", "needs.xlsx"),
    ("CSV: 4,000,000 blank lines", "bombs.blank_lines_csv()", "needs", "needs.csv"),
    ("CSV: one 4 MB cell", "bombs.long_cell_csv()", "needs", "needs.csv"),
    ("CSV: 2,000,000 columns", "bombs.wide_csv()", "needs", "needs.csv"),
    ("XLIFF: billion laughs", "bombs.xliff_billion_laughs()", "xliff", "nl.xlf"),
    ("XLIFF: external entity", "bombs.xliff_external_entity()", "xliff", "nl.xlf"),
    ("XLIFF: a million elements", "bombs.xliff_many_elements()", "xliff", "nl.xlf"),
    ("PO: 150,000 entries", "bombs.po_many_entries()", "po", "nl.po"),
]

CHILD = r"""
import importlib.util, json, resource, sys, time, tracemalloc
from datetime import date
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a reader that blows up fails here, not the machine
sys.path.insert(0, {code!r})
spec = importlib.util.spec_from_file_location("bombs", {bombs!r})
bombs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bombs)
data = {build}
kind, name = {kind!r}, {name!r}
from skills_audit.framework import get_framework
from guide.audit_pages.places import get_places
from skills_audit.needs import NeedsRejected, parse_needs
from guide.editor.exchange import ExchangeRejected, read_po_entries, read_xliff_entries
places, framework = get_places(), get_framework()
places.regions(); framework.competence_ids()
def read():
    try:
        if kind == "needs":
            return "imported %d rows" % len(parse_needs(data, name, places, framework, date(2026, 6, 1))), False
        if kind == "po":
            return "read %d entries" % len(read_po_entries(data, "nl")), False
        return "read %d entries" % len(read_xliff_entries(data, "nl")), False
    except NeedsRejected as exc:
        return exc.problems[0].message.render("en"), True
    except ExchangeRejected as exc:
        return exc.errors[0].message.render("en"), True
start = time.perf_counter()
answer, refused = read()  # timed and measured in RSS without tracing, which slows Python down
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
tracemalloc.start()
read()
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({{"size": len(data), "answer": answer[:200], "refused": refused, "seconds": seconds, "peak": peak,
                  "rss": rss}}))
"""


def run_files(code_dir: Path) -> bool:
    print(f"Files (each in a fresh process, readers of {code_dir}; traced peak = Python allocations while the "
          "reader ran)")
    print(f"  {'bomb':38} {'file':>9} {'traced peak':>12} {'peak RSS':>9} {'time':>7}  answer")
    ok = True
    for label, build, kind, name in FILES:
        code = CHILD.format(code=str(code_dir), bombs=str(REPO_ROOT / "tests" / "security" / "bombs.py"),
                            build=build, kind=kind, name=name)
        try:
            result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180,
                                    cwd=code_dir)
        except subprocess.TimeoutExpired:
            print(f"  {label:38} [FAIL] still reading after 180 s")
            ok = False
            continue
        if result.returncode != 0:
            last = (result.stderr.strip().splitlines() or ["?"])[-1]
            print(f"  {label:38} [FAIL] {last[:100]}")
            ok = False
            continue
        r = json.loads(result.stdout.strip().splitlines()[-1])
        expected = not label.startswith("sheet says")  # the lying dimension is a good file: it imports
        good = r["refused"] == expected and r["peak"] < PEAK_TARGET
        ok &= good
        size = f"{r['size'] / 1024:.0f} KB" if r["size"] < MB else f"{r['size'] / MB:.1f} MB"
        print(f"  {label:38} {size:>9} {r['peak'] / MB:9.1f} MB {r['rss'] / MB:6.0f} MB {r['seconds']:6.2f}s  "
              f"{'' if good else '[FAIL] '}{r['answer'][:70]}")
    return ok


def _vm_hwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _post(port: int, size: int, chunked: bool) -> tuple[int, int, float]:
    """POST `size` bytes to /en/start in 64 KB writes until the server answers: (status, bytes sent, seconds)."""
    start = time.perf_counter()
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = "POST /en/start HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    head += "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {size}\r\n"
    sock.sendall((head + "\r\n").encode())
    block = b"x" * (64 * 1024)
    piece = (b"%x\r\n" % len(block)) + block + b"\r\n" if chunked else block
    sent = 0
    sock.setblocking(False)
    answer = b""
    deadline = time.monotonic() + 60
    while b"\r\n" not in answer and time.monotonic() < deadline:
        try:
            answer += sock.recv(4096)
            continue
        except BlockingIOError:
            pass
        except OSError:
            break
        if sent < size:
            try:
                sent += sock.send(piece)
            except BlockingIOError:
                time.sleep(0.001)
            except OSError:
                break
        else:
            time.sleep(0.01)
    sock.close()
    status = int(answer.split(b" ")[1]) if answer.startswith(b"HTTP/") else 0
    return status, sent, time.perf_counter() - start


def run_server() -> bool:
    print("\nRequest bodies (one uvicorn worker; sent = what went out before the server answered)")
    ws = Workspace("bombs")
    server = None
    ok = True
    try:
        ws.create_schema()
        server = Server("guide.asgi:app", ws.child_env(), ws.dir / "server.log")
        server.wait_ready()
        for label, size, chunked in (("50 MB, Content-Length", 50 * MB, False), ("50 MB, chunked", 50 * MB, True),
                                     ("300 MiB, Content-Length", 300 * MB, False)):
            before = _vm_hwm(server.proc.pid)
            status, sent, seconds = _post(server.port, size, chunked)
            time.sleep(0.2)
            grown = _vm_hwm(server.proc.pid) - before
            good = status == 413 and grown < RSS_GROWTH_TARGET
            ok &= good
            print(f"  {label:26} status {status}  sent {sent / MB:6.2f} MB  server peak RSS +{grown / MB:5.1f} MB  "
                  f"{seconds:5.2f}s{'' if good else '  [FAIL]'}")
    finally:
        if server is not None:
            server.stop()
        ws.cleanup()
    return ok


def main() -> int:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-server", action="store_true", help="only the files")
    parser.add_argument("--code-dir", type=Path, default=REPO_ROOT,
                        help="the readers of another checkout, e.g. one from before the fix, to compare")
    args = parser.parse_args()
    ok = run_files(args.code_dir.resolve())
    if not args.skip_server:
        ok &= run_server()
    print(f"\nTargets: traced peak < {PEAK_TARGET // MB} MB per file; 413 and server peak RSS "
          f"+ < {RSS_GROWTH_TARGET // MB} MB per body")
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
