"""One session policy for job seekers and staff (guide.sessions.policy)."""

from __future__ import annotations

from datetime import timedelta

from guide.core.models import utcnow
from guide.core.settings import get_settings
from guide.sessions.policy import (
    EXPIRED,
    FRESH,
    LONGEST_TOUCH_INTERVAL,
    PRESENT,
    SAVE,
    TOUCH,
    SessionPolicy,
)
from guide.sessions.service import job_seeker_policy, staff_policy

TWENTY = SessionPolicy(timedelta(minutes=20))


def test_the_verdict_at_its_edges():
    now = utcnow()
    idle = TWENTY.idle
    assert TWENTY.verdict(now, now) == FRESH
    assert TWENTY.verdict(now - LONGEST_TOUCH_INTERVAL + timedelta(seconds=1), now) == FRESH
    assert TWENTY.verdict(now - LONGEST_TOUCH_INTERVAL, now) == TOUCH
    assert TWENTY.verdict(now - idle + timedelta(seconds=1), now) == TOUCH
    assert TWENTY.verdict(now - idle, now) == EXPIRED
    assert TWENTY.verdict((now - idle).replace(tzinfo=None), now) == EXPIRED  # SQLite's naive times


def test_a_save_never_touches_a_session_and_the_keepalive_always_does():
    now = utcnow()
    assert TWENTY.verdict(now - timedelta(minutes=5), now, SAVE) == FRESH
    assert TWENTY.verdict(now - TWENTY.idle, now, SAVE) == EXPIRED  # a save still finds it ended
    assert TWENTY.verdict(now - timedelta(seconds=1), now, PRESENT) == TOUCH
    assert TWENTY.verdict(now - TWENTY.idle, now, PRESENT) == EXPIRED


def test_a_short_time_out_is_touched_often_enough_to_be_kept():
    assert TWENTY.touch_interval == LONGEST_TOUCH_INTERVAL
    assert SessionPolicy(timedelta(minutes=2)).touch_interval == timedelta(seconds=12)
    short = SessionPolicy(timedelta(seconds=6))
    assert short.touch_interval == timedelta(milliseconds=600)
    now = utcnow()
    assert short.verdict(now - timedelta(seconds=1), now) == TOUCH


def test_a_staff_session_also_ends_at_its_maximum_age_whatever_happens():
    policy = SessionPolicy(timedelta(hours=1), max_age=timedelta(hours=10))
    now = utcnow()
    assert policy.verdict(now, now, PRESENT, created_at=now - timedelta(hours=9, minutes=59)) == TOUCH
    assert policy.verdict(now, now, PRESENT, created_at=now - timedelta(hours=10)) == EXPIRED


def test_the_policies_follow_the_settings():
    settings = get_settings()
    assert job_seeker_policy(settings).idle == timedelta(minutes=settings.session_timeout_minutes)
    assert job_seeker_policy(settings).max_age is None
    staff = staff_policy(settings)
    assert staff.idle == timedelta(minutes=settings.staff_session_timeout_minutes)
    assert staff.max_age == timedelta(hours=settings.staff_session_max_hours)
    # staff sessions are touched by the same rule: a minute at most, not a second rule of their own
    assert staff.touch_interval == LONGEST_TOUCH_INTERVAL
