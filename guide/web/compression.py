"""Compression: pages through starlette-compress (zstd, brotli or gzip, as the browser asks), static files from
copies compressed once per process at the highest levels, served with their own Content-Encoding.

A page is compressed on every answer at a fast level (a 20 KB page costs a fraction of a millisecond); the static
files (htmx alone is 51 KB) never change while the app runs, so they are compressed once, at start, at the best
level, and served from memory. A client that asks for no encoding gets the same bytes as before, uncompressed.
"""

from __future__ import annotations

import gzip
import mimetypes
import os
import threading
import typing
from pathlib import Path

import brotli
from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp
from starlette_compress import CompressMiddleware

# The levels for pages, made on every answer: fast ones. starlette-compress prefers zstd, then brotli, then gzip.
PAGE_LEVELS: dict[str, typing.Any] = {"minimum_size": 500, "zstd_level": 4, "brotli_quality": 4, "gzip_level": 6}

# Static files are compressed once: best levels. Only text: images other than SVG are compressed already.
_COMPRESSIBLE = ("text/", "application/javascript", "image/svg+xml", "application/json")
_MINIMUM_SIZE = 500

# (path, mtime_ns, size) -> {"br": bytes, "gzip": bytes}: the package's own files, the same for every app.
_copies: dict[tuple[str, int, int], dict[str, bytes]] = {}
_precompressing = threading.Lock()


def compress_middleware(app: ASGIApp) -> CompressMiddleware:
    return CompressMiddleware(app, **PAGE_LEVELS)


def accepted_encodings(accept_encoding: str) -> set[str]:
    """The codings of an Accept-Encoding header with a positive quality (no `*`: browsers name what they take)."""
    accepted = set()
    for item in accept_encoding.split(","):
        coding, _, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted.add(coding.strip().lower())
    return accepted


def _compressible(path: str) -> bool:
    media_type = mimetypes.guess_type(path)[0] or ""
    return media_type.startswith(_COMPRESSIBLE)


def _copies_of(path: str, stat_result: os.stat_result) -> dict[str, bytes]:
    key = (path, stat_result.st_mtime_ns, stat_result.st_size)
    found = _copies.get(key)
    if found is None:
        data = Path(path).read_bytes()
        found = {"br": brotli.compress(data, quality=11), "gzip": gzip.compress(data, compresslevel=9, mtime=0)}
        found = {coding: body for coding, body in found.items() if len(body) < len(data)}
        _copies[key] = found
    return found


def precompress(directory: Path) -> int:
    """Make the compressed copies of every compressible file under `directory`. Returns how many files have
    copies. One run at a time: a second app of the process (the tests make many) finds them made."""
    count = 0
    with _precompressing:
        for file in sorted(directory.rglob("*")):
            if file.is_file() and _compressible(str(file)) and file.stat().st_size >= _MINIMUM_SIZE:
                count += bool(_copies_of(str(file), file.stat()))
    return count


def precompress_in_background(directory: Path) -> threading.Thread:
    """precompress on a thread of its own, so that the server answers at once (the brotli 11 copies took a quarter
    of the cold start, issue 20); a file asked for before its copies are made gets them made then, by _copies_of."""
    thread = threading.Thread(target=precompress, args=(directory,), name="precompress", daemon=True)
    thread.start()
    return thread


class PrecompressedStaticFiles(StaticFiles):
    """StaticFiles that answers a browser asking for br or gzip with the copy made at start, with
    `Content-Encoding` set (so the page middleware leaves it alone), the file's own ETag and Last-Modified, and
    `Vary: Accept-Encoding` for caches. Range requests and other clients get the file as it is."""

    def file_response(
        self, full_path: typing.Any, stat_result: os.stat_result, scope: typing.Any, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        if not isinstance(response, FileResponse) or status_code != 200:
            return response
        request_headers = Headers(scope=scope)
        if "range" in request_headers or not _compressible(str(full_path)):
            return response
        if stat_result.st_size < _MINIMUM_SIZE:
            return response
        accepted = accepted_encodings(request_headers.get("accept-encoding", ""))
        copies = _copies_of(str(full_path), stat_result)
        coding = next((c for c in ("br", "gzip") if c in accepted and c in copies), None)
        if coding is None:
            response.headers["vary"] = "Accept-Encoding"
            return response
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "accept-ranges")}
        headers.update({"content-encoding": coding, "vary": "Accept-Encoding"})
        body = copies[coding]
        compressed = Response(body, status_code=200, headers=headers)
        if scope.get("method") == "HEAD":
            compressed.body = b""
            compressed.headers["content-length"] = str(len(body))
        return compressed
