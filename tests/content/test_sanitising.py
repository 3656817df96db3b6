"""Markdown in, sanitised HTML out: script, event attributes and javascript: links typed as content never reach
a page, whether they come from a file or from an editor's published revision."""

from html.parser import HTMLParser

import pytest

from guide.content import revisions as rev
from guide.content.library import render_markdown
from guide.core.db import writing
from guide.core.i18n import set_locale

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "![x](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<svg onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<iframe src=//evil.example></iframe>",
    "[click](vbscript:msgbox(1))",
]


class _Dangers(HTMLParser):
    """Every element, attribute or link that could run script."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"script", "iframe", "object", "embed", "svg", "style"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction"} and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme not in {"", "http", "https", "mailto", "tel"}:
                    self.found.append(f"{tag}[{name}={value}]")


def dangers(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found


def test_the_checker_catches_what_it_looks_for():
    assert dangers('<p onclick="x"><script></script><a href="javascript:x">a</a></p>') == [
        "p[onclick]", "script", "a[href=javascript:x]"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_render_markdown_removes_script(attack):
    assert dangers(render_markdown(f"Hello {attack} world\n\n{attack}")) == []


def test_safe_links_stay():
    html = render_markdown("[VDAB](https://www.vdab.be) and [call](tel:+3256000000)")
    assert 'href="https://www.vdab.be"' in html and 'href="tel:+3256000000"' in html


def test_script_typed_by_an_editor_never_reaches_the_job_seekers_page(job_seeker, db):
    set_locale("en")
    body = "# Hello\n\n" + "\n\n".join(ATTACKS)
    with writing(db):
        rev.save(db, "step/3/body", "en", body, "mallory", None, publish=True)
        head = rev.save(db, "step/3/title", "en", "<script>alert(1)</script> Title", "mallory", None, publish=True)
        rev.save(db, "step/3/checklist/explore", "en", '<img src=x onerror="alert(1)">', "mallory", None, publish=True)
        rev.save(db, "centre/medway/help/3", "en", "<b onmouseover=alert(1)>Name</b>\n<script>x</script>", "mallory",
                 None, publish=True)
    page = job_seeker.get("/en/steps/3").text
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; Title</h1>" in page  # shown as text, harmless
    assert "Hello" in page and head.id
    main = page[page.index('<main'):page.index("</main>")]
    assert dangers(main) == []
