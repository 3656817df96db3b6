"""The demo data tells one story per journey: nothing happens before the journey started or after its last
activity, and no date lies in the future."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from guide.assessment.models import AssessmentAnswer, AssessmentTake
from guide.core.models import utcnow
from guide.core.timeutil import as_utc
from guide.demo import load_demo
from guide.journeys.models import Answer, ChecklistTick, Journey, StepProgress
from guide.sharing.models import CoachLink

# Saving a step and recording an answer write within the same moment as the journey's activity.
SLACK = timedelta(seconds=1)


def _dates_of(db: Session, journey_id: int) -> dict[str, list[datetime]]:
    """Every date a journey's own actions left, by what left it."""
    def column(query) -> list[datetime]:  # noqa: ANN001
        return [as_utc(value) for value in db.exec(query).scalars().all()]

    takes = select(AssessmentTake.id).where(AssessmentTake.journey_id == journey_id)
    return {
        "step saved": column(select(StepProgress.updated_at).where(StepProgress.journey_id == journey_id)),
        "item ticked": column(select(ChecklistTick.ticked_at).where(ChecklistTick.journey_id == journey_id)),
        "answer written": column(select(Answer.updated_at).where(Answer.journey_id == journey_id)),
        "assessment started": column(select(AssessmentTake.started_at).where(AssessmentTake.journey_id == journey_id)),
        "assessment finished": column(
            select(AssessmentTake.finished_at).where(AssessmentTake.journey_id == journey_id,
                                                     AssessmentTake.finished_at.is_not(None))
        ),
        "statement answered": column(select(AssessmentAnswer.answered_at).where(AssessmentAnswer.take_id.in_(takes))),
        "shared with a coach": column(select(CoachLink.created_at).where(CoachLink.journey_id == journey_id)),
    }


def test_every_demo_journey_s_dates_are_consistent(db_engine, db):
    before = utcnow()
    list(load_demo(db_engine))
    after = utcnow()
    journeys = db.exec(select(Journey)).scalars().all()
    assert journeys
    problems = []
    for journey in journeys:
        started, last = as_utc(journey.created_at), as_utc(journey.last_activity_at)
        if not started <= last <= after:
            problems.append((journey.id, journey.centre_id, "last activity", last, "started", started))
        for what, dates in _dates_of(db, journey.id).items():
            for when in dates:
                if not started - SLACK <= when <= last + SLACK:
                    problems.append((journey.id, journey.centre_id, what, when, "outside", started, last))
        for take in db.exec(select(AssessmentTake).where(AssessmentTake.journey_id == journey.id)).scalars():
            if take.finished_at is not None and as_utc(take.finished_at) < as_utc(take.started_at):
                problems.append((journey.id, "assessment finished before it started", take.id))
    assert problems == []
    # The demo journeys with a code are spread over months, as real ones would be, not all started just now.
    with_code = [j for j in journeys if as_utc(j.created_at) < before - timedelta(days=60)]
    assert with_code


def test_the_demo_releases_the_quarter_s_breakdowns_so_a_newcomer_sees_figures(db_engine, db):
    from guide.audit_pages.tables import KINDS
    from skills_audit.models import TableRelease

    said = list(load_demo(db_engine))
    kinds = {release.kind for release in db.exec(select(TableRelease)).scalars()}
    assert kinds == set(KINDS)  # the demo's journeys started in this quarter: each kind has its interim release
    assert any(line.startswith("Breakdowns released: ") and "stops" in line for line in said)
