"""Phones and zoom (WCAG 2.2, 1.4.10 Reflow): at 320 px, which is also a PC at 400% zoom, no page of a job seeker or
of staff scrolls sideways, in any language, and the phone layout is one a person can use: a header that leaves room
for the page, the ten steps as readable lines, chart text of 14 px or more, no "press Ctrl and P" on a touch screen.

The walk (tests/browser/crawl.py) loads every page once per language, so axe-core checks each one there at 320 px,
and in one of the three languages again at 1280 px (the same page, the window widened; the languages take turns page
by page, so every page is checked at both widths and every language at both): one browser context per section of the
walk and language serves both widths. Axe at 1280 px in every language checked the same layout three times over, a
third of the suite's slowest tests' time. Each section in each language is a test of its own, so the workers share
the walk: in one test per language, the walk's three were the suite's slowest, two and a half minutes each.
test_accessibility.py and the feature tests check the flows in between (errors after a post, htmx swaps) at 1280 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy.engine import Engine

from guide.core.settings import get_settings
from tests.browser.conftest import AXE, LAYOUT_ONLY, axe_violations
from tests.browser.crawl import SECTIONS, Visitors, load_visitors
from tests.conftest import STAFF_PASSWORD, empty_database, staff_password_hash

PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True, "device_scale_factor": 1}
SCREEN = {"width": 1280, "height": 720}
MIN_CHART_TEXT_PX = 14
LANGUAGES = get_settings().languages
MAX_HEADER_PX = 120  # job seekers; staff get one more line (their name and password link)

# What a page shows that does not fit a phone, measured in the page: every figure in CSS pixels.
MEASURE = """() => {
  const width = document.documentElement.clientWidth, scrollWidth = document.documentElement.scrollWidth;
  const clipped = el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const wide = [];  // the culprits, looked for only when there are some
  for (const el of scrollWidth > width ? document.querySelectorAll('body *') : []) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !clipped(el) && getComputedStyle(el).visibility !== 'hidden'
        && ![...el.children].some(c => c.getBoundingClientRect().right > width + 0.5)) wide.push(name(el));
  }
  const chartText = [...document.querySelectorAll('svg text')].map(t =>
    parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  const cutText = [...document.querySelectorAll('svg[viewBox] text')].filter(t => {
    const box = t.getBBox(); return box.x < 0 || box.x + box.width > t.ownerSVGElement.viewBox.baseVal.width;
  }).map(t => t.textContent.trim()).slice(0, 3);
  const visible = sel => [...document.querySelectorAll(sel)].filter(el => el.getClientRects().length).length;
  const header = document.querySelector('.site-header');
  return {scrollWidth, width, wide: [...new Set(wide)].slice(0, 6),
          chartText: chartText.length ? Math.min(...chartText) : null, cutText,
          header: header ? header.getBoundingClientRect().height : 0, staff: !!document.querySelector('.staff-bar'),
          printHints: visible('.print-hint')};
}"""


def phone_problems(page: Page, label: str) -> list[str]:
    """What is wrong with the page as a phone shows it now."""
    m = page.evaluate(MEASURE)
    problems = []
    if m["scrollWidth"] > m["width"]:
        problems.append(f"{label}: scrolls sideways, {m['scrollWidth']} px wide for {m['width']} ({m['wide']})")
    if m["chartText"] is not None and m["chartText"] < MIN_CHART_TEXT_PX - 0.05:
        problems.append(f"{label}: chart text {m['chartText']:.1f} px")
    if m["cutText"]:
        problems.append(f"{label}: chart text runs out of the chart: {m['cutText']}")
    if not m["staff"] and m["header"] > MAX_HEADER_PX:
        problems.append(f"{label}: the header takes {m['header']:.0f} px")
    if m["printHints"]:
        problems.append(f"{label}: says to press Ctrl and P on a touch screen")
    return problems


@pytest.fixture(scope="module")
def visitors(engine: Engine, live_server: str) -> Iterator[Visitors]:
    """The demo's data, loaded once for the walks in every language (each walk leaves it fit for the next)."""
    yield load_visitors(engine, staff_password_hash(), STAFF_PASSWORD, set(get_settings().languages))
    empty_database(engine)


@LAYOUT_ONLY
@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize("section", SECTIONS)
def test_no_page_scrolls_sideways_on_a_320_px_phone_and_axe_finds_nothing_at_320_or_1280_px(
        browser: Browser, live_server: str, visitors: Visitors, section: str, locale: str):
    site = live_server
    context = browser.new_context(**PHONE)
    context.add_init_script(path=str(AXE))  # axe-core in every page, loaded with it
    page = context.new_page()
    problems: list[str] = []
    visited = 0
    for label in SECTIONS[section](page, site, locale, visitors):
        visited += 1
        problems += phone_problems(page, label)
        if label.endswith("/steps"):
            problems += task_list_problems(page)
        problems += [f"{label} at 320 px: {v}" for v in axe_violations(page)]
        if visited % len(LANGUAGES) == LANGUAGES.index(locale):  # this page's turn at 1280 px in this language
            page.set_viewport_size(SCREEN)
            problems += [f"{label} at 1280 px: {v}" for v in axe_violations(page)]
            page.set_viewport_size(PHONE["viewport"])
    context.close()
    assert visited >= 10  # each section has at least as many pages
    assert problems == [], "\n".join(problems)


def task_list_problems(page: Page) -> list[str]:
    """Each step's title gets the width of the screen, less its number: the status goes under it, not beside."""
    boxes = page.evaluate("""() => [...document.querySelectorAll('.task')].map(task => {
      const title = task.querySelector('.task-text').getBoundingClientRect();
      const status = task.querySelector('.task-status').getBoundingClientRect();
      return [title.width, title.bottom, status.top]; })""")
    width = page.evaluate("document.querySelector('.task-list').getBoundingClientRect().width")
    return [
        f"step {n}: its title is {title:.0f} px wide of {width:.0f}, its status beside it"
        for n, (title, bottom, status_top) in enumerate(boxes, start=1)
        if title < 0.75 * width or status_top < bottom - 1
    ]
