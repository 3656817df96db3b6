"""Programme indicators per partner and quarter, against the targets in content/audit/targets.yml.

What counts in a quarter (UTC), per partner (through the centre each journey chose):
- started: journeys started in the quarter;
- steps: per step, journeys whose step was marked completed in the quarter (its latest change);
- self_assessment: journeys that finished a self-assessment in the quarter (once, however many times);
- finished: journeys whose ten steps are all completed, the last of them in the quarter.
Counted by the database (GROUP BY centre and quarter), added up per partner. These count activity in the guide,
not self-assessment results, and partners report them as exact numbers, so they are not suppressed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Case, Executable, SQLColumnExpression, case, func, select

from guide.core.i18n import N_
from guide.core.messages import Message
from skills_audit.aggregate import Bind, rows
from skills_audit.places import Places
from skills_audit.sources import AssessmentTake, Journey, StepProgress

STEP_COUNT = 10
COMPLETED = "completed"  # guide.journeys.COMPLETED, the status of a completed step
INDICATORS = ("started", "steps", "self_assessment", "finished")
LABELS = {
    "started": N_("Started the guide"),
    "steps": N_("Completed step %(step)s"),
    "self_assessment": N_("Completed a self-assessment"),
    "finished": N_("Finished all ten steps"),
}


class TargetsError(ValueError):
    """content/audit/targets.yml is no YAML, or names an unknown partner or indicator, or a target that is no
    number."""


@dataclass(frozen=True)
class Indicator:
    key: str  # one of INDICATORS
    step: int | None  # for "steps"
    actual: int
    target: int | None

    @property
    def label(self) -> Message:
        return Message(LABELS[self.key], {"step": self.step} if self.step else {})

    @property
    def share_of_target(self) -> float | None:
        return self.actual / self.target if self.target else None


@dataclass(frozen=True)
class PartnerQuarter:
    partner: str
    quarter: str  # "2026-Q1"
    indicators: tuple[Indicator, ...]


# partner -> "every_quarter" | "2026-Q1" -> indicator -> number (steps: dict)
Targets = dict[str, dict[str, dict[str, Any]]]


def _number(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TargetsError(f"{where}: a target must be a whole number, 0 or more; got {value!r}")
    return value


def load_targets(path: Path, places: Places) -> Targets:
    """Read and check the targets file; {} when there is none."""
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise TargetsError(f"{path}: not valid YAML{where}") from exc
    if not isinstance(data, dict):
        raise TargetsError(f"{path}: expected partners")
    targets: Targets = {}
    for partner, quarters in data.items():
        if partner not in places.partners():
            raise TargetsError(f"{path}: unknown partner {partner!r}")
        targets[partner] = {}
        for quarter, values in (quarters or {}).items():
            where = f"{path}: {partner}: {quarter}"
            if not isinstance(values, dict) or set(values) - set(INDICATORS):
                raise TargetsError(f"{where}: indicators are {', '.join(INDICATORS)}")
            checked: dict[str, Any] = {}
            for key, value in values.items():
                if key == "steps":
                    if not isinstance(value, dict) or any(s not in range(1, STEP_COUNT + 1) for s in value):
                        raise TargetsError(f"{where}: steps maps step numbers 1..{STEP_COUNT} to targets")
                    checked["steps"] = {int(s): _number(v, where) for s, v in value.items()}
                else:
                    checked[key] = _number(value, where)
            targets[partner][str(quarter)] = checked
    return targets


def _target(targets: Targets, partner: str, quarter: str, key: str, step: int | None) -> int | None:
    for scope in (quarter, "every_quarter"):
        values = targets.get(partner, {}).get(scope, {})
        if key == "steps":
            if step in values.get("steps", {}):
                target: int = values["steps"][step]  # whole numbers: read_targets checked them
                return target
        elif key in values:
            target = values[key]
            return target
    return None


def quarter_of(column: SQLColumnExpression[datetime | None], year: int) -> Case[int]:
    """SQL: 1..4 for a timestamp in the year (UTC)."""
    bounds = [datetime(year, month, 1, tzinfo=UTC) for month in (4, 7, 10)]
    return case((column < bounds[0], 1), (column < bounds[1], 2), (column < bounds[2], 3), else_=4)


def quarter_of_day(column: SQLColumnExpression[date | None], year: int) -> Case[int]:
    """SQL: 1..4 for a date in the year (a DATE column compared with dates: on SQLite a date is text, and
    "2026-04-01" sorts before the timestamp "2026-04-01 00:00:00", so `quarter_of` would put 1 April in Q1)."""
    bounds = [date(year, month, 1) for month in (4, 7, 10)]
    return case((column < bounds[0], 1), (column < bounds[1], 2), (column < bounds[2], 3), else_=4)


_quarter_of = quarter_of  # the name it had before it was public


def activity_counts(bind: Bind, year: int, places: Places) -> dict[tuple[str, int, str, int | None], int]:
    """(partner, quarter, indicator, step or None) -> count, for the year: the figures of programme_indicators."""
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    counts: dict[tuple[str, int, str, int | None], int] = defaultdict(int)

    def partner_of(centre: str) -> str | None:
        info = places.centres.get(centre)
        return info.partner if info else None

    def collect(stmt: Executable, key: str, with_step: bool = False) -> None:
        for row in rows(bind, stmt):
            centre, quarter, *rest = row
            partner = partner_of(centre)
            if partner is not None:
                step = rest[0] if with_step else None
                counts[(partner, int(quarter), key, step)] += int(rest[-1])

    q = quarter_of(Journey.created_at, year)
    collect(
        select(Journey.centre_id, q, func.count())
        .where(Journey.created_at >= start, Journey.created_at < end)
        .group_by(Journey.centre_id, q),
        "started",
    )
    q = quarter_of(StepProgress.updated_at, year)
    collect(
        select(Journey.centre_id, q, StepProgress.step, func.count())
        .join(Journey.TABLE, Journey.id == StepProgress.journey_id)
        .where(
            StepProgress.status == COMPLETED,
            StepProgress.updated_at >= start,
            StepProgress.updated_at < end,
        )
        .group_by(Journey.centre_id, q, StepProgress.step),
        "steps",
        with_step=True,
    )
    q = quarter_of(AssessmentTake.finished_at, year)
    collect(
        select(Journey.centre_id, q, func.count(func.distinct(AssessmentTake.journey_id)))
        .join(Journey.TABLE, Journey.id == AssessmentTake.journey_id)
        .where(AssessmentTake.finished_at >= start, AssessmentTake.finished_at < end)
        .group_by(Journey.centre_id, q),
        "self_assessment",
    )
    done = (
        select(StepProgress.journey_id, func.max(StepProgress.updated_at).label("last"))
        .where(StepProgress.status == COMPLETED)
        .group_by(StepProgress.journey_id)
        .having(func.count() == STEP_COUNT)
        .subquery("done")
    )
    q = quarter_of(done.c.last, year)
    collect(
        select(Journey.centre_id, q, func.count())
        .join(Journey.TABLE, Journey.id == done.c.journey_id)
        .where(done.c.last >= start, done.c.last < end)
        .group_by(Journey.centre_id, q),
        "finished",
    )
    return counts


def programme_indicators(bind: Bind, year: int, places: Places, targets: Targets) -> list[PartnerQuarter]:
    """Every partner's four quarters of a year, partners in name order."""
    counts = defaultdict(int, activity_counts(bind, year, places))
    result = []
    for partner in places.partners():
        for quarter in range(1, 5):
            label = f"{year}-Q{quarter}"
            indicators = [Indicator("started", None, counts[(partner, quarter, "started", None)],
                                    _target(targets, partner, label, "started", None))]
            indicators += [
                Indicator("steps", step, counts[(partner, quarter, "steps", step)],
                          _target(targets, partner, label, "steps", step))
                for step in range(1, STEP_COUNT + 1)
            ]
            indicators += [
                Indicator(key, None, counts[(partner, quarter, key, None)], _target(targets, partner, label, key, None))
                for key in ("self_assessment", "finished")
            ]
            result.append(PartnerQuarter(partner, label, tuple(indicators)))
    return result

