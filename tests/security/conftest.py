"""The cast of the attack tests: one browser per kind of visitor, a world for them to act in, the app's routes.

Like the staff authorisation table's `world` (the same personas), but each persona keeps what it needs to be signed
in again (its account, its resume code): an attack may sign someone out, stop a session or delete a journey, and
`Cast.ready` puts the browser back as it was before the next try.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from guide.about.service import set_switch
from guide.content.revisions import save
from guide.core.db import writing
from guide.core.models import saved_id, utcnow
from guide.core.settings import get_settings
from guide.feedback.service import FeedbackInput, record_feedback
from guide.listen.audio import Text, audio_dir, audio_name, build
from guide.listen.recordings import recordings_dir
from guide.outcomes.models import CheckIn
from guide.outcomes.service import seed as seed_outcomes
from guide.outreach.models import ReachTally
from guide.outreach.service import seed as seed_tallies
from guide.profile.models import CvEntry
from guide.sharing.models import CoachLink
from guide.staff.models import StaffAccount
from guide.web.security import CSRF_COOKIE
from skills_audit.framework import get_framework
from tests.conftest import add_client, csrf_token, make_staff, share_code, sign_in_staff, start_journey
from tests.directory.factories import CHILDCARE, add_service
from tests.snapshots import Rows, put_back, take
from tests.staff.test_staff_authorisation import PERSONAS, _api_routes
from tests.workshops.factories import add_workshop

PATH_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
# Step numbers are digits in the URL but name no row; every other digit-valued path parameter is a row id.
NOT_ROW_IDS = frozenset({"n"})
_CSRF: list[tuple[str, str]] = []


@dataclass
class Persona:
    name: str
    client: TestClient
    account: StaffAccount | None = None  # staff: a fresh session before each try
    code: str = ""  # a job seeker: resumed with this code before each try
    seed: str = ""  # the CSRF cookie this browser keeps, and the token that goes with it
    token: str = ""


@dataclass
class Cast:
    personas: dict[str, Persona]
    ids: dict[str, str]  # a real value for every path parameter and form id of the app, by name
    db: Session

    def ready(self, persona: Persona) -> TestClient:
        """The persona's browser as before any attack: its CSRF cookie, and signed in as itself."""
        client = persona.client
        client.cookies.clear()
        client.cookies.set(CSRF_COOKIE, persona.seed)
        if persona.account is not None:
            sign_in_staff(client, self.db, persona.account)
        elif persona.code:
            response = client.post("/en/resume", data={"code": persona.code, "csrf_token": persona.token})
            if response.status_code != 303:  # the journey was deleted: a new one in the same browser
                persona.code = start_journey(client)
            # Resuming hands out a new CSRF seed (as signing in does); the attack goes on with the persona's own.
            client.cookies.delete(CSRF_COOKIE)
            client.cookies.set(CSRF_COOKIE, persona.seed)
        return client


def route_table(app) -> dict[tuple[str, str], APIRoute]:  # noqa: ANN001
    """Every (method, path) of the app, through its included routers."""
    return {
        (method, path): route
        for path, route in _api_routes(app.routes)
        for method in route.methods
        if method != "HEAD"
    }


def path_params(path: str) -> list[str]:
    return PATH_PARAM.findall(path)


def fill(path: str, values: dict[str, str]) -> str:
    """The path with its parameters replaced by these values (a KeyError names a parameter the cast lacks)."""
    return PATH_PARAM.sub(lambda m: values[m.group(1)], path)


def declared_ids(route: APIRoute) -> set[str]:
    """The path parameters this route declares with guide.web.deps.path_id (checked before anything else)."""
    found: set[str] = set()
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        name = getattr(dependant.call, "path_id", None)
        if name:
            found.add(name)
        stack.extend(dependant.dependencies)
    return found


def _csrf(client: TestClient) -> tuple[str, str]:
    """A CSRF cookie and its token. The token follows from the cookie alone, so every persona may carry the same
    pair, and the first one fetched serves the whole run (one page less per persona and test)."""
    if _CSRF:
        return _CSRF[0]
    token = csrf_token(client)
    _CSRF.append((client.cookies[CSRF_COOKIE], token))
    return _CSRF[0]


@pytest.fixture
def no_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Attacks try many codes and passwords: the limits would soon answer 429 and hide what lies behind them."""
    settings = get_settings()
    for name in ("resume_attempts", "login_attempts_per_account", "login_attempts_per_address",
                 "share_code_attempts", "workshop_code_attempts", "workshop_code_attempts_per_journey",
                 "feedback_per_session", "feedback_per_address"):
        monkeypatch.setattr(settings, name, 10**9)


def _job_with_check_ins(db: Session, link_id: int) -> tuple[int, int]:
    """A job of the job seeker's from January 2026: its 4-week check-in answered, asking to talk to a coach (the
    coach's page has a "followed up" form), its 26-week one open (the check-in's questions have pages)."""
    link = db.get(CoachLink, link_id)
    assert link is not None
    with writing(db):
        outcome_id = seed_outcomes(db, [(link.journey_id, "job", "20_30/temporary", date(2026, 1, 1))])[0]
        checkins = {c.due_week: c for c in db.exec(select(CheckIn).where(CheckIn.outcome_id == outcome_id))}
        first = checkins[4]
        first.answered_at, first.status, first.wants_coach = utcnow(), "still_there", True
        db.add(first)
    return outcome_id, saved_id(checkins[26])


def _audio_file() -> str:
    """One short text's audio (guide.listen), made once per data folder: the audio route's real file, and the same
    bytes as a partner's recording under that name (the recordings' route)."""
    text = Text("Luister.", "nl")
    folder = audio_dir(get_settings())
    build([text], folder)
    name = f"{audio_name(text.text, text.lang, 'normal')}.ogg"
    recorded = recordings_dir(get_settings())
    recorded.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / name, recorded / name)
    return name


@dataclass(frozen=True)
class _Built:
    """A cast as built, to be put back: its rows, ids, the staff's account ids and the job seeker's code."""

    rows: Rows
    ids: dict[str, str]
    accounts: dict[str, int]
    code: str


# One build per database and test process (tests/snapshots.py): later casts are its rows put back.
_BUILT: dict[str, _Built] = {}


@pytest.fixture
def cast(app, db) -> Iterator[Cast]:  # noqa: ANN001
    """A job seeker with an open self-assessment who shares with one coach; coaches of the same and of another
    partner who are not linked; an admin with an account to manage; French and Dutch editors; an analyst."""
    clients: list[TestClient] = []

    def browser() -> TestClient:
        c = TestClient(app, follow_redirects=False)
        c.__enter__()
        clients.append(c)
        return c

    engine = db.get_bind()
    built = _BUILT.get(str(engine.url))
    if built is None:
        made = _build_cast(db, browser)
        accounts = {name: p.account.id for name, p in made.personas.items() if p.account is not None}
        _BUILT[str(engine.url)] = _Built(take(engine), made.ids, accounts, made.personas["job_seeker"].code)
    else:
        put_back(engine, built.rows)
        db.expunge_all()
        _audio_file()  # an attack may have removed the recording
        seed, token = _CSRF[0]
        names = (*PERSONAS, "all_partners_admin")
        personas = {name: Persona(name, browser(), seed=seed, token=token) for name in names}
        personas["job_seeker"].code = built.code
        for name, account_id in built.accounts.items():
            personas[name].account = db.get(StaffAccount, account_id)
        made = Cast(personas, dict(built.ids), db)
    yield made
    for c in clients:
        c.__exit__(None, None, None)


def _build_cast(db: Session, browser: Callable[[], TestClient]) -> Cast:
    """The cast made by the app's own routes, as a person would (and the few rows no page makes, by services)."""
    job_seeker = Persona("job_seeker", browser())
    job_seeker.code = start_journey(job_seeker.client)
    linked = Persona("linked_coach", browser(), account=make_staff(db, "linked-coach"))
    # What stands in their way, shared too, and consent to record outcomes: the coach's page has their forms to try.
    saved = job_seeker.client.post("/en/barriers", data={"barrier-childcare": "want_help",
                                                          "csrf_token": csrf_token(job_seeker.client)})
    assert saved.status_code == 303, saved.text
    with writing(db):  # Medway asks the optional questions about the person: their pages have forms to try
        set_switch(db, "Medway Council", True, True, "the-admin")
    about = job_seeker.client.post("/en/about-you/age", data={"answer": "25_54",
                                                               "csrf_token": csrf_token(job_seeker.client)})
    assert about.status_code == 303, about.text
    link_id = add_client(sign_in_staff(linked.client, db, linked.account),
                         share_code(job_seeker.client, barriers="yes", outcomes="yes"))
    started = job_seeker.client.post("/en/assessment/start", data={"csrf_token": csrf_token(job_seeker.client)})
    take = re.search(r"/assessment/(\d+)/", started.headers["location"])
    assert take, started.headers["location"]
    # An answer of step 1 and a line of the CV, so the profile's and the CV's pages have their forms to try.
    answered = job_seeker.client.post("/en/steps/1", data={"answer-proud": "My garden", "go": "list",
                                                            "csrf_token": csrf_token(job_seeker.client)})
    assert answered.status_code == 303, answered.text
    added = job_seeker.client.post("/en/cv/entries/new", data={
        "section": "experience", "kind": "volunteer", "title": "Food bank", "start_year": "2020",
        "csrf_token": csrf_token(job_seeker.client)})
    assert added.status_code == 303, added.text
    entry_id = db.exec(select(CvEntry.id)).one()
    with writing(db):  # a tally of the coaches' partner, so the outreach pages have a removal to try
        seed_tallies(db, [("medway", date(2026, 1, 5), "house_visit", 4)])
    tally_id = db.exec(select(ReachTally.id)).one()
    workshop_id, _code = add_workshop(db)  # a Medway workshop, open now
    with writing(db):  # a French reader's answer, so the editors' "Mark as handled" has one to try
        feedback_id = record_feedback(db, "1", "fr", "kortrijk", FeedbackInput("no", (), "Trop long."))
    outcome_id, checkin_id = _job_with_check_ins(db, link_id)
    # A service of the editors' partner (Medway), so the directory's pages have an entry to show and change.
    listing_id = add_service(db, "medway", replace(CHILDCARE, phone="01634 306000", address="1 High St, Chatham"))
    target = make_staff(db, "managed-coach")
    # Two drafts: one to restore, one to compare with (nothing published, so no test rebuilds the guide's texts).
    first = save(db, "step/1/title", "fr", "Un titre", "someone", None)
    revision = save(db, "step/1/title", "fr", "Un titre neuf", "someone", first.id)
    personas = {"anonymous": Persona("anonymous", browser()), "job_seeker": job_seeker, "linked_coach": linked}
    for name, account in (
        ("same_partner_coach", make_staff(db, "same-partner")),
        ("other_partner_coach", make_staff(db, "other-partner", partner="Stad Kortrijk")),
        ("admin", make_staff(db, "the-admin", ("admin",))),
        ("fr_editor", make_staff(db, "fr-editor", ("editor",), languages=("fr",))),
        ("nl_editor", make_staff(db, "nl-editor", ("editor",), languages=("nl",))),
        ("analyst", make_staff(db, "an-analyst", ("analyst",))),
        ("helper", make_staff(db, "a-helper", ("helper",))),
    ):
        personas[name] = Persona(name, browser(), account=account)
    assert set(personas) == set(PERSONAS)
    # Beyond the tables' personas: an admin of every partner, who alone adds partners and regions (guide.places),
    # for the fuzz test to post as (the tables' admin is Medway's, a partner admin; tests/places has the rest).
    personas["all_partners_admin"] = Persona("all_partners_admin", browser(), account=make_staff(
        db, "all-admin", ("admin",), partner="Stad Kortrijk", all_partners=True))
    seed, token = _csrf(personas["anonymous"].client)
    for persona in personas.values():
        persona.seed, persona.token = seed, token
    ids = {
        "locale": "en", "link_id": str(link_id), "account_id": str(target.id), "take": take.group(1),
        "statement_id": get_framework().statement_ids()[0], "n": "1", "lang": "fr", "key": "step/1/title",
        "fmt": "csv", "revision_id": str(revision.id), "entry_id": str(entry_id),
        "tally_id": str(tally_id), "workshop_id": str(workshop_id), "feedback_id": str(feedback_id),
        "outcome_id": str(outcome_id), "checkin_id": str(checkin_id),
        "name": _audio_file(), "centre_id": "medway", "listing_id": str(listing_id),
        "region_code": "UKJ41", "partner_id": "Medway Council",
    }
    return Cast(personas, ids, db)
