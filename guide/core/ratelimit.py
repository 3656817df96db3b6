"""Fixed-window rate limits with counters in the database, shared by every worker.

An attempt takes its slot *before* the slow check (a password hash, a code lookup), in one atomic
`INSERT … ON CONFLICT DO UPDATE … RETURNING` per counter, committed at once: parallel requests each see their own
count, so no more than the limit are ever checked in one window. A failed attempt keeps its slot; one that turns out
right gives it back (`Attempt.refund`), so the counters count failures and the checks in flight.

"Committed at once" is the caller's to do, as every commit is: `take` runs in a unit of work of its own, ended
before the check (`with writing(db): attempt = take(db, ...)`), which also hands SQLite's write lock back before a
slow password check; `refund` runs in the unit of work that follows the check.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Table, case, delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from guide.core.models import RateLimitHit, utcnow

_TABLE = RateLimitHit.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Limit:
    """At most `attempts` counted attempts under `key` in a window of `window_seconds`."""

    key: str
    attempts: int
    window_seconds: int


@dataclass(frozen=True)
class _Slot:
    key: str
    window_start: datetime


@dataclass
class Attempt:
    """The slots one attempt took. `blocked` names the limits that had no room (the attempt must not be checked)."""

    slots: list[_Slot] = field(default_factory=list)
    blocked: list[Limit] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blocked

    def refund(self, db: Session) -> None:
        """Give the slots back (the attempt was right, or never checked)."""
        for slot in self.slots:
            db.connection().execute(
                update(_TABLE)
                .where(_TABLE.c.key == slot.key, _TABLE.c.window_start == slot.window_start, _TABLE.c.count > 0)
                .values(count=_TABLE.c.count - 1)
            )
        self.slots = []


def _insert(db: Session) -> Callable[[Table], postgresql.Insert | sqlite.Insert]:
    """The dialect's INSERT, which knows ON CONFLICT."""
    return postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert


def take(db: Session, *limits: Limit) -> Attempt:
    """Count one attempt under every limit, atomically. When a limit is full the attempt is refused and its slots
    are given back at once; otherwise the caller checks it and calls `refund` if it was right. Run it in a unit of
    work of its own, committed before the check (see the module's notes)."""
    now = utcnow()
    attempt = Attempt()
    # A fixed order of keys: two attempts that share counters never wait on each other's row locks in a cycle.
    for limit in sorted(limits, key=lambda lim: lim.key):
        stmt = _insert(db)(_TABLE).values(key=limit.key, window_start=now, count=1)
        expired = _TABLE.c.window_start <= now - timedelta(seconds=limit.window_seconds)
        upsert = stmt.on_conflict_do_update(
            index_elements=[_TABLE.c.key],
            # Both sides read the row as it was before this statement, on SQLite and PostgreSQL alike.
            set_={
                "count": case((expired, 1), else_=_TABLE.c.count + 1),
                "window_start": case((expired, stmt.excluded.window_start), else_=_TABLE.c.window_start),
            },
        ).returning(_TABLE.c.count, _TABLE.c.window_start)
        count, window_start = db.connection().execute(upsert).one()  # Core, as every raw statement
        attempt.slots.append(_Slot(limit.key, window_start))
        if count > limit.attempts:
            attempt.blocked.append(limit)
    if attempt.blocked:
        attempt.refund(db)  # refused without a check: it uses no slot, so the count stays at the limit
    return attempt


def address_bucket(host: str) -> str:
    """The part of a client's address one rate limit counts: the whole IPv4 address, an IPv6 address's /64 (one
    household or machine gets a whole /64, so counting single IPv6 addresses would limit nothing)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def purge(db: Session, longest_window_seconds: int) -> int:
    """Delete the counters whose window has ended (under any limit up to the longest window); returns how many."""
    cutoff = utcnow() - timedelta(seconds=longest_window_seconds)
    deleted = db.exec(delete(_TABLE).where(_TABLE.c.window_start <= cutoff)).rowcount
    return deleted or 0
