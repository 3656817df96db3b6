"""Guide activity: what job seekers did in the guide per partner and quarter (started, each step, a
self-assessment, all ten steps), a source of the results report, counted by skills_audit.indicators.

Activity totals per partner, shown as they are (see skills_audit.indicators for what counts in a quarter).

Not here: "completed a self-assessment" (issue 13, point 2). Per partner and quarter it is, added up over the
audit's period, the number of respondents of the partner's centre in all sectors: a total the skills audit's
protection does not count as published (skills_audit.aggregate.published_cells), so with the sectors shown in the
released audit it would give a hidden sector's count away by subtraction. It comes back once that total is one of
the release's protected figures and is read from the release (see WITHHELD).
"""

from __future__ import annotations

from guide.core.i18n import N_
from skills_audit.aggregate import Bind
from skills_audit.indicators import STEP_COUNT, activity_counts_years
from skills_audit.places import Places

TITLE = N_("Guide activity")
KEYS: tuple[str, ...] = ("started", *(f"step_{n}" for n in range(1, STEP_COUNT + 1)), "finished")
# Indicators of skills_audit.indicators not published here, with why; a targets file may still name them.
WITHHELD: dict[str, str] = {
    "self_assessment": "respondents per partner and period are a total the audit's protection must hold",
}
LABELS: dict[str, str] = {
    "started": N_("Started the guide"),
    "step_1": N_("Completed step 1"),
    "step_2": N_("Completed step 2"),
    "step_3": N_("Completed step 3"),
    "step_4": N_("Completed step 4"),
    "step_5": N_("Completed step 5"),
    "step_6": N_("Completed step 6"),
    "step_7": N_("Completed step 7"),
    "step_8": N_("Completed step 8"),
    "step_9": N_("Completed step 9"),
    "step_10": N_("Completed step 10"),
    "finished": N_("Finished all ten steps"),
}


def key_of(indicator: str, step: int | None) -> str:
    """The key of an indicator of skills_audit.indicators ("steps", 5 -> "step_5")."""
    return f"step_{step}" if indicator == "steps" else indicator


def counts(bind: Bind, year: int, places: Places) -> dict[tuple[str, int], dict[str, int]]:
    """(partner, quarter 1..4) -> key -> count, from skills_audit.indicators.activity_counts."""
    return counts_years(bind, year, year, places).get(year, {})


def counts_years(bind: Bind, first: int, last: int, places: Places) -> dict[int, dict[tuple[str, int], dict[str, int]]]:
    """year -> counts of the year, for the years first..last, counted together (the results report's seam)."""
    result: dict[int, dict[tuple[str, int], dict[str, int]]] = {}
    for year, found in activity_counts_years(bind, first, last, places).items():
        for (partner, quarter, indicator, step), count in found.items():
            key = key_of(indicator, step)
            if key in WITHHELD:
                continue
            figures = result.setdefault(year, {}).setdefault((partner, quarter), {})
            figures[key] = figures.get(key, 0) + count
    return result
