"""Small HTML helpers for tests: find an element by id, apply an htmx swap to a page as htmx would, and read a page's
words and table rows."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Finder(HTMLParser):
    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=False)
        self.element_id = element_id
        self.start: int | None = None
        self.end: int | None = None
        self.depth = 0
        self.tag = ""

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_offsets[line - 1] + col

    def feed_text(self, text: str) -> None:
        self._line_offsets = [0]
        for line in text.splitlines(keepends=True):
            self._line_offsets.append(self._line_offsets[-1] + len(line))
        self._text = text
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if self.start is None and dict(attrs).get("id") == self.element_id:
            self.start, self.tag, self.depth = self._offset(), tag, 1
            if tag in VOID:
                self.end = self._text.index(">", self.start) + 1
            return
        if self.start is not None and self.end is None and tag == self.tag:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.start is not None and self.end is None and tag == self.tag:
            self.depth -= 1
            if self.depth == 0:
                self.end = self._text.index(">", self._offset()) + 1


def element_span(html: str, element_id: str) -> tuple[int, int]:
    finder = _Finder(element_id)
    finder.feed_text(html)
    assert finder.start is not None and finder.end is not None, f"no element with id {element_id!r}"
    return finder.start, finder.end


def element(html: str, element_id: str) -> str:
    start, end = element_span(html, element_id)
    return html[start:end]


def ids_in(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


class _Trigger(HTMLParser):
    """The attributes of the element that sends a request to `url` (its hx-post or hx-get)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.url in (values.get("hx-post"), values.get("hx-get")):
            self.found.append(values)


def htmx_swap(page: str, fragment: str, url: str) -> str:
    """What the browser shows after the element of `page` that requests `url` gets `fragment` back: the target and
    the swap style are read from that element's own hx-target and hx-swap, as htmx reads them, so a template that
    points htmx at the wrong place fails the test."""
    trigger = _Trigger(url)
    trigger.feed(page)
    assert len(trigger.found) == 1, f"{len(trigger.found)} elements request {url!r}"
    target = html_lib.unescape(trigger.found[0].get("hx-target") or "")
    assert target.startswith("#"), f"hx-target {target!r} is not an id"
    style = (trigger.found[0].get("hx-swap") or "innerHTML").split()[0]
    return apply_swap(page, fragment, target[1:], style)


def apply_swap(page: str, fragment: str, target_id: str, style: str = "outerHTML") -> str:
    """What the browser shows after htmx swaps `fragment` into #target (outerHTML or innerHTML), out-of-band parts
    included."""
    oob = re.compile(r'\shx-swap-oob="true"')
    result = page
    start, end = element_span(result, target_id)
    if style == "outerHTML":  # the fragment's element with the target's id replaces the target
        result = result[:start] + element(fragment, target_id) + result[end:]
    else:
        assert style == "innerHTML", f"swap style {style!r} is not modelled here"
        inner_start = result.index(">", start) + 1
        inner_end = result.rindex("</", start, end)
        result = result[:inner_start] + fragment + result[inner_end:]
    for element_id in ids_in(fragment):
        piece = element(fragment, element_id)
        if oob.search(piece.split(">", 1)[0]):
            start, end = element_span(result, element_id)
            result = result[:start] + oob.sub("", piece, count=1) + result[end:]
    return result


def plain_text(html: str) -> str:
    """The page's words with the markup taken out and every run of white space one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def table_row(html: str, label: str) -> str:
    """The words of the table row whose heading cell starts with `label`."""
    row = next(r for r in html.split("<tr") if f">{label}" in r.split("</th>")[0])
    return plain_text("<tr" + row.split("</tr>")[0]).strip()
