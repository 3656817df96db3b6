"""Demo data: a few journeys at different stages and one staff account per role, so a newcomer can try the app at once.

The demo coach has three of the demo journeys in their caseload (shared with a share code, as a job seeker would),
one of them quiet for three weeks and one with a finished self-assessment."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from guide.about.service import AGE_BAND, AGE_BANDS, GENDER, GENDERS, save_answer, set_switch
from guide.assessment.models import AssessmentLevel, AssessmentTake
from guide.assessment.service import finish_take, record_answer, start_take
from guide.audit_pages import tables
from guide.audit_pages.places import get_places
from guide.barriers.service import NO_PROBLEM, NOT_NOW, WANT_HELP, save_answers
from guide.content.library import get_files, get_library
from guide.core.codes import keyed_hash
from guide.core.db import writing
from guide.core.models import saved_id, utcnow
from guide.core.settings import get_settings
from guide.core.timeutil import as_utc
from guide.directory.exchange import import_directory
from guide.directory.service import EntryInput, add_entry, check_entry
from guide.feedback.models import ReaderFeedback
from guide.feedback.service import seed as seed_feedback
from guide.feedback.service import text_revision
from guide.journeys.models import Journey, StepProgress
from guide.journeys.service import COMPLETED, IN_PROGRESS, StepInput, save_step, start_journey
from guide.outcomes.models import CheckIn
from guide.outcomes.service import seed as seed_outcomes
from guide.outreach.models import ReachTally
from guide.outreach.service import KINDS
from guide.outreach.service import seed as seed_tallies
from guide.sharing.service import create_share_code, redeem_share_code, save_next_step
from guide.staff.service import AccountError, create_account, generate_password
from guide.workshops.models import Workshop
from guide.workshops.service import SeedWorkshop, code_of
from guide.workshops.service import seed as seed_workshop
from skills_audit.aggregate import AuditError, available_periods
from skills_audit.framework import get_framework
from skills_audit.models import EmployerRequirement, EmployerSurvey
from skills_audit.releases import make_release
from skills_audit.results import indicator_keys
from skills_audit.targets import TARGETS_FILE, TargetsRejected, current_targets, import_targets_file

# The journey (by centre) that has taken the self-assessment twice, about four months apart, so the result shows
# the change since the first take.
ASSESSED_CENTRE = "medway"
# Days before today of its two takes (the journey started before the first).
ASSESSMENT_DAYS_AGO = (120, 5)


# What stands in the way, for the journeys that have done step 2 (in turn): each asks for help with something.
DEMO_BARRIERS = [
    {"childcare": WANT_HELP, "money": NO_PROBLEM, "transport": WANT_HELP, "language": NOT_NOW},
    {"housing": WANT_HELP, "digital": WANT_HELP, "health": NO_PROBLEM},
    {"papers": WANT_HELP, "childcare": NO_PROBLEM},
]


@dataclass(frozen=True)
class DemoJourney:
    centre: str
    locale: str
    completed: int  # steps 1..completed are completed
    busy: int | None  # the step in progress, if any
    sector: str | None
    started_days_ago: int  # each journey tells one story: started then, last active `quiet_days` ago
    quiet_days: int


DEMO_JOURNEYS = [
    DemoJourney("kortrijk", "nl", 0, None, None, started_days_ago=0, quiet_days=0),
    DemoJourney("grande-synthe", "fr", 2, 3, None, started_days_ago=16, quiet_days=1),
    DemoJourney("medway", "en", 4, 5, "care", started_days_ago=130, quiet_days=ASSESSMENT_DAYS_AGO[-1]),
    # finished all ten, and quiet for three weeks: the coach's "give them a call" filter has someone in it
    DemoJourney("great-yarmouth", "en", 10, None, "transport", started_days_ago=200, quiet_days=21),
]


def load_demo(engine: Engine) -> Iterator[str]:
    library = get_library()
    secret = get_settings().resolved_secret_key()
    yield "Demo journeys (type the code on the resume page):"
    journeys: list[Journey] = []
    now = utcnow()
    with Session(engine, expire_on_commit=False) as db:
        for demo in DEMO_JOURNEYS:
            if demo.centre not in library.centres:
                continue
            with writing(db):  # one unit of work per journey
                journey, code = start_journey(db, secret, demo.centre, demo.locale)
                started, last = now - timedelta(days=demo.started_days_ago), now - timedelta(days=demo.quiet_days)
                journey.created_at = journey.last_activity_at = started
                db.add(journey)
                db.flush()
                # The steps are saved one after the other between the start and the last activity.
                numbers = list(range(1, demo.completed + 1 + (1 if demo.busy else 0)))
                for position, number in enumerate(numbers, start=1):
                    step = library.step(demo.locale, number)
                    done = number <= demo.completed
                    ticks = {item.id for item in step.checklist[: len(step.checklist) if done else 1]}
                    answers = {q.id: _demo_answer(demo.locale, number)
                               for q in step.questions[: 1 if not done else None]}
                    save_step(
                        db, journey, number,
                        StepInput(ticks=ticks, answers=answers, sector=demo.sector if number == 3 else None),
                        COMPLETED if done else IN_PROGRESS, now=started + (last - started) * position / len(numbers),
                    )
                if demo.completed >= 2:  # step 2 asks what stands in the way
                    save_answers(db, saved_id(journey), DEMO_BARRIERS[len(journeys) % len(DEMO_BARRIERS)], now=last)
                stage = (f"{demo.completed} of 10 steps completed"
                         + (f", step {demo.busy} in progress" if demo.busy else ""))
                if demo.centre == ASSESSED_CENTRE:
                    _demo_takes(db, journey, now)
                    stage += ", self-assessment taken twice"
                # The last activity is the latest thing the person did, whichever came last.
                journey.last_activity_at = max(as_utc(journey.last_activity_at), last)
                db.add(journey)
            journeys.append(journey)
            yield f"  {code}  {demo.centre:<15} {demo.locale}  {stage}"
        yield from _demo_staff(db, secret, journeys)
        yield from _demo_workshops(db, secret, journeys, now)
        yield from _demo_audit(db)
        yield from _demo_reach(db)
        yield from _demo_targets(db)
        yield from _demo_outcomes(db, journeys, now)
        yield from _demo_feedback(db)
        yield from _demo_directory(db)
        yield from _demo_about(db, journeys)
        yield from _demo_table_releases(db, now)


# (username, display name, partner, roles, languages, all partners)
DEMO_ACCOUNTS = [
    ("demo-coach", "Demo coach", "Medway Council", {"coach"}, set(), False),
    ("demo-helper", "Demo peer helper", "Medway Council", {"helper"}, set(), False),
    ("demo-editor", "Demo editor", "Stad Kortrijk", {"editor"}, {"nl", "fr", "en"}, False),
    ("demo-analyst", "Demo analyst", "Ville de Grande-Synthe", {"analyst"}, set(), False),
    ("demo-admin", "Demo administrator", "Medway Council", {"admin"}, set(), True),
]


def _demo_staff(db: Session, secret: str, journeys: list[Journey]) -> Iterator[str]:
    yield "Demo staff accounts (sign in on /en/staff/login; passwords are shown only now):"
    languages = set(get_settings().languages)
    coach_id = None
    for username, name, partner, roles, langs, all_partners in DEMO_ACCOUNTS:
        password = generate_password()
        try:
            with writing(db):
                account = create_account(db, username, name, partner, roles, langs & languages, languages,
                                         password=password, all_partners=all_partners)
        except AccountError:
            yield f"  {username:<13} already there (reset it with: tensteps user reset-password {username} --generate)"
            continue
        if "coach" in roles:
            coach_id = account.id
        yield f"  {username:<13} {password}  {', '.join(sorted(roles))}, {partner}"
    if coach_id is None:
        return
    # The coach's caseload: three journeys shared the way a job seeker shares (a code, typed by the coach).
    for index, journey in enumerate(journeys[1:], start=1):
        with writing(db):
            code, _expires = create_share_code(db, secret, journey, show_answers=index != 2, minutes=15,
                                               show_barriers=index != 3, record_outcomes=index != 3)
            link = redeem_share_code(db, secret, coach_id, code)
            # A share code works for minutes: the person shared it with the coach beside them on their last visit.
            link.created_at = as_utc(journey.last_activity_at)
            db.add(link)
            if index == 1:
                save_next_step(db, link, "Bring your CV")
    yield f"  demo-coach has {len(journeys) - 1} clients in their caseload."


def _demo_workshops(db: Session, secret: str, journeys: list[Journey], now: datetime) -> Iterator[str]:
    """Medway's workshops: one last week that the demo journeys attended (it counts in the results), and one open
    now that nobody has joined yet, for trying the projector view and joining with its code."""
    last_week = now - timedelta(days=7)
    with writing(db):
        seed_workshop(db, secret, SeedWorkshop("Medway Council", "medway", last_week, last_week + timedelta(hours=2),
                                               "1", "en", [j.id for j in journeys if j.id is not None]))
        open_id = seed_workshop(db, secret, SeedWorkshop("Medway Council", "medway", now - timedelta(minutes=5),
                                                         now + timedelta(hours=2), "3", "en"))
        workshop = db.get(Workshop, open_id)
        code = code_of(secret, workshop.code_seed) if workshop else ""
    yield (f"Workshops: one last week with {len(journeys)} attendances, one open now (code {code}); sign in as "
           "demo-helper and open Workshops.")


def _demo_answer(locale: str, step: int) -> str:
    return {
        "nl": f"Mijn antwoord bij stap {step}.",
        "fr": f"Ma réponse à l’étape {step}.",
        "en": f"My answer for step {step}.",
    }.get(locale, f"{step}")


def _demo_takes(db: Session, journey: Journey, now: datetime) -> None:
    """Two finished takes, 120 and 5 days ago: unsure at first, surer later, one statement skipped each time."""
    statements = get_framework().statement_ids()
    for days_ago, lift in zip(ASSESSMENT_DAYS_AGO, (0, 1), strict=True):
        when = now - timedelta(days=days_ago)
        take = start_take(db, journey, now=when)
        for n, statement_id in enumerate(statements):
            value = None if n == 5 else min(4, 1 + (n * 7 + 3) % 4 + lift)
            record_answer(db, journey, saved_id(take), statement_id, value, now=when + timedelta(seconds=20 * n))
        finish_take(db, journey, saved_id(take), now=when + timedelta(minutes=12))


# The skills audit's demo: generated journeys with a finished self-assessment (inserted in bulk: the demo must load in
# a few seconds), and employers' surveys, so that demo-analyst sees a real report with some figures shown and some
# hidden. Per group (centre, sector): how many people rate themselves at levels 1..4 in every competence, and the
# competences that differ. The small counts (3 and 4) are hidden, with what would give them away.
AUDIT_GROUPS = [
    ("kortrijk", "care", (0, 10, 20, 10), {"teamwork": (3, 7, 20, 10), "communication": (0, 4, 16, 20)}),
    ("kortrijk", "construction", (0, 6, 6, 0), {}),
    ("medway", "care", (0, 7, 7, 6), {}),  # with the demo journey that took the self-assessment twice: 21
]
# (employer, sector, region, days ago, vacancies, {competence: (level, importance)}; others as `default`)
AUDIT_SURVEYS = [
    ("Woonzorgcentrum De Linde", "care", "BE254", 20, 6, {"teamwork": (3, 3), "reliability": (4, 3)}),
    ("Kinderdagverblijf Zonneke", "care", "BE254", 35, 2, {"communication": (4, 3), "reliability": (4, 3)}),
    ("Bouwbedrijf Vandaele", "construction", "BE254", 12, 4, {"teamwork": (3, 3), "problem-solving": (3, 2)}),
    ("Medway Care Homes", "care", "UKJ41", 28, 8, {"teamwork": (3, 3), "reliability": (4, 3)}),
    ("Hôtel du Port", "hospitality", "FRE11", 40, 3, {"presenting": (3, 2)}),
]


def _demo_audit(db: Session) -> Iterator[str]:
    with writing(db):
        total = _add_audit_data(db)
    with writing(db):
        released = _release_demo_periods(db)
    yield (f"Skills audit: {total} finished self-assessments and {len(AUDIT_SURVEYS)} employers' surveys, "
           f"released: {', '.join(released) or 'nothing new'}; sign in as demo-analyst and open the report for "
           "Kortrijk, care.")


def _release_demo_periods(db: Session) -> list[str]:
    """Release every period with data (an open one as an interim release): the pages show released figures only,
    and a newcomer should see a report at once. A period released already stays as it was."""
    places, framework, settings = get_places(), get_framework(), get_settings()
    now = utcnow()
    released = []
    for period in available_periods(db, now.date(), settings.audit_period):
        try:
            make_release(db, period, settings.audit_period, places, framework, settings.audit_min_group, now,
                         interim=True)
        except AuditError:  # nobody answered in that period, or it is released already
            continue
        released.append(period)
    return released


DEMO_QUARTERS = 4  # the quarters whose tables the demo releases: this one (interim) and the three before


def _demo_about(db: Session, journeys: list[Journey]) -> Iterator[str]:
    """Medway asks the optional questions about the person (guide.about), and some of its demo journeys answered
    them: the groups page then has figures once released."""
    with writing(db):
        set_switch(db, "Medway Council", True, True, "demo-admin")
        medway = [j for j in journeys if j.centre_id == "medway"]
        for n, journey in enumerate(medway):
            save_answer(db, saved_id(journey), AGE_BAND, AGE_BANDS[n % len(AGE_BANDS)])
            save_answer(db, saved_id(journey), GENDER, GENDERS[n % len(GENDERS)])
    yield f"Medway Council asks the optional questions about the person; {len(medway)} demo journeys answered them."


def _demo_table_releases(db: Session, now: datetime) -> Iterator[str]:
    """Release the breakdowns and where people stop for the demo's recent quarters (the running one as an interim
    release), after every other demo figure is in: their pages show released tables only. A quarter with nobody in
    it, or one released already, is left as it is."""
    k, released = get_settings().audit_min_group, []
    this_quarter = 4 * now.year + (now.month - 1) // 3  # quarters counted from year 0
    for n in range(this_quarter, this_quarter - DEMO_QUARTERS, -1):
        period = f"{n // 4}-Q{n % 4 + 1}"
        for kind in tables.KINDS:
            try:
                with writing(db):
                    tables.release_quarter(db, kind, period, k, now, interim=True)
            except AuditError:
                continue
            released.append(f"{kind} {period}")
    yield f"Breakdowns released: {', '.join(released) or 'nothing new'}."


def _add_audit_data(db: Session) -> int:
    """The audit's demo journeys and surveys; how many finished self-assessments were added."""
    framework = get_framework()
    competences = framework.competence_ids()
    scale = framework.scale_values()
    now = utcnow()
    secret = get_settings().resolved_secret_key()
    total = 0
    for centre, sector, usual, different in AUDIT_GROUPS:
        # Person n has, in each competence, the n-th level of that competence's counts spelled out.
        spelled = {
            c: [level for level, count in zip(scale, different.get(c, usual), strict=True) for _ in range(count)]
            for c in competences
        }
        for n in range(sum(usual)):
            finished = now - timedelta(days=1 + n % 40, minutes=7 * n)
            # Nobody resumes these journeys: their code hash is made from a value no one holds.
            journey = Journey(code_hash=keyed_hash(secret, "demo-audit", f"{centre}-{sector}-{n}-{now.isoformat()}"),
                              centre_id=centre, locale="en", sector=sector, created_at=finished - timedelta(days=20),
                              last_activity_at=finished)
            db.add(journey)
            db.flush()
            db.add_all(StepProgress(journey_id=saved_id(journey), step=step, status=COMPLETED, centre_id=centre,
                                    updated_at=finished - timedelta(days=10 - step)) for step in range(1, 4 + n % 7))
            take = AssessmentTake(journey_id=saved_id(journey), started_at=finished - timedelta(minutes=12),
                                  finished_at=finished)
            db.add(take)
            db.flush()
            take_id = saved_id(take)
            db.add_all(AssessmentLevel(take_id=take_id, competence_id=c, level=spelled[c][n]) for c in competences)
            total += 1
    default = {c: (2, 2) for c in competences}
    for employer, sector, region, days_ago, vacancies, asked in AUDIT_SURVEYS:
        if db.exec(select(EmployerSurvey.id).where(EmployerSurvey.employer_name == employer)).first():
            continue  # the demo loaded once already
        survey = EmployerSurvey(employer_name=employer, sector=sector, region=region,
                                surveyed_on=date.today() - timedelta(days=days_ago), vacancies=vacancies)
        db.add(survey)
        db.flush()
        db.add_all(EmployerRequirement(survey_id=saved_id(survey), competence_id=c, level=lv, importance=imp)
                   for c, (lv, imp) in {**default, **asked}.items())
    return total


# Outreach tallies: a few a week at each centre over the last four months, so the results report shows reach.
REACH_WEEKS = 17
REACH_PER_WEEK = {"house_visit": 9, "event_contact": 14, "street_contact": 11, "brought_to_centre": 3,
                  "group_session": 1, "group_attendance": 8}


def _demo_reach(db: Session) -> Iterator[str]:
    if db.exec(select(ReachTally.id)).first() is not None:
        yield "Outreach tallies: there already (the demo loaded once)."
        return
    today = date.today()
    rows = [
        (centre, today - timedelta(days=7 * week + index), kind, REACH_PER_WEEK[kind] + (week + index) % 4)
        for index, centre in enumerate(sorted(get_library().centres))
        for week in range(REACH_WEEKS)
        for kind in KINDS
        if (week + len(kind)) % 3  # not every kind every week
    ]
    with writing(db):
        seed_tallies(db, rows)
    yield f"Outreach tallies: {len(rows)}; sign in as demo-coach and open Outreach tallies."


# Readers' answers to "Was this clear?": (step, language, centre, answer, what was hard, comment, days ago)
DEMO_FEEDBACK = [
    ("1", "fr", "grande-synthe", "partly", "hard_words", "Je ne connais pas le mot « compétence ».", 3),
    ("1", "fr", "grande-synthe", "yes", "", "", 5),
    ("1", "nl", "kortrijk", "no", "too_long something_missing", "Wat is een vacature?", 2),
    ("1", "en", "medway", "yes", "", "Short and clear, thank you.", 1),
    ("3", "en", "medway", "partly", "not_my_situation", "", 8),
    ("assessment", "nl", "kortrijk", "partly", "hard_words", "Sommige zinnen zijn moeilijk.", 4),
]


# A Kortrijk childcare service with every fact filled in, for the step page and My plan to show (demo data).
DEMO_SERVICE = EntryInput(
    kind="childcare", themes=("childcare",), steps=("2", "10"), address="Budastraat 27, 8500 Kortrijk",
    phone="056 27 74 00", hours={"mon": "09:00-12:00, 13:30-17:00", "wed": "09:00-12:00", "fri": "09:00-12:00"},
    website="https://www.kortrijk.be", languages=("nl", "fr", "en"), free="yes", transport="Bus 1 or 12, stop Buda",
    names={"nl": "Kinderopvang: loket Huis van het Kind", "fr": "Accueil des enfants : guichet Huis van het Kind",
           "en": "Childcare desk at the Huis van het Kind"},
    texts={"nl": "Hulp bij het vinden van kinderopvang terwijl je werkt of een opleiding volgt.",
           "fr": "De l’aide pour trouver un accueil pour vos enfants pendant que vous travaillez ou vous formez.",
           "en": "Help to find childcare while you work or train."},
)


def _demo_directory(db: Session) -> Iterator[str]:
    """The directory from the files (for centres with no entries yet), and the Kortrijk service above."""
    library = get_library()
    with writing(db):
        report = import_directory(db, get_files(), tuple(get_settings().languages), "demo", date.today())
        kortrijk = library.centres.get("kortrijk")
        if kortrijk is not None and "kortrijk" not in report.skipped_centres:
            add_entry(db, kortrijk, check_entry(DEMO_SERVICE, kortrijk, ("nl", "fr", "en")), "demo", date.today())
            report = replace(report, added=report.added + 1)
    yield f"Local directory: {report.added} entries imported, {len(report.skipped_centres)} centre(s) had theirs."


def _demo_feedback(db: Session) -> Iterator[str]:
    if db.exec(select(ReaderFeedback.id)).first() is not None:
        yield "Readers' feedback: there already."
        return
    now = utcnow()
    centres = get_library().centres
    with writing(db):
        rows = [
            ReaderFeedback(about=about, locale=locale, centre_id=centre if centre in centres else None,
                           revision_id=text_revision(db, about, locale), clear=clear, hard=hard, comment=comment,
                           created_at=now - timedelta(days=days))
            for about, locale, centre, clear, hard, comment, days in DEMO_FEEDBACK
        ]
        seed_feedback(db, rows)
    yield (f"Readers' feedback: {len(rows)} answers; sign in as demo-editor and open step 1's texts "
           "(or the translation status).")


def _demo_targets(db: Session) -> Iterator[str]:
    """The programme's targets file, imported for this year (once), so the results report has targets to show."""
    if current_targets(db):
        yield "Programme targets: there already."
        return
    path = get_settings().content_dir / TARGETS_FILE
    try:
        with writing(db):
            changed = import_targets_file(db, path, date.today().year, get_places(), indicator_keys(),
                                          f"import: {path.name}", utcnow())
    except TargetsRejected as exc:
        yield f"Programme targets: not imported ({exc.message.render('en')})."
        return
    yield f"Programme targets: {changed} imported from {path.name} for {date.today().year}."


DEMO_OUTCOME_KINDS = ("job", "training", "job", "certificate", "volunteering", "work_experience", "job")


def _demo_outcomes(db: Session, journeys: list[Journey], now: datetime) -> Iterator[str]:
    """A few outcomes, a month after each journey with most steps done began (or this month), with the 13-week
    check-in of the jobs long enough ago answered: the results report and the caseload show them."""
    chosen = [j for j in journeys if j.id is not None]
    rows = []
    for index, journey in enumerate(chosen):
        started = min(as_utc(journey.created_at) + timedelta(days=30), now).date()
        kind = DEMO_OUTCOME_KINDS[index % len(DEMO_OUTCOME_KINDS)]
        rows.append((journey.id or 0, kind, "20_30/permanent" if kind == "job" else "", started))
    with writing(db):
        ids = seed_outcomes(db, rows)
        answered = 0
        for checkin in db.exec(select(CheckIn).where(col(CheckIn.outcome_id).in_(ids), col(CheckIn.due_week) == 13)):
            if checkin.due_on <= now.date():
                checkin.answered_at, checkin.status = now, "still_there"
                checkin.wants_coach = answered % 2 == 0
                db.add(checkin)
                answered += 1
    yield f"Outcomes: {len(rows)}, {answered} 13-week check-in(s) answered; see My plan and the results report."
