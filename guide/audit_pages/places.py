"""The skills audit's places for the app's content: the guide's centres and sectors, handed to skills_audit (which
reads no feature of the guide), with the regions' names of content/audit/regions.yml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from guide.content.library import get_library
from guide.core.settings import get_settings
from skills_audit.places import Places, load_region_names, places_from_content


@lru_cache
def _cached_places(content_dir: Path) -> Places:
    library = get_library()
    return places_from_content(library.centres.values(), library.sectors.values(), load_region_names(content_dir))


def get_places() -> Places:
    """The places of the app's content, read once."""
    return _cached_places(get_settings().content_dir)
