"""Answers are compressed when the browser asks, and plain when it does not: a page, an htmx save and the
static files (htmx itself), with the security headers left as they are."""

from __future__ import annotations

import gzip

import brotli
import pytest
from fastapi.testclient import TestClient

from guide.web.render import static_url
from guide.web.security import CONTENT_SECURITY_POLICY

BROWSER = "gzip, deflate, br, zstd"


def _raw(client: TestClient, path: str, accept: str) -> tuple[dict[str, str], bytes]:
    """Headers and the bytes as they came over the wire (the client would otherwise decode them)."""
    with client.stream("GET", path, headers={"Accept-Encoding": accept}) as response:
        assert response.status_code == 200, (path, response.status_code)
        return dict(response.headers), b"".join(response.iter_raw())


def _decode(coding: str | None, body: bytes) -> bytes:
    if coding == "br":
        return brotli.decompress(body)
    if coding == "gzip":
        return gzip.decompress(body)
    if coding == "zstd":
        import zstandard

        return zstandard.ZstdDecompressor().decompressobj().decompress(body)
    assert coding is None, coding
    return body


@pytest.mark.parametrize("accept, coding", [(BROWSER, "zstd"), ("gzip, br", "br"), ("gzip", "gzip")])
def test_a_page_comes_back_compressed_as_asked(client: TestClient, accept: str, coding: str) -> None:
    plain_headers, plain = _raw(client, "/en/", "identity")
    headers, body = _raw(client, "/en/", accept)
    assert "content-encoding" not in plain_headers
    assert headers["content-encoding"] == coding
    assert "accept-encoding" in headers["vary"].lower()
    assert len(body) < len(plain) / 2
    # The same page (but for its CSRF token, which is new for a new cookie-less visitor) and the same headers.
    assert len(_decode(coding, body)) == len(plain)
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert headers["cache-control"] == "no-store"
    assert int(headers["content-length"]) == len(body)


def test_a_page_is_plain_without_accept_encoding(client: TestClient) -> None:
    with client.stream("GET", "/en/", headers={"Accept-Encoding": ""}) as response:
        body = b"".join(response.iter_raw())
        assert "content-encoding" not in response.headers
        assert body.startswith(b"<!DOCTYPE html>") or body.lstrip().lower().startswith(b"<!doctype html>")


@pytest.mark.parametrize("accept, coding", [(BROWSER, "br"), ("gzip", "gzip"), ("identity", None), ("", None)])
def test_htmx_comes_back_precompressed_as_asked(client: TestClient, accept: str, coding: str | None) -> None:
    path = static_url("vendor/htmx.min.js")
    _plain_headers, plain = _raw(client, path, "identity")
    headers, body = _raw(client, path, accept)
    assert headers.get("content-encoding") == coding
    assert _decode(coding, body) == plain
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert "accept-encoding" in headers["vary"].lower()
    assert int(headers["content-length"]) == len(body)
    if coding:
        assert len(body) < len(plain) / 3


def test_a_range_request_for_a_static_file_gets_the_plain_bytes(client: TestClient) -> None:
    path = static_url("vendor/htmx.min.js")
    response = client.get(path, headers={"Accept-Encoding": BROWSER, "Range": "bytes=0-99"})
    assert response.status_code == 206
    assert "content-encoding" not in response.headers
    assert len(response.content) == 100


def test_an_unchanged_static_file_is_not_sent_again(client: TestClient) -> None:
    path = static_url("css/app.css")
    first = client.get(path, headers={"Accept-Encoding": BROWSER})
    again = client.get(path, headers={"Accept-Encoding": BROWSER, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
