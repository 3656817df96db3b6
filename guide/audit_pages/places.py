"""The skills audit's places for the app's content: the guide's centres, regions and sectors (the files' and those
admins added, guide.places), handed to skills_audit (which reads no feature of the guide)."""

from __future__ import annotations

from guide.content.library import Library, get_library
from skills_audit.places import Places, places_from_content

# The library the places were last made from, and them: rebuilt only when the library is (a token bump), so an
# admin's new centre is in the audit at once and a page's many look-ups cost nothing.
_last: tuple[Library, Places] | None = None


def get_places() -> Places:
    """The places of the app's content as it is now."""
    global _last
    library = get_library()
    last = _last
    if last is not None and last[0] is library:
        return last[1]
    names = {code: dict(region.names) for code, region in library.regions.items()}
    places = places_from_content(library.centres.values(), library.sectors.values(), names)
    _last = (library, places)
    return places
