"""Page weight: what a first visit to a step page downloads, and what one htmx save sends back.

In-process (FastAPI's TestClient on a temp SQLite database): start a journey, load step 1, fetch every
<script src> and <link rel="stylesheet" href> it references, every request with `Accept-Encoding` as a browser
sends it, and print the bytes that came over the wire (the body as sent, before the client decodes it), the
encoding the server chose, and the size uncompressed.

Targets, on the wire: first load of a step page (HTML + its scripts, stylesheets and images: the pictograms) <= 40 KB;
an htmx save's response (POST /en/steps/1/save with HX-Request) <= 2 KB.

Run: .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from benchlib import Workspace, content_note, csrf_from, exit_on_sigterm, resume_code_from, step_fields

PAGE_TARGET = 40 * 1024
SAVE_TARGET = 2 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium and Firefox send over HTTPS


class Resources(HTMLParser):
    """Every <script src>, <link rel="stylesheet" href> and <img src> (each once), in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script" and a.get("src"):
            self.found.append(("script", a["src"]))
        elif tag == "link" and "stylesheet" in a.get("rel", "").lower().split() and a.get("href"):
            self.found.append(("stylesheet", a["href"]))
        elif tag == "img" and a.get("src") and ("image", a["src"]) not in self.found:
            self.found.append(("image", a["src"]))


class Wire:
    """One answer as it came over the wire: its status, body as sent, encoding, and body as decoded."""

    def __init__(self, client, method: str, path: str, **kwargs) -> None:  # noqa: ANN001 - a TestClient
        headers = {**BROWSER, **kwargs.pop("headers", {})}
        with client.stream(method, path, headers=headers, **kwargs) as response:
            self.status_code = response.status_code
            self.encoding = response.headers.get("content-encoding", "none")
            self.wire = b"".join(response.iter_raw())

    @property
    def sent(self) -> int:
        return len(self.wire)


def plain_size(client, path: str) -> int:  # noqa: ANN001 - a TestClient
    with client.stream("GET", path, headers={"Accept-Encoding": "identity"}) as response:
        return len(b"".join(response.iter_raw()))


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
    page = client.get("/en/steps/1")  # decoded by the client, to read its links and form
    assert page.status_code == 200, page.status_code
    first = Wire(client, "GET", "/en/steps/1")
    assert first.status_code == 200, first.status_code

    parser = Resources()
    parser.feed(page.text)
    rows = [("document", "/en/steps/1", first, plain_size(client, "/en/steps/1"))]
    for kind, ref in parser.found:
        url = urljoin("http://testserver/en/steps/1", ref)
        parts = urlsplit(url)
        if parts.netloc != "testserver":
            print(f"  ! {kind} from another host is not counted: {ref}")
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        r = Wire(client, "GET", path)
        assert r.status_code == 200, (ref, r.status_code)
        rows.append((kind, parts.path, r, plain_size(client, path)))

    print(f"  Accept-Encoding: {BROWSER['Accept-Encoding']}")
    print(f"  {'resource':52} {'on the wire':>12} {'encoding':>9} {'uncompressed':>13}")
    total_wire = total_plain = 0
    for kind, path, r, plain in rows:
        total_wire, total_plain = total_wire + r.sent, total_plain + plain
        print(f"  {kind + ' ' + path:52} {kb(r.sent):>12} {r.encoding:>9} {kb(plain):>13}")
    page_ok = total_wire <= PAGE_TARGET
    print(
        f"  {'total first load':52} {kb(total_wire):>12} {'':>9} {kb(total_plain):>13}   "
        f"target <= {PAGE_TARGET // 1024} KB on the wire: {'PASS' if page_ok else 'FAIL'}"
    )

    ticks, questions, _sectors = step_fields(page.text)
    # The token of the step page: starting a journey gave this browser a new one.
    data: dict = {"csrf_token": csrf_from(page.text), "tick": ticks[:2]}
    for q in questions:
        data[f"answer-{q}"] = "I have written down the three jobs I would like to try first."
    save = Wire(client, "POST", "/en/steps/1/save", data=data, headers={"HX-Request": "true"})
    assert save.status_code == 200, save.status_code
    save_ok = save.sent <= SAVE_TARGET
    print(
        f"  htmx save response (POST /en/steps/1/save): {save.sent:,} B on the wire ({save.encoding})   "
        f"target <= {SAVE_TARGET // 1024} KB: {'PASS' if save_ok else 'FAIL'}"
    )
    ok = page_ok and save_ok
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
