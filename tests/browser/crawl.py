"""Every page a job seeker or a member of staff can meet, in seven sections of ten to twenty-five pages, each walked
in a browser context of its own: the reflow and axe-core tests walk them at each width and in each language, each
section in each language a test of its own, so that the test workers share the walk.

The data is the demo's (`tensteps demo`: journeys at every stage, a caseload, an audit with shown and hidden figures),
with one demo journey given a bit of everything (two self-assessments, a coach's note) and the demo coach given every
role, so that one account opens every staff page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from playwright.sync_api import Page
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from guide.about.service import set_switch
from guide.content.library import get_library
from guide.core.db import writing
from guide.demo import ASSESSED_CENTRE, load_demo
from guide.sharing.models import CoachLink
from guide.sharing.service import save_next_step
from guide.staff.service import find_account, update_account

EVERY_ROLE = {"coach", "helper", "editor", "analyst", "admin"}


@dataclass(frozen=True)
class Visitors:
    code: str  # the resume code of a journey with two self-assessments, shared with a coach who left a note
    username: str  # a member of staff with every role, of all partners, and that journey in their caseload
    password: str


def load_visitors(engine: Engine, password_hash: str, password: str, languages: set[str]) -> Visitors:
    lines = list(load_demo(engine))
    code = next(m.group(1) for line in lines if (m := re.match(rf"\s+(\S{{4}}-\S{{4}}-\S{{4}})\s+{ASSESSED_CENTRE}\b",
                                                                line)))
    with Session(engine, expire_on_commit=False) as db, writing(db):
        coach = find_account(db, "demo-coach")
        assert coach is not None
        coach.password_hash = password_hash
        update_account(db, coach, coach.display_name, EVERY_ROLE, languages, languages)
        coach.all_partners = True  # so the walk meets the pages for partners and regions too (guide.places)
        for link in db.exec(select(CoachLink).where(CoachLink.account_id == coach.id)).all():
            save_next_step(db, link, "Bring your CV and a pen.")
        for partner in {c.partner for c in get_library().centres.values()}:  # every partner asks "About you"
            set_switch(db, partner, True, True, "demo-admin")
    return Visitors(code=code, username="demo-coach", password=password)


def _submit(page: Page, action: str) -> None:
    """Send a form by its own submit button, as a person would, and wait for the page that answers."""
    page.click(f'form[action="{action}"] [type="submit"]')
    page.wait_for_load_state("load")


def _places_pages(page: Page, staff: str, locale: str) -> Iterator[str]:
    """Partners, regions and centres (issue 16): the lists, each form new and with its errors, each one to change."""
    page.goto(staff + "/places")
    yield page.url
    page.goto(staff + "/places/centres/new")
    yield page.url
    page.fill("#timezone", "Europe/Atlantis")
    _submit(page, f"/{locale}/staff/places/centres")
    yield "a new centre: no id, no region, no such time zone"
    page.goto(staff + "/places/centres/kortrijk")  # a centre with neighbourhoods
    yield page.url
    page.goto(staff + "/places/regions/new")
    yield page.url
    _submit(page, f"/{locale}/staff/places/regions")
    yield "a new region: nothing typed"
    page.goto(staff + "/places/regions/BE254")
    yield page.url
    page.goto(staff + "/places/partners/new")
    yield page.url
    _submit(page, f"/{locale}/staff/places/partners")
    yield "a new partner: nothing typed"
    page.goto(staff + "/places/partners/Stad%20Kortrijk")
    yield page.url


def _outcome_pages(page: Page, base: str, locale: str) -> Iterator[str]:
    """What happened next: each question (one with its error), check your answers, My plan after saving, and the
    question to remove one."""
    page.goto(base + "/outcomes/kind")
    yield "what did you start"
    _submit(page, f"/{locale}/outcomes/kind")
    yield "what did you start: nothing chosen"
    page.check("#kind-job")
    _submit(page, f"/{locale}/outcomes/kind")
    yield "a job: hours a week"
    page.check("#hours-20_30")
    _submit(page, f"/{locale}/outcomes/hours")
    yield "a job: the contract"
    page.check("#contract-temporary")
    _submit(page, f"/{locale}/outcomes/contract")
    yield "when did it start"
    _submit(page, f"/{locale}/outcomes/start")
    yield "when did it start: nothing chosen"
    today = date.today()  # this month: never before the journey, never to come
    page.select_option("#start-month", str(today.month))
    page.select_option("#start-year", str(today.year))
    _submit(page, f"/{locale}/outcomes/start")
    yield "check your answers"
    _submit(page, f"/{locale}/outcomes/check")
    yield "my plan, with what happened next"
    page.click("#outcomes a[href$='/remove']")
    page.wait_for_load_state("load")
    yield "remove an outcome"


def _visit(page: Page, url: str) -> str:
    page.goto(url)
    return url


def _resume(page: Page, base: str, locale: str, who: Visitors) -> None:
    """Open the visitors' journey by its code, as a job seeker would (the section's first page is checked next)."""
    page.goto(base + "/resume")
    page.fill("#code", who.code)
    _submit(page, f"/{locale}/resume")


def _sign_in(page: Page, staff: str, locale: str, who: Visitors) -> None:
    page.goto(staff + "/login")
    page.fill("#username", who.username)
    page.fill("#password", who.password)
    _submit(page, f"/{locale}/staff/login")


def seeker_start(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """The start, the code card, resuming, the ten steps and their forms."""
    base = f"{site}/{locale}"
    yield _visit(page, site + "/")
    yield _visit(page, base + "/")
    yield _visit(page, base + "/?notice=stopped")
    _submit(page, f"/{locale}/start")
    yield "start: no centre chosen"
    page.check('input[name="centre"][value="kortrijk"]')  # a centre with neighbourhoods
    _submit(page, f"/{locale}/start")
    yield "the code card"
    yield _visit(page, base + "/neighbourhood")  # which neighbourhood (guide.places), asked where a centre has some
    yield _visit(page, base + "/resume")
    page.fill("#code", "nope")
    _submit(page, f"/{locale}/resume")
    yield "resume: a wrong code"
    page.fill("#code", who.code)
    _submit(page, f"/{locale}/resume")
    yield _visit(page, base + "/steps")
    for n in range(1, 11):
        yield _visit(page, f"{base}/steps/{n}")
    page.goto(f"{base}/steps/1")
    page.fill("textarea", "x" * 5001)
    page.click('#step-form .button-row button[name="go"][value="list"]')  # save and go back: refused, too long
    page.wait_for_load_state("load")
    yield "step 1: an answer that is too long"
    page.goto(f"{base}/steps/2")
    page.fill("#comment", "<b>bold</b>")  # "Was this clear?" not answered, and markup: its page with the errors
    page.click('#feedback button[name="go"][value="feedback"]')  # a button of the step's form
    page.wait_for_load_state("load")
    yield "was this clear: no answer chosen, markup typed"
    page.check("#clear-partly")
    page.fill("#comment", "")
    _submit(page, f"/{locale}/steps/2/feedback")
    yield "step 2: thanks for the answer"
    page.goto(f"{base}/steps/2")
    page.click('button[name="action"][value="complete"]')
    page.wait_for_url("**/steps?done=2*")
    yield "the task list with its well-done banner"


def seeker_plan(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """My plan, what happened next, what I can offer, what stands in the way, about you."""
    base = f"{site}/{locale}"
    _resume(page, base, locale, who)
    yield _visit(page, base + "/assessment/feedback")
    yield _visit(page, base + "/plan")
    yield from _outcome_pages(page, base, locale)
    yield _visit(page, base + "/profile")
    if page.locator("#item-0").count():
        page.fill("#item-0", "<b>bold</b>")
        page.click('button[name="action"][value="save"]')
        page.wait_for_load_state("load")
        yield "what I can offer: markup typed"
    yield _visit(page, base + "/barriers")
    page.check("#barrier-childcare-want_help")
    page.check("#barrier-transport-want_help")
    _submit(page, f"/{locale}/barriers")
    yield "what stands in your way: the summary"
    yield _visit(page, base + "/plan#plan-help")
    yield _visit(page, base + "/about-you")  # about you (optional): why it is asked, each question, the answers
    yield _visit(page, base + "/about-you/age")
    page.check("#age_band-under_25")
    _submit(page, f"/{locale}/about-you/age")
    yield "about you: the gender"
    page.check("#gender-prefer_not")
    _submit(page, f"/{locale}/about-you/gender")
    yield "about you: the answers"
    yield _visit(page, base + "/plan#about-you")
    yield _visit(page, base + "/steps/4")


def seeker_more(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """The CV, the directory, sharing, the self-assessments, deleting, workshops, the pages that are not there."""
    base = f"{site}/{locale}"
    _resume(page, base, locale, who)
    yield _visit(page, base + "/cv")
    _submit(page, f"/{locale}/cv/make")
    yield "the CV: no name typed"
    page.fill("#name", "Kerry Walsh")
    _submit(page, f"/{locale}/cv/make")
    yield "the CV to print"
    yield _visit(page, base + "/cv/entries/new?section=experience")
    page.fill("#start_year", "2030")
    _submit(page, f"/{locale}/cv/entries/new")
    yield "an experience: no title, a year to come"
    yield _visit(page, base + "/cv/languages")
    yield _visit(page, base + "/cv/details")
    yield _visit(page, base + "/directory/kortrijk")  # a centre's directory, with the demo's childcare service
    yield _visit(page, base + "/directory/kortrijk?q=zzz&theme=housing&language=ar")  # nothing matches
    yield _visit(page, base + "/share")
    _submit(page, f"/{locale}/share")
    yield "share: no choice made"
    yield _visit(page, base + "/assessment")
    results = page.eval_on_selector_all("a[href$='/result']", "links => links.map(a => a.getAttribute('href'))")
    for href in dict.fromkeys(results):
        yield _visit(page, site + href)
    page.goto(base + "/assessment")
    if page.locator(f'form[action="/{locale}/assessment/start"]').count():
        _submit(page, f"/{locale}/assessment/start")
    else:  # a walk in another language started it already
        page.click("#assessment-open a")
        page.wait_for_load_state("load")
    yield "a statement of a new self-assessment"
    take = re.search(r"/assessment/(\d+)/", page.url)
    assert take, page.url
    yield _visit(page, f"{base}/assessment/{take.group(1)}/check")
    yield _visit(page, base + "/delete")
    yield _visit(page, base + "/workshop/join")
    page.fill("#code", "ACDEFG")
    _submit(page, f"/{locale}/workshop/join")
    yield "join a workshop: a code nobody has"
    page.goto(base + "/share")
    page.check("#answers-no")
    _submit(page, f"/{locale}/share")
    yield "share: the share code"
    yield _visit(page, base + "/nowhere")
    yield _visit(page, site + "/xx/nowhere")


def staff_people(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """Signing in, the caseload and its clients, the accounts."""
    staff = f"{site}/{locale}/staff"
    yield _visit(page, staff + "/login")
    _submit(page, f"/{locale}/staff/login")
    yield "sign in: nothing typed"
    page.fill("#username", who.username)
    page.fill("#password", who.password)
    _submit(page, f"/{locale}/staff/login")
    yield "the staff home"
    yield _visit(page, staff + "/password")
    _submit(page, f"/{locale}/staff/password")
    yield "change your password: nothing typed"
    yield _visit(page, staff + "/caseload")
    page.fill("#code", "12")
    _submit(page, f"/{locale}/staff/caseload")
    yield "caseload: a wrong share code"
    yield _visit(page, staff + "/caseload?show=done&sort=progress")
    page.goto(staff + "/caseload")
    clients = page.eval_on_selector_all("a.client-link", "links => links.map(a => a.getAttribute('href'))")
    assert clients, "no client in the caseload"
    for href in clients:
        yield _visit(page, site + href)
    page.fill("#label", "x" * 41)
    page.click('#label-form [type="submit"]')
    page.wait_for_load_state("load")
    yield "a client: a label that is too long"
    yield _visit(page, site + clients[0] + "/profile")
    # what the client started, recorded by the coach: for a client who let them (the demo's third did not)
    recording = next(href for href in clients
                     if page.goto(site + href) and page.locator("a[href$='/outcomes/new']").count())
    yield _visit(page, site + recording + "/outcomes/new")
    _submit(page, recording + "/outcomes/new")
    yield "a client's outcome: nothing chosen"
    yield _visit(page, staff + "/accounts")
    accounts = page.eval_on_selector_all(f"a[href^='/{locale}/staff/accounts/']",
                                         "links => links.map(a => a.getAttribute('href'))")
    yield _visit(page, staff + "/accounts/new")
    _submit(page, f"/{locale}/staff/accounts/new")
    yield "a new account: nothing typed"
    for href in [a for a in accounts if a.rstrip("/").split("/")[-1].isdigit()][:2]:
        yield _visit(page, site + href)


def staff_texts(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """The texts for editors and the recordings of the texts outside the steps."""
    staff = f"{site}/{locale}/staff"
    _sign_in(page, staff, locale, who)
    yield _visit(page, staff + "/content")
    yield _visit(page, staff + "/content?lang=fr&state=needs_review")
    # a step text with its country variants listed; a variant the files have; one to add, from the default text
    for key in ("step/1/title", "step/1/body", "step/6/body@BE", "step/1/title@BE"):
        yield _visit(page, f"{staff}/content/fr/item/{key}")
    yield _visit(page, staff + "/content/fr/history/step/1/title")
    yield _visit(page, staff + "/content/fr/import")
    # the recordings of the texts outside the steps (guide.listen), then one sent without a file
    yield _visit(page, staff + "/content/fr/recordings")
    page.click('#recording-page-start-part button[type="submit"]')
    page.wait_for_load_state("load")
    yield "recordings: no file chosen"


def staff_audit(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """The audit's surveys, report and figures, and outreach."""
    staff = f"{site}/{locale}/staff"
    _sign_in(page, staff, locale, who)
    yield _visit(page, staff + "/audit")
    yield _visit(page, staff + "/audit/needs")
    yield _visit(page, staff + "/audit/needs/new")
    _submit(page, f"/{locale}/staff/audit/needs/new")
    yield "a survey: nothing typed"
    yield _visit(page, staff + "/audit/needs/import")
    yield _visit(page, staff + "/audit/report")
    page.select_option("#region", "BE254")
    page.select_option("#sector", "care")
    _submit(page, f"/{locale}/staff/audit/report")
    yield "the skills gap report"
    yield _visit(page, staff + "/audit/indicators")
    yield _visit(page, staff + "/audit/breakdowns")  # the map of barriers and the workshops by topic (issues 16, 18)
    # the demo released this quarter; last year's first quarter is not released: the offer, then its refusal
    yield _visit(page, staff + f"/audit/breakdowns?year={date.today().year - 1}&quarter=1")
    _submit(page, f"/{locale}/staff/audit/breakdowns/release")
    yield "a quarter's release refused: nobody in it"
    yield _visit(page, staff + "/audit/stops")  # where people stop (issue 15)
    yield _visit(page, staff + "/audit/groups")  # people by age group and by gender (issue 15)
    if page.locator(f'form[action="/{locale}/staff/audit/groups/release"]').count():  # the first walk releases it
        page.check("#interim")
        _submit(page, f"/{locale}/staff/audit/groups/release")
        yield "people by age group and by gender, released"
    yield _visit(page, staff + "/audit/questions")  # the partners' optional questions
    yield _visit(page, staff + "/audit/targets")
    yield _visit(page, staff + "/outreach")
    page.fill("#count", "0")
    _submit(page, f"/{locale}/staff/outreach")
    yield "an outreach tally: a count of 0"
    removal = page.eval_on_selector("a.row-action", "a => a.href")
    yield _visit(page, removal)


def staff_places(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """Workshops, the directory, partners, regions and centres."""
    staff = f"{site}/{locale}/staff"
    _sign_in(page, staff, locale, who)
    yield _visit(page, staff + "/workshops")
    yield _visit(page, staff + "/workshops/new")
    page.fill("#day", "2020-01-01")
    _submit(page, f"/{locale}/staff/workshops")
    yield "a workshop: a day in the past"
    page.fill("#day", (date.today() + timedelta(days=1)).isoformat())
    page.fill("#start", "09:30")
    page.fill("#end", "11:00")
    page.select_option("#topic", "4")
    _submit(page, f"/{locale}/staff/workshops")
    yield "a workshop, planned"
    yield _visit(page, page.url.split("?")[0] + "/screen")
    yield _visit(page, staff + "/directory")
    entry = page.eval_on_selector("table a[href*='/staff/directory/']", "a => a.href")
    yield _visit(page, staff + "/directory/new")
    page.fill("#phone", "12")
    page.fill("#website", "www.example.org")
    _submit(page, f"/{locale}/staff/directory")
    yield "a directory entry: no name, no phone number, no web address"
    yield _visit(page, entry)
    yield from _places_pages(page, staff, locale)
    yield _visit(page, staff + "/nowhere")


# Every page, in sections: each starts in a new browser context (resuming the journey or signing in first where it
# needs to) and leaves the data fit for any other section, run after it in any language, on either test worker.
SECTIONS = {"seeker-start": seeker_start, "seeker-plan": seeker_plan, "seeker-more": seeker_more,
            "staff-people": staff_people, "staff-texts": staff_texts, "staff-audit": staff_audit,
            "staff-places": staff_places}
