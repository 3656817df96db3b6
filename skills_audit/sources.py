"""The guide's tables as the audit reads them: only the columns it counts, declared with SQLAlchemy Core.

skills_audit imports guide.core only, never a feature's models. This is its read-only view of the guide's schema
(journeys, their steps, the self-assessment's takes and levels), with the names and types the guide declares in
guide/journeys/models.py and guide/assessment/models.py. tests/skills_audit/test_sources.py checks every column
here against the guide's SQLModel tables, so the two cannot drift apart. Nothing here writes.
"""

from __future__ import annotations

from sqlalchemy import Date, DateTime, Integer, String, column, table
from sqlalchemy.sql import TableClause


class Journey:
    """journey: one job seeker's journey, at the centre they chose, in the sector chosen in step 3."""

    id = column("id", Integer)
    centre_id = column("centre_id", String(64))
    sector = column("sector", String(32))  # NULL: no sector chosen
    created_at = column("created_at", DateTime(timezone=True))
    last_activity_at = column("last_activity_at", DateTime(timezone=True))  # skills_audit.stops: quiet for 30 days
    neighbourhood = column("neighbourhood", String(80))  # "": not said (or the centre has none)
    TABLE = table("journey", id, centre_id, sector, created_at, last_activity_at, neighbourhood)


class StepProgress:
    """step_progress: a journey's step, in_progress or completed, and when it last changed."""

    journey_id = column("journey_id", Integer)
    step = column("step", Integer)
    status = column("status", String(16))
    updated_at = column("updated_at", DateTime(timezone=True))
    centre_id = column("centre_id", String(64))  # the journey's (copied: skills_audit.indicators counts without a join)
    TABLE = table("step_progress", journey_id, step, status, updated_at, centre_id)


class AssessmentTake:
    """assessment_take: one sitting of the self-assessment; finished_at NULL until the person reaches the result."""

    id = column("id", Integer)
    journey_id = column("journey_id", Integer)
    finished_at = column("finished_at", DateTime(timezone=True))
    TABLE = table("assessment_take", id, journey_id, finished_at)


class AssessmentLevel:
    """assessment_level: a competence's level in a finished take (skills_audit.scoring); NULL: too few answers."""

    take_id = column("take_id", Integer)
    competence_id = column("competence_id", String(64))
    level = column("level", Integer)
    TABLE = table("assessment_level", take_id, competence_id, level)


TABLES: tuple[TableClause, ...] = (Journey.TABLE, StepProgress.TABLE, AssessmentTake.TABLE, AssessmentLevel.TABLE)


# --- issue 15: the outreach tallies (guide/outreach/models.py), counted by skills_audit.reach_counts ---------------


class ReachTally:
    """reach_tally: `count` contacts of one `kind` on a `day` at a centre, recorded by a partner's coach."""

    centre_id = column("centre_id", String(64))
    day = column("day", Date)
    kind = column("kind", String(32))
    count = column("count", Integer)
    TABLE = table("reach_tally", centre_id, day, kind, count)


TABLES += (ReachTally.TABLE,)


# --- issue 18: the group workshops (guide/workshops/models.py), counted by skills_audit.workshop_counts -----------


class Workshop:
    """workshop: a group session at a centre, starting at `starts_at`."""

    id = column("id", Integer)
    centre_id = column("centre_id", String(64))
    starts_at = column("starts_at", DateTime(timezone=True))
    topic = column("topic", String(16))  # "1".."10" (a step), "assessment" or "barriers"
    TABLE = table("workshop", id, centre_id, starts_at, topic)


class WorkshopAttendance:
    """workshop_attendance: a journey joined a workshop (no name: the journey's id only)."""

    workshop_id = column("workshop_id", Integer)
    journey_id = column("journey_id", Integer)
    TABLE = table("workshop_attendance", workshop_id, journey_id)


TABLES += (Workshop.TABLE, WorkshopAttendance.TABLE)
# --- issue 15: what happened next (guide/outcomes/models.py), counted by skills_audit.outcome_counts ----------------


class Outcome:
    """outcome: something a journey's person started (`kind`), in the month `started_month` (its first day)."""

    id = column("id", Integer)
    journey_id = column("journey_id", Integer)
    kind = column("kind", String(32))
    started_month = column("started_month", Date)
    centre_id = column("centre_id", String(64))  # the journey's (copied: outcome_counts counts without a join)
    TABLE = table("outcome", id, journey_id, kind, started_month, centre_id)


class CheckIn:
    """outcome_checkin: a job outcome's check-in `due_week` weeks after its start, and what it said (`status`)."""

    outcome_id = column("outcome_id", Integer)
    due_week = column("due_week", Integer)
    status = column("status", String(16))
    TABLE = table("outcome_checkin", outcome_id, due_week, status)


TABLES += (Outcome.TABLE, CheckIn.TABLE)


# --- issue 16: the barriers check (guide/barriers/models.py), counted by skills_audit.barrier_map ------------------


class BarrierAnswer:
    """barrier_answer: a journey's answer about one theme (no_problem | want_help | not_now), last changed at
    `updated_at`."""

    journey_id = column("journey_id", Integer)
    theme = column("theme", String(32))
    answer = column("answer", String(16))
    updated_at = column("updated_at", DateTime(timezone=True))
    TABLE = table("barrier_answer", journey_id, theme, answer, updated_at)


TABLES += (BarrierAnswer.TABLE,)


# --- issue 15: about you (guide/about/models.py), counted by skills_audit.group_counts -------------------------------


class JourneyAbout:
    """journey_about: a journey's optional answers, an age band and a gender (NULL: not answered)."""

    journey_id = column("journey_id", Integer)
    age_band = column("age_band", String(16))
    gender = column("gender", String(16))
    TABLE = table("journey_about", journey_id, age_band, gender)


TABLES += (JourneyAbout.TABLE,)
