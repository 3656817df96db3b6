"""Every page a job seeker or a member of staff can meet, in one browser context: the reflow and axe-core tests walk
it at each width and in each language.

The data is the demo's (`tensteps demo`: journeys at every stage, a caseload, an audit with shown and hidden figures),
with one demo journey given a bit of everything (two self-assessments, a coach's note) and the demo coach given every
role, so that one sign-in opens every staff page.
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


def every_page(page: Page, site: str, locale: str, who: Visitors) -> Iterator[str]:
    """Open every page, yielding after each one has loaded (the caller checks it). Job seeker first, then staff."""
    base = f"{site}/{locale}"

    def visit(url: str) -> str:
        page.goto(url)
        return url

    yield visit(site + "/")
    yield visit(base + "/")
    yield visit(base + "/?notice=stopped")
    _submit(page, f"/{locale}/start")
    yield "start: no centre chosen"
    page.check('input[name="centre"][value="kortrijk"]')  # a centre with neighbourhoods
    _submit(page, f"/{locale}/start")
    yield "the code card"
    yield visit(base + "/neighbourhood")  # which neighbourhood (guide.places), asked where a centre has some
    yield visit(base + "/resume")
    page.fill("#code", "nope")
    _submit(page, f"/{locale}/resume")
    yield "resume: a wrong code"
    page.fill("#code", who.code)
    _submit(page, f"/{locale}/resume")
    yield visit(base + "/steps")
    for n in range(1, 11):
        yield visit(f"{base}/steps/{n}")
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
    yield visit(base + "/assessment/feedback")
    yield visit(base + "/plan")
    yield from _outcome_pages(page, base, locale)
    yield visit(base + "/profile")
    if page.locator("#item-0").count():
        page.fill("#item-0", "<b>bold</b>")
        page.click('button[name="action"][value="save"]')
        page.wait_for_load_state("load")
        yield "what I can offer: markup typed"
    yield visit(base + "/cv")
    _submit(page, f"/{locale}/cv/make")
    yield "the CV: no name typed"
    page.fill("#name", "Kerry Walsh")
    _submit(page, f"/{locale}/cv/make")
    yield "the CV to print"
    yield visit(base + "/cv/entries/new?section=experience")
    page.fill("#start_year", "2030")
    _submit(page, f"/{locale}/cv/entries/new")
    yield "an experience: no title, a year to come"
    yield visit(base + "/cv/languages")
    yield visit(base + "/cv/details")
    yield visit(base + "/barriers")
    page.check("#barrier-childcare-want_help")
    page.check("#barrier-transport-want_help")
    _submit(page, f"/{locale}/barriers")
    yield "what stands in your way: the summary"
    yield visit(base + "/plan#plan-help")
    yield visit(base + "/about-you")  # about you (optional): why it is asked, each question, the answers
    yield visit(base + "/about-you/age")
    page.check("#age_band-under_25")
    _submit(page, f"/{locale}/about-you/age")
    yield "about you: the gender"
    page.check("#gender-prefer_not")
    _submit(page, f"/{locale}/about-you/gender")
    yield "about you: the answers"
    yield visit(base + "/plan#about-you")
    yield visit(base + "/steps/4")
    yield visit(base + "/directory/kortrijk")  # a centre's directory, with the demo's childcare service
    yield visit(base + "/directory/kortrijk?q=zzz&theme=housing&language=ar")  # nothing matches
    yield visit(base + "/share")
    _submit(page, f"/{locale}/share")
    yield "share: no choice made"
    yield visit(base + "/assessment")
    results = page.eval_on_selector_all("a[href$='/result']", "links => links.map(a => a.getAttribute('href'))")
    for href in dict.fromkeys(results):
        yield visit(site + href)
    page.goto(base + "/assessment")
    if page.locator(f'form[action="/{locale}/assessment/start"]').count():
        _submit(page, f"/{locale}/assessment/start")
    else:  # a walk in another language started it already
        page.click("#assessment-open a")
        page.wait_for_load_state("load")
    yield "a statement of a new self-assessment"
    take = re.search(r"/assessment/(\d+)/", page.url)
    assert take, page.url
    yield visit(f"{base}/assessment/{take.group(1)}/check")
    yield visit(base + "/delete")
    yield visit(base + "/workshop/join")
    page.fill("#code", "ACDEFG")
    _submit(page, f"/{locale}/workshop/join")
    yield "join a workshop: a code nobody has"
    page.goto(base + "/share")
    page.check("#answers-no")
    _submit(page, f"/{locale}/share")
    yield "share: the share code"
    yield visit(base + "/nowhere")
    yield visit(site + "/xx/nowhere")

    staff = base + "/staff"
    yield visit(staff + "/login")
    _submit(page, f"/{locale}/staff/login")
    yield "sign in: nothing typed"
    page.fill("#username", who.username)
    page.fill("#password", who.password)
    _submit(page, f"/{locale}/staff/login")
    yield "the staff home"
    yield visit(staff + "/password")
    _submit(page, f"/{locale}/staff/password")
    yield "change your password: nothing typed"
    yield visit(staff + "/caseload")
    page.fill("#code", "12")
    _submit(page, f"/{locale}/staff/caseload")
    yield "caseload: a wrong share code"
    yield visit(staff + "/caseload?show=done&sort=progress")
    page.goto(staff + "/caseload")
    clients = page.eval_on_selector_all("a.client-link", "links => links.map(a => a.getAttribute('href'))")
    assert clients, "no client in the caseload"
    for href in clients:
        yield visit(site + href)
    page.fill("#label", "x" * 41)
    page.click('#label-form [type="submit"]')
    page.wait_for_load_state("load")
    yield "a client: a label that is too long"
    yield visit(site + clients[0] + "/profile")
    # what the client started, recorded by the coach: for a client who let them (the demo's third did not)
    recording = next(href for href in clients
                     if page.goto(site + href) and page.locator("a[href$='/outcomes/new']").count())
    yield visit(site + recording + "/outcomes/new")
    _submit(page, recording + "/outcomes/new")
    yield "a client's outcome: nothing chosen"
    yield visit(staff + "/accounts")
    accounts = page.eval_on_selector_all(f"a[href^='/{locale}/staff/accounts/']",
                                         "links => links.map(a => a.getAttribute('href'))")
    yield visit(staff + "/accounts/new")
    _submit(page, f"/{locale}/staff/accounts/new")
    yield "a new account: nothing typed"
    for href in [a for a in accounts if a.rstrip("/").split("/")[-1].isdigit()][:2]:
        yield visit(site + href)
    yield visit(staff + "/content")
    yield visit(staff + "/content?lang=fr&state=needs_review")
    # a step text with its country variants listed; a variant the files have; one to add, from the default text
    for key in ("step/1/title", "step/1/body", "step/6/body@BE", "step/1/title@BE"):
        yield visit(f"{staff}/content/fr/item/{key}")
    yield visit(staff + "/content/fr/history/step/1/title")
    yield visit(staff + "/content/fr/import")
    # the recordings of the texts outside the steps (guide.listen), then one sent without a file
    yield visit(staff + "/content/fr/recordings")
    page.click('#recording-page-start-part button[type="submit"]')
    page.wait_for_load_state("load")
    yield "recordings: no file chosen"
    yield visit(staff + "/audit")
    yield visit(staff + "/audit/needs")
    yield visit(staff + "/audit/needs/new")
    _submit(page, f"/{locale}/staff/audit/needs/new")
    yield "a survey: nothing typed"
    yield visit(staff + "/audit/needs/import")
    yield visit(staff + "/audit/report")
    page.select_option("#region", "BE254")
    page.select_option("#sector", "care")
    _submit(page, f"/{locale}/staff/audit/report")
    yield "the skills gap report"
    yield visit(staff + "/audit/indicators")
    yield visit(staff + "/audit/breakdowns")  # the map of barriers and the workshops by topic (issues 16, 18)
    # the demo released this quarter; last year's first quarter is not released: the offer, then its refusal
    yield visit(staff + f"/audit/breakdowns?year={date.today().year - 1}&quarter=1")
    _submit(page, f"/{locale}/staff/audit/breakdowns/release")
    yield "a quarter's release refused: nobody in it"
    yield visit(staff + "/audit/stops")  # where people stop (issue 15)
    yield visit(staff + "/audit/groups")  # people by age group and by gender (issue 15)
    if page.locator(f'form[action="/{locale}/staff/audit/groups/release"]').count():  # the first walk releases it
        page.check("#interim")
        _submit(page, f"/{locale}/staff/audit/groups/release")
        yield "people by age group and by gender, released"
    yield visit(staff + "/audit/questions")  # the partners' optional questions
    yield visit(staff + "/audit/targets")
    yield visit(staff + "/outreach")
    page.fill("#count", "0")
    _submit(page, f"/{locale}/staff/outreach")
    yield "an outreach tally: a count of 0"
    removal = page.eval_on_selector("a.row-action", "a => a.href")
    yield visit(removal)
    yield visit(staff + "/workshops")
    yield visit(staff + "/workshops/new")
    page.fill("#day", "2020-01-01")
    _submit(page, f"/{locale}/staff/workshops")
    yield "a workshop: a day in the past"
    page.fill("#day", (date.today() + timedelta(days=1)).isoformat())
    page.fill("#start", "09:30")
    page.fill("#end", "11:00")
    page.select_option("#topic", "4")
    _submit(page, f"/{locale}/staff/workshops")
    yield "a workshop, planned"
    yield visit(page.url.split("?")[0] + "/screen")
    yield visit(staff + "/directory")
    entry = page.eval_on_selector("table a[href*='/staff/directory/']", "a => a.href")
    yield visit(staff + "/directory/new")
    page.fill("#phone", "12")
    page.fill("#website", "www.example.org")
    _submit(page, f"/{locale}/staff/directory")
    yield "a directory entry: no name, no phone number, no web address"
    yield visit(entry)
    yield from _places_pages(page, staff, locale)
    yield visit(staff + "/nowhere")
