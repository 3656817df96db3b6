"""Request bodies are capped per route before anything parses them.

The attack: a 300 MiB anonymous post added 205 MB to the server's memory before the CSRF check refused it, and a
50 MB post to /en/start was accepted. Here the same posts are sent straight to the ASGI app, body chunk by chunk,
counting how much of the body the app pulls in: it must stop at the cap (at once when Content-Length says more),
answer 413 with the error page in the person's language, and stay small in memory. The largest legitimate forms
(a step page with every answer at its longest, the editor's longest text) still go through.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from guide.content.items import MAX_CHARS, get_catalog
from guide.content.library import get_library
from guide.content.revisions import head
from guide.editor.exchange import MAX_FILE_BYTES as EDITOR_MAX_FILE_BYTES
from guide.journeys.models import Answer
from guide.journeys.service import MAX_ANSWER_LENGTH
from guide.listen.recordings import MAX_BYTES as MAX_RECORDING_BYTES
from guide.web.limits import FORM_BODY_LIMIT
from skills_audit.sheets import MAX_FILE_BYTES
from tests.conftest import csrf_token, make_staff, sign_in_staff
from tests.staff.test_staff_authorisation import _api_routes

CHUNK = 64 * 1024
FIFTY_MB = 50 * 1024 * 1024


@dataclass
class Exchange:
    pulled: int = 0  # body bytes the app asked for
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    peak: int = 0  # bytes, traced while the app ran


def _post(app, path: str, size: int, *, content_length: int | None = None, headers: dict[str, str] | None = None,
          first: bytes = b"") -> Exchange:  # noqa: ANN001
    """POST `size` bytes to `path` through the whole app, in 64 KB chunks made on demand (none kept)."""
    result = Exchange()
    filler = b"x" * CHUNK
    raw = [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded")]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if content_length is not None:
        raw.append((b"content-length", str(content_length).encode()))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": raw,
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }
    sent = 0

    async def receive() -> dict:
        nonlocal sent
        if sent >= size:
            return {"type": "http.disconnect"}
        piece = first if sent == 0 and first else filler[: min(CHUNK, size - sent)]
        sent += len(piece)
        result.pulled = sent
        return {"type": "http.request", "body": piece, "more_body": sent < size}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            result.status = message["status"]
            result.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            result.body += message.get("body", b"")

    def run() -> None:  # a thread of its own: the browser tests keep an event loop running in this one
        tracemalloc.start()
        try:
            asyncio.run(app(scope, receive, send))
            result.peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()  # re-raises what the app raised
    return result


def _text(body: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.decode()))


def test_a_50_mb_post_to_start_is_refused_before_a_byte_is_read(app):
    result = _post(app, "/en/start", FIFTY_MB, content_length=FIFTY_MB)
    assert result.status == 413
    assert result.pulled == 0
    assert "What you sent is too long" in _text(result.body)
    assert "This page takes at most 256 KB at once. Nothing was saved." in _text(result.body)
    assert result.headers["content-security-policy"]  # the security headers are there as on any page
    assert result.peak < 20 * 1024 * 1024


def test_a_chunked_50_mb_post_is_cut_off_at_the_cap(app):
    """No Content-Length: the body is counted as it comes, and the app stops reading at the cap."""
    result = _post(app, "/en/start", FIFTY_MB, first=b"centre=medway&csrf_token=x&pad=")
    assert result.status == 413
    assert result.pulled <= FORM_BODY_LIMIT + CHUNK
    assert "What you sent is too long" in _text(result.body)
    assert result.peak < 20 * 1024 * 1024


def test_a_body_longer_than_its_content_length_is_cut_off_too(app):
    result = _post(app, "/en/start", FIFTY_MB, content_length=100)
    assert result.status == 413
    assert result.pulled <= FORM_BODY_LIMIT + CHUNK


@pytest.mark.parametrize(("locale", "words"), [
    ("nl", "Wat je stuurde is te lang"),
    ("fr", "Ce que vous avez envoyé est trop long"),
])
def test_the_page_is_in_the_persons_language(app, locale, words):
    result = _post(app, f"/{locale}/start", FIFTY_MB, content_length=FIFTY_MB)
    assert result.status == 413
    assert f'lang="{locale}"' in result.body.decode()
    assert words in _text(result.body)


def test_htmx_gets_the_message_at_the_top_of_the_page_and_keeps_what_was_typed(app):
    result = _post(app, "/en/steps/1/save", FIFTY_MB, headers={"HX-Request": "true"})
    assert result.status == 413
    # app.js swaps a 4xx answer that says where it goes; afterbegin keeps the form (and what was typed) in place.
    assert result.headers["hx-retarget"] == "#main" and result.headers["hx-reswap"] == "afterbegin"
    html = result.body.decode()
    assert "<html" not in html and 'role="alert"' in html
    assert "Make your text shorter and try again." in _text(result.body)


def test_an_upload_over_its_stated_limit_is_refused_with_the_file_page(client, db):
    analyst = sign_in_staff(client, db, make_staff(db, "big-file-analyst", ("analyst",)))
    token = csrf_token(analyst)
    response = analyst.post("/en/staff/audit/needs/import", data={"csrf_token": token},
                            files={"file": ("needs.csv", b"x" * (MAX_FILE_BYTES + 100 * 1024), "text/csv")})
    assert response.status_code == 413
    assert "A file can be at most 5 MB. Nothing was imported." in _text(response.content)
    assert 'href="/en/staff/"' in response.text  # the way back is to the staff pages
    assert "at most 5 MB" in _text(analyst.get("/en/staff/audit/needs/import").content)  # the page says the limit


def test_an_upload_just_under_the_limit_reaches_the_import(client, db):
    analyst = sign_in_staff(client, db, make_staff(db, "near-limit-analyst", ("analyst",)))
    content = b"employer,sector\n" + b"x" * (MAX_FILE_BYTES - 100)
    response = analyst.post("/en/staff/audit/needs/import", data={"csrf_token": csrf_token(analyst)},
                            files={"file": ("needs.csv", content, "text/csv")})
    assert response.status_code == 422  # the import's own checks answer, not the cap
    assert "Nothing was imported" in response.text


def _file_readers() -> set[str]:
    """The form readers that hand a route an uploaded file (their return type names UploadFile)."""
    import importlib
    import pkgutil

    import guide

    names = set()
    for module_info in pkgutil.walk_packages(guide.__path__, "guide."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            names |= {name for name, function in inspect.getmembers(module, inspect.isfunction)
                      if function.__module__ == module.__name__
                      and "UploadFile" in str(function.__annotations__.get("return", ""))}
    return names


def test_every_route_that_takes_a_file_says_its_limit(app):
    """A route that reads an UploadFile needs more than a form; one added without a limit fails here."""
    readers = _file_readers() | {"read_recording"}  # a partner's recording: its file comes in a dataclass
    assert {"upload", "read_import_file"} <= readers  # the check below sees files read through the forms too

    def takes_file(source: str) -> bool:
        return "UploadFile" in source or any(re.search(rf"\b{name}\(", source) for name in readers)

    takes_files = {path for path, route in _api_routes(app.routes) if takes_file(inspect.getsource(route.endpoint))}
    marked = {path: route.endpoint.body_limit for path, route in _api_routes(app.routes)
              if hasattr(route.endpoint, "body_limit")}
    assert takes_files == {"/{locale}/staff/audit/needs/import", "/{locale}/staff/content/{lang}/import",
                          "/{locale}/staff/content/{lang}/recording/{key:path}",
                          "/{locale}/staff/content/{lang}/recordings"}
    # The confirmation of an import carries the same file again, packed into the form.
    assert set(marked) == takes_files | {"/{locale}/staff/content/{lang}/import/confirm"}
    files = {"audit": MAX_FILE_BYTES, "content": EDITOR_MAX_FILE_BYTES}  # each feature's own file limit
    for path, limit in marked.items():
        most = MAX_RECORDING_BYTES if "/recording" in path else files[path.split("/")[3]]  # a partner's recording
        assert limit.bytes > most and limit.file_megabytes == 5, path


# --- the largest legitimate forms still go through ---------------------------------------------------------------


def test_a_step_save_with_every_answer_at_its_longest_is_saved(job_seeker, db):
    steps = [get_library().step("fr", n) for n in range(1, 11)]
    step = max(steps, key=lambda s: len(s.questions))
    answers = {f"answer-{q.id}": "é" * MAX_ANSWER_LENGTH for q in step.questions}  # 6 bytes each, form-encoded
    response = job_seeker.post(f"/fr/steps/{step.number}",
                               data={"csrf_token": csrf_token(job_seeker, "fr"), "action": "later",
                                     "tick": [item.id for item in step.checklist], **answers})
    assert response.status_code == 303, response.text[:300]
    saved = db.exec(select(Answer.text)).scalars().all()
    assert saved == ["é" * MAX_ANSWER_LENGTH] * len(step.questions)


def test_the_editors_longest_text_is_saved(client, db):
    editor = sign_in_staff(client, db, make_staff(db, "long-text-editor", ("editor",), languages=("fr",)))
    key = next(k for k, item in get_catalog().items.items() if item.kind == "step-body")
    text = ("Le café à l’étape. " * 2000)[: MAX_CHARS["step-body"]]
    response = editor.post(f"/en/staff/content/fr/item/{key}",
                           data={"csrf_token": csrf_token(editor), "text": text, "base": "", "action": "draft"})
    assert response.status_code == 303, response.text[:300]
    assert head(db, key, "fr").text == text.strip() or head(db, key, "fr").text.startswith("Le café")
