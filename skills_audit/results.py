"""The programme's results against its targets (issue 15): every source of partner figures, and the quarterly
report built over them.

A source is a module of skills_audit in the seam's shape: TITLE (the group's name, N_), KEYS (its indicators, in
report order), LABELS (key -> N_ label) and counts(bind, year, places) -> (partner, quarter) -> key -> count.
Adding a source is one line in SOURCES. Every figure is an activity total per partner, shown exactly: a breakdown
below a partner would have to go through skills_audit.protection instead.
"""

from __future__ import annotations

from types import ModuleType

from skills_audit import activity_counts, reach_counts

SOURCES: tuple[ModuleType, ...] = (
    reach_counts,
    activity_counts,
)


def indicator_keys(sources: tuple[ModuleType, ...] = SOURCES) -> tuple[str, ...]:
    """Every indicator key of every source, in report order (a key names one indicator in one source only)."""
    return tuple(key for source in sources for key in source.KEYS)
