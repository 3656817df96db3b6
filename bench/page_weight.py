"""Page weight: what a first visit to a step page downloads, and what one htmx save sends back.

In-process (FastAPI's TestClient on a temp SQLite database): start a journey, load step 1, fetch every
<script src> and <link rel="stylesheet" href> it references, and print raw and gzip (level 6) sizes.

Targets: first load of a step page (HTML + its scripts and stylesheets) <= 40 KB gzipped;
an htmx save's response (POST /en/steps/1/save with HX-Request) <= 2 KB. The app itself does not compress,
so the save target is checked against the raw size (the gzip size is printed too).

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from benchlib import Workspace, content_note, csrf_from, exit_on_sigterm, resume_code_from, step_fields

PAGE_TARGET_GZIP = 40 * 1024
SAVE_TARGET = 2 * 1024


class Resources(HTMLParser):
    """Every <script src> and <link rel="stylesheet" href>, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.found.append(("script", a["src"]))
        elif tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and a.get("href"):
            self.found.append(("stylesheet", a["href"]))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def kb(n: float) -> str:
    return f"{n / 1024:7.1f} KB"


def main() -> int:
    exit_on_sigterm()
    ws = Workspace("weight")
    ws.apply()  # settings are read once: before anything from `guide` is imported
    try:
        from fastapi.testclient import TestClient

        from guide.app import create_app
        from guide.core.db import make_engine
        from guide.core.migrate import upgrade

        engine = make_engine(ws.database_url)
        upgrade(engine)
        try:
            with TestClient(create_app(engine), follow_redirects=False) as client:
                return measure(client)
        finally:
            engine.dispose()
    finally:
        ws.cleanup()


def measure(client) -> int:  # noqa: ANN001 - a TestClient
    print(f"page_weight ({content_note()})")
    csrf = csrf_from(client.get("/en/").text)
    started = client.post("/en/start", data={"centre": "medway", "csrf_token": csrf})
    assert started.status_code == 200, started.status_code
    resume_code_from(started.text)
    page = client.get("/en/steps/1")
    assert page.status_code == 200, page.status_code

    parser = Resources()
    parser.feed(page.text)
    rows = [("document", "/en/steps/1", page.content)]
    for kind, ref in parser.found:
        url = urljoin("http://testserver/en/steps/1", ref)
        parts = urlsplit(url)
        if parts.netloc != "testserver":
            print(f"  ! {kind} from another host is not counted: {ref}")
            continue
        r = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert r.status_code == 200, (ref, r.status_code)
        rows.append((kind, parts.path, r.content))

    print(f"  {'resource':52} {'raw':>10} {'gzip -6':>10}")
    total_raw = total_gz = 0
    for kind, path, body in rows:
        raw, packed = len(body), gz(body)
        total_raw, total_gz = total_raw + raw, total_gz + packed
        print(f"  {kind + ' ' + path:52} {kb(raw):>10} {kb(packed):>10}")
    page_ok = total_gz <= PAGE_TARGET_GZIP
    print(
        f"  {'total first load':52} {kb(total_raw):>10} {kb(total_gz):>10}   "
        f"target <= {PAGE_TARGET_GZIP // 1024} KB gzip: {'PASS' if page_ok else 'FAIL'}"
    )

    ticks, questions, _sectors = step_fields(page.text)
    # The token of the step page: starting a journey gave this browser a new one.
    data: dict = {"csrf_token": csrf_from(page.text), "tick": ticks[:2]}
    for q in questions:
        data[f"answer-{q}"] = "I have written down the three jobs I would like to try first."
    save = client.post("/en/steps/1/save", data=data, headers={"HX-Request": "true"})
    assert save.status_code == 200, save.status_code
    raw, packed = len(save.content), gz(save.content)
    save_ok = raw <= SAVE_TARGET
    print(
        f"  htmx save response (POST /en/steps/1/save): {raw:,} B raw, {packed:,} B gzip   "
        f"target <= {SAVE_TARGET // 1024} KB: {'PASS' if save_ok else 'FAIL'}"
    )
    ok = page_ok and save_ok
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
