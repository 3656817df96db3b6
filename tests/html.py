"""Small HTML helpers for tests: find an element by id, and apply an htmx swap to a page."""

from __future__ import annotations

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


def apply_swap(page: str, fragment: str, target_id: str) -> str:
    """What the browser shows after htmx swaps `fragment` over #target (outerHTML), out-of-band parts included."""
    oob = re.compile(r'\shx-swap-oob="true"')
    result = page
    # the main swap: the fragment's element with the target's id
    start, end = element_span(result, target_id)
    result = result[:start] + element(fragment, target_id) + result[end:]
    for element_id in ids_in(fragment):
        piece = element(fragment, element_id)
        if oob.search(piece.split(">", 1)[0]):
            start, end = element_span(result, element_id)
            result = result[:start] + oob.sub("", piece, count=1) + result[end:]
    return result
