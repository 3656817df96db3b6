"""The links on the staff home page, one per area, shown to the holders of its role."""

from __future__ import annotations

from dataclasses import dataclass

from guide.core.i18n import N_
from guide.staff.service import ADMIN, ANALYST, COACH, EDITOR, HELPER


@dataclass(frozen=True)
class StaffArea:
    """A link on the staff home page, shown to holders of the role. Every area is listed below, in the order the
    home page shows them (a feature adds its own line here: the list is never changed at import time)."""

    role: str
    endpoint: str  # the name of the route it links to (guide.web.urls)
    label: str  # a msgid, marked with N_ and translated when shown
    hint: str
    main: bool = True  # False: listed on the home page, never where signing in leads (outreach is beside the work)


_AUDIT = (N_("Skills audit"), N_("Employers’ needs against job seekers’ self-assessments."))
_OUTREACH = (N_("Outreach tallies"), N_("Count house visits, street work, events and group sessions, without names."))
_WORKSHOPS = (N_("Workshops"), N_("Plan group workshops, show their code and follow them live, without names."))
_DIRECTORY = (N_("Local directory"),
              N_("Keep your centres’ services and opportunities up to date: phone, hours, address."))
_PLACES = (N_("Partners, regions and centres"),
           N_("Add a centre, with its region, time zone, languages and neighbourhoods."))
_TEXTS = (N_("Guide texts and translations"),
          N_("Edit the guide, translate it and see what is missing or out of date."))

STAFF_AREAS: tuple[StaffArea, ...] = (
    StaffArea(COACH, "staff:caseload", N_("My caseload"), N_("The clients who share their progress with you.")),
    StaffArea(COACH, "outreach:home", *_OUTREACH, main=False),
    StaffArea(COACH, "workshops:list", *_WORKSHOPS, main=False),
    StaffArea(HELPER, "workshops:list", *_WORKSHOPS),  # a peer helper's one area: signing in leads there
    StaffArea(ADMIN, "staff:accounts", N_("Staff accounts"), N_("Add accounts, change roles, reset passwords.")),
    StaffArea(ANALYST, "audit:home", *_AUDIT),
    StaffArea(ADMIN, "audit:home", *_AUDIT),
    StaffArea(EDITOR, "editor:status", *_TEXTS),
    StaffArea(ADMIN, "editor:status", *_TEXTS),
    StaffArea(EDITOR, "directory:list", *_DIRECTORY, main=False),
    StaffArea(ADMIN, "directory:list", *_DIRECTORY, main=False),
    StaffArea(ADMIN, "places:home", *_PLACES, main=False),
    StaffArea(ADMIN, "outreach:home", *_OUTREACH, main=False),
    StaffArea(ADMIN, "workshops:list", *_WORKSHOPS, main=False),
)



def areas_for(roles: frozenset[str] | set[str]) -> list[StaffArea]:
    """The areas a holder of these roles sees, one per page even when two roles lead to it."""
    return list({area.endpoint: area for area in STAFF_AREAS if area.role in roles}.values())


def landing_endpoint(roles: frozenset[str] | set[str]) -> str:
    """Where signing in leads (a route's name): the one area of someone who has one (a coach's caseload, an
    editor's texts, an analyst's audit; areas not `main` aside), else the staff home page that lists their areas."""
    areas = [area for area in areas_for(roles) if area.main]
    return areas[0].endpoint if len(areas) == 1 else "staff:home"
