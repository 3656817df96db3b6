"""Demo data: a few journeys at different stages, so a newcomer can try the app at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from guide.assessment import finish_take, record_answer, start_take
from guide.content import get_library
from guide.journeys import COMPLETED, IN_PROGRESS, StepInput, save_step, start_journey
from guide.models import Journey, utcnow
from guide.settings import get_settings
from skills_audit.framework import get_framework

# The journey (by centre) that has taken the self-assessment twice, about four months apart, so the result shows
# the change since the first take.
ASSESSED_CENTRE = "medway"
# (centre, language, steps completed, step in progress, sector)
DEMO_JOURNEYS = [
    ("kortrijk", "nl", 0, None, None),
    ("grande-synthe", "fr", 2, 3, None),
    ("medway", "en", 4, 5, "care"),
    ("great-yarmouth", "en", 10, None, "transport"),
]


def load_demo(engine: Engine) -> Iterator[str]:
    library = get_library()
    secret = get_settings().resolved_secret_key()
    yield "Demo journeys (type the code on the resume page):"
    with Session(engine, expire_on_commit=False) as db:
        for centre_id, locale, completed, busy, sector in DEMO_JOURNEYS:
            if centre_id not in library.centres:
                continue
            journey, code = start_journey(db, secret, centre_id, locale)
            for number in range(1, completed + 1 + (1 if busy else 0)):
                step = library.step(locale, number)
                done = number <= completed
                ticks = {item.id for item in step.checklist[: len(step.checklist) if done else 1]}
                answers = {q.id: _demo_answer(locale, number) for q in step.questions[: 1 if not done else None]}
                save_step(
                    db, journey, number,
                    StepInput(ticks=ticks, answers=answers, sector=sector if number == 3 else None),
                    COMPLETED if done else IN_PROGRESS,
                )
            stage = f"{completed} of 10 steps completed" + (f", step {busy} in progress" if busy else "")
            if centre_id == ASSESSED_CENTRE:
                _demo_takes(db, journey)
                stage += ", self-assessment taken twice"
            yield f"  {code}  {centre_id:<15} {locale}  {stage}"


def _demo_answer(locale: str, step: int) -> str:
    return {
        "nl": f"Mijn antwoord bij stap {step}.",
        "fr": f"Ma réponse à l’étape {step}.",
        "en": f"My answer for step {step}.",
    }.get(locale, f"{step}")


def _demo_takes(db: Session, journey: Journey) -> None:
    """Two finished takes, 120 and 5 days ago: unsure at first, surer later, one statement skipped each time."""
    statements = get_framework().statement_ids()
    now = utcnow()
    for days_ago, lift in ((120, 0), (5, 1)):
        when = now - timedelta(days=days_ago)
        take = start_take(db, journey, now=when)
        for n, statement_id in enumerate(statements):
            value = None if n == 5 else min(4, 1 + (n * 7 + 3) % 4 + lift)
            record_answer(db, journey, take.id, statement_id, value, now=when + timedelta(seconds=20 * n))
        finish_take(db, journey, take.id, now=when + timedelta(minutes=12))
