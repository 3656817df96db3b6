"""What the journey's pages show of the self-assessment (task list, step 5, "My plan", resume) and its addresses.

No routes here, so guide.journeys.routes can use it while guide.assessment.routes builds on guide.journeys.routes.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from guide.assessment.service import OpenTake, overview
from guide.content.library import get_library
from guide.core import i18n
from guide.journeys.models import Journey
from guide.journeys.service import JourneyFacts
from skills_audit.framework import get_framework

# --- addresses -----------------------------------------------------------------------------------


def overview_url(locale: str) -> str:
    return f"/{locale}/assessment"


def question_url(locale: str, take_id: int, statement_id: str) -> str:
    return f"/{locale}/assessment/{take_id}/questions/{statement_id}"


def check_url(locale: str, take_id: int) -> str:
    return f"/{locale}/assessment/{take_id}/check"


def result_url(locale: str, take_id: int) -> str:
    return f"/{locale}/assessment/{take_id}/result"


def continue_url(locale: str, take: OpenTake) -> str:
    """Where an open take goes on: its next unanswered statement, or the check page when every one was seen."""
    if take.next_statement:
        return question_url(locale, take.id, take.next_statement)
    return check_url(locale, take.id)


def timezone_of(journey: Journey | JourneyFacts) -> str:
    return clock_of(journey)[0]


def clock_of(journey: Journey | JourneyFacts) -> tuple[str, str]:
    """The centre's timezone and country: times as its clock shows them, written as its country writes them
    (i18n.format_locale). One look-up of the guide for both."""
    centre = get_library().centres.get(journey.centre_id)
    return (centre.timezone, centre.country) if centre else ("UTC", "")


# --- what other pages show of the self-assessment ------------------------------------------------


def panel_context(db: Session, journey: Journey | JourneyFacts, locale: str) -> dict[str, Any]:
    """For assessment/_panel.html on the task list and on step 5."""
    found = overview(db, journey)
    timezone, country = clock_of(journey)
    return {
        "overview": found,
        "total": len(get_framework().statement_ids()),
        "continue_url": continue_url(locale, found.open_take) if found.open_take else "",
        "latest_url": result_url(locale, found.latest.id) if found.latest else "",
        "timezone": timezone,
        "country": country,
    }


def plan_context(db: Session, journey: Journey, locale: str) -> dict[str, Any]:
    """For "My plan": every finished take (its date) and the level per skill in each, in words."""
    fw = get_framework()
    found = overview(db, journey)
    tz, country = clock_of(journey)

    def words(level: int | None) -> str:
        return fw.text("scale", fw.scale_level(level).id, locale).text if level is not None else ""

    return {
        "takes": [{"date": i18n.fmt_date(t.finished_at, tz, country), "url": result_url(locale, t.id)}
                  for t in found.finished],
        "rows": [
            {"name": fw.text("names", cid, locale), "levels": [words(t.levels.get(cid)) for t in found.finished]}
            for cid in fw.competence_ids()
        ],
        "open_take": found.open_take,
        "total": len(fw.statement_ids()),
    }
