"""The programme's targets per partner, indicator and period, kept in the database with their history.

Every change is a new row (who, when); the latest row of a partner, indicator and period wins, and a row with no
target takes a target away. A period is a quarter ("2026-Q1") or PROGRAMME, the target of the whole programme.
content/audit/targets.yml is imported once (the demo does it; an admin does it on the targets page or with
`tensteps audit targets-import`): the report reads the table only, never the file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func
from sqlmodel import Session, col, select

from guide.core.i18n import N_
from guide.core.messages import Message
from guide.core.yamlfiles import load_yaml
from skills_audit.activity_counts import WITHHELD
from skills_audit.aggregate import Bind, rows
from skills_audit.models import ProgrammeTarget
from skills_audit.places import Places

PROGRAMME = "programme"
EVERY_QUARTER = "every_quarter"  # in the file: the target of each quarter of the year imported
MAX_TARGET = 1_000_000
STEP_KEY = "step_{}"  # the file's "steps: {1: 80}" are the keys step_1 …
TARGETS_FILE = Path("audit") / "targets.yml"  # under the content folder

# (partner, indicator, period) -> target
TargetTable = dict[tuple[str, str, str], int]


class TargetsRejected(ValueError):
    """A targets file that will not do: `message` says why. Nothing was stored."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid)
        self.message = message


@dataclass(frozen=True)
class TargetChange:
    indicator: str
    period: str
    target: int | None
    set_by: str
    set_at: datetime


def quarter_period(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def year_periods(year: int) -> tuple[str, ...]:
    """The periods of a year's targets form: its four quarters and the programme's."""
    return (*(quarter_period(year, q) for q in range(1, 5)), PROGRAMME)


def current_targets(bind: Bind, partners: Collection[str] | None = None,
                    periods: Collection[str] | None = None) -> TargetTable:
    """The targets as they are now: the latest row of each partner, indicator and period, taken-away ones left
    out. Only these partners' and periods' when given."""
    latest = select(func.max(col(ProgrammeTarget.id)).label("id")).group_by(
        col(ProgrammeTarget.partner), col(ProgrammeTarget.indicator), col(ProgrammeTarget.period))
    if partners is not None:
        latest = latest.where(col(ProgrammeTarget.partner).in_(list(partners)))
    if periods is not None:
        latest = latest.where(col(ProgrammeTarget.period).in_(list(periods)))
    stmt = select(ProgrammeTarget.partner, ProgrammeTarget.indicator, ProgrammeTarget.period,
                  ProgrammeTarget.target).where(col(ProgrammeTarget.id).in_(latest.subquery().select()))
    return {(p, i, period): int(t) for p, i, period, t in rows(bind, stmt) if t is not None}


def set_targets(db: Session, partner: str, wanted: Mapping[tuple[str, str], int | None], who: str,
                now: datetime) -> int:
    """Store the partner's targets that changed ((indicator, period) -> target, None: no target), one new row
    each; how many changed. What is as it was adds no row."""
    periods = {period for _indicator, period in wanted}
    now_set = current_targets(db, [partner], periods)
    changed = 0
    for (indicator, period), target in wanted.items():
        if now_set.get((partner, indicator, period)) == target:
            continue
        if target is None and (partner, indicator, period) not in now_set:
            continue
        db.add(ProgrammeTarget(partner=partner, indicator=indicator, period=period, target=target, set_by=who,
                               set_at=now))
        changed += 1
    db.flush()
    return changed


def history(db: Session, partner: str, limit: int = 20) -> list[TargetChange]:
    """The partner's latest changes, newest first."""
    found = db.exec(select(ProgrammeTarget).where(col(ProgrammeTarget.partner) == partner)
                    .order_by(col(ProgrammeTarget.id).desc()).limit(limit))
    return [TargetChange(t.indicator, t.period, t.target, t.set_by, t.set_at) for t in found]


# --- the file -------------------------------------------------------------------------------------------------------


def _number(value: object, partner: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TARGET:
        raise TargetsRejected(Message(N_(
            "The target of %(partner)s for %(indicator)s is not a whole number from 0 to %(max)s."
        ), {"partner": partner, "indicator": key, "max": MAX_TARGET}))
    return value


def read_targets_file(path: Path, year: int, places: Places,
                      keys: Collection[str]) -> dict[str, dict[tuple[str, str], int]]:
    """The targets of a targets file for a year: partner -> (indicator, period) -> target.

    every_quarter applies to each quarter of `year`; a quarter of the year ("2026-Q1") overrides it; "programme"
    is the programme's target; other years' quarters are left for their own import. TargetsRejected for a file that
    is no YAML, an unknown partner or indicator, or a target that is no number."""
    try:
        data: Any = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TargetsRejected(Message(N_("The targets file %(file)s could not be read: it is not valid YAML."),
                                      {"file": path.name})) from exc
    if not isinstance(data, dict):
        raise TargetsRejected(Message(N_("The targets file %(file)s should list partners."), {"file": path.name}))
    result: dict[str, dict[tuple[str, str], int]] = {}
    for partner, scopes in data.items():
        if partner not in places.partners():
            raise TargetsRejected(Message(N_(
                "The targets file names a partner that is not in the guide: %(partner)s. Nothing was imported."
            ), {"partner": partner}))
        targets: dict[tuple[str, str], int] = {}
        ordered = sorted((scopes or {}).items(), key=lambda item: str(item[0]) != EVERY_QUARTER)  # overrides last
        for scope, values in ordered:
            scope = str(scope)
            if scope == EVERY_QUARTER:
                periods: tuple[str, ...] = tuple(quarter_period(year, q) for q in range(1, 5))
            elif scope == PROGRAMME or scope.startswith(f"{year}-Q"):
                periods = (scope,)
            else:
                continue
            for key, target in _flat(values, str(partner), keys):
                for period in periods:
                    targets[(key, period)] = target
        result[str(partner)] = targets
    return result


def _flat(values: object, partner: str, keys: Collection[str]) -> Iterable[tuple[str, int]]:
    """The (indicator, target) pairs of one scope; an indicator the report withholds (see
    skills_audit.activity_counts.WITHHELD) is passed over, so the files of before it was withheld still import."""
    if not isinstance(values, dict):
        raise TargetsRejected(Message(N_("The targets of %(partner)s should list indicators."),
                                      {"partner": partner}))
    for key, value in values.items():
        if key == "steps" and isinstance(value, dict):
            for step, target in value.items():
                yield from _flat({STEP_KEY.format(step): target}, partner, keys)
            continue
        if key in WITHHELD:
            continue
        if key not in keys:
            raise TargetsRejected(Message(N_(
                "The targets file names an indicator that is not in the report: %(indicator)s (for %(partner)s). "
                "Nothing was imported."
            ), {"indicator": str(key), "partner": partner}))
        yield str(key), _number(value, partner, str(key))


def import_targets_file(db: Session, path: Path, year: int, places: Places, keys: Collection[str], who: str,
                        now: datetime) -> int:
    """Store the file's targets for the year, all or none (TargetsRejected); how many targets changed."""
    return sum(set_targets(db, partner, wanted, who, now)
               for partner, wanted in read_targets_file(path, year, places, keys).items())
