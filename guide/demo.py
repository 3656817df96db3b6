"""Demo data: a few journeys at different stages, so a newcomer can try the app at once."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.engine import Engine
from sqlmodel import Session

from guide.content import get_library
from guide.journeys import COMPLETED, IN_PROGRESS, StepInput, save_step, start_journey
from guide.settings import get_settings

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
            yield f"  {code}  {centre_id:<15} {locale}  {stage}"


def _demo_answer(locale: str, step: int) -> str:
    return {
        "nl": f"Mijn antwoord bij stap {step}.",
        "fr": f"Ma réponse à l’étape {step}.",
        "en": f"My answer for step {step}.",
    }.get(locale, f"{step}")
