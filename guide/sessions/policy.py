"""One session policy for job seekers and staff: when a session has expired, and when its last-seen time is written.

A job seeker's session ends after `idle` without the person; a staff session also ends `max_age` after signing in,
whatever happens. Writing last_seen_at on every request would make every read a write, so it is written at most once
per touch interval, except when the person says they are there. The page ends a job seeker's session one touch
interval before the server would (see web.render.base_context), so it never outlives the server's deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from guide.core.timeutil import as_utc

# What needs doing for a session at a request.
EXPIRED, TOUCH, FRESH = "expired", "touch", "fresh"
# What a request says about the person being there. Only the person keeps a session alive:
# - PRESENT: they said so: "Continue working", or the page telling that they type or click (at most once per
#   touch interval); last_seen_at is written at once.
# - VISIT: a page they opened or a form they sent; last_seen_at is written at most once per touch interval.
# - SAVE: save as you go, which the page sends on its own (a pause in typing, the blur when the time-out warning
#   opens, leaving the page); it never moves last_seen_at, so a save cannot keep a session alive behind the
#   warning. The typing that caused it was already told by a PRESENT request.
PRESENT, VISIT, SAVE = "present", "visit", "save"
# A minute's slack in last_seen_at is harmless for a time-out of twenty.
LONGEST_TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    max_age: timedelta | None = None

    @property
    def touch_interval(self) -> timedelta:
        """How stale last_seen_at may be: a minute, or a tenth of a shorter time-out."""
        return min(LONGEST_TOUCH_INTERVAL, self.idle / 10)

    def verdict(self, last_seen_at: datetime, now: datetime, presence: str = VISIT,
                created_at: datetime | None = None) -> str:
        """EXPIRED, TOUCH (write last_seen_at) or FRESH, for a request that counts as `presence`."""
        seen = as_utc(last_seen_at)
        if seen + self.idle <= now:
            return EXPIRED
        if self.max_age is not None and created_at is not None and as_utc(created_at) + self.max_age <= now:
            return EXPIRED
        if presence == SAVE:
            return FRESH
        return TOUCH if presence == PRESENT or now - seen >= self.touch_interval else FRESH
