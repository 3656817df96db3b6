"""The links on the staff home page, one per area, shown to the holders of its role."""

from __future__ import annotations

from dataclasses import dataclass

from guide.core.i18n import N_
from guide.staff.service import ADMIN, COACH


@dataclass(frozen=True)
class StaffArea:
    """A link on the staff home page, shown to holders of the role. Later issues append theirs to STAFF_AREAS."""

    role: str
    path: str  # after /{locale}/staff
    label: str  # a msgid, marked with N_ and translated when shown
    hint: str


STAFF_AREAS: list[StaffArea] = [
    StaffArea(COACH, "/caseload", N_("My caseload"), N_("The clients who share their progress with you.")),
    StaffArea(ADMIN, "/accounts", N_("Staff accounts"), N_("Add accounts, change roles, reset passwords.")),
]

