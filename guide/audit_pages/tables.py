"""The quarterly tables about people, by kind, each released once per quarter (skills_audit.releases): the kind's
function counts and protects the quarter's tables when an analyst releases it, and its page and downloads show only
what was stored then.

A new table about people (a breakdown of skills_audit.breakdown.protected_table) joins by a kind here: its function
returns its protected tables by name, and its page reads them back with `released_tables`.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from guide.about.service import CHOICES as ABOUT_CHOICES
from guide.about.service import switches
from guide.audit_pages.places import get_places
from guide.barriers.service import THEME_IDS
from guide.workshops.service import TOPICS
from skills_audit import barrier_map, group_counts, stops, workshop_counts
from skills_audit.aggregate import Bind
from skills_audit.breakdown import Breakdown
from skills_audit.models import TableRelease
from skills_audit.releases import EarlierTables, TableFunction, make_table_release

BREAKDOWNS, STOPS, GROUPS = "breakdowns", "stops", "groups"  # the kinds: one per page
BARRIERS, WORKSHOPS = "barriers", "workshops"  # the tables of BREAKDOWNS
NEIGHBOURHOODS = "neighbourhoods:"  # + a centre's id: its map of barriers by neighbourhood, also of BREAKDOWNS


def _breakdowns(bind: Bind, period_label: str, k: int, now: datetime, earlier: EarlierTables) -> dict[str, Breakdown]:
    year, quarter = period_label.split("-Q")
    places = get_places()
    barriers, by_centre = barrier_map.maps(
        bind, period_label, places, THEME_IDS, k, earlier.get(BARRIERS, ()),
        {c: earlier.get(NEIGHBOURHOODS + c, ()) for c in places.centres})
    by_neighbourhood = {NEIGHBOURHOODS + c: table for c, table in by_centre.items()}
    return {BARRIERS: barriers, **by_neighbourhood,
            WORKSHOPS: workshop_counts.topic_breakdown(bind, int(year), int(quarter), places, TOPICS, k,
                                                       earlier.get(WORKSHOPS, ()))}


def _stops(bind: Bind, period_label: str, k: int, now: datetime, earlier: EarlierTables) -> dict[str, Breakdown]:
    return stops.as_tables(stops.stops(bind, period_label, get_places(), k, now, earlier.get(stops.COUNTS, ())))


def _groups(bind: Bind, period_label: str, k: int, now: datetime, earlier: EarlierTables) -> dict[str, Breakdown]:
    """People by age group and by gender (guide.about), for the partners that ask or asked in the quarter."""
    assert isinstance(bind, Session)  # noqa: S101 - a release is made inside a session's unit of work
    year, quarter = period_label.split("-Q")
    places = get_places()
    asking = {p: s.asked for p, s in switches(bind, places.partners()).items()}
    return {GROUPS: group_counts.group_breakdown(bind, int(year), int(quarter), places, ABOUT_CHOICES, asking, k,
                                                 earlier.get(GROUPS, ()))}


KINDS: dict[str, TableFunction] = {BREAKDOWNS: _breakdowns, STOPS: _stops, GROUPS: _groups}


def release_quarter(session: Session, kind: str, period_text: str, k: int, now: datetime,
                    interim: bool = False, correction: bool = False) -> TableRelease:
    """Release the quarter's tables of `kind` (AuditError, nothing stored, when refused); `correction`: a new
    release of a quarter released already."""
    return make_table_release(session, kind, KINDS[kind], period_text, k, now, interim, correction)
