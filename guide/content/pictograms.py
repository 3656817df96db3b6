"""The pictogram set: OpenMoji colour pictograms (CC BY-SA 4.0), vendored as SVG files in
guide/web/static/pictograms/ (see its README.md; `python -m guide.content.pictograms` fetches them again).

Each pictogram has a short id (the file's name), its OpenMoji code and a name for editors (N_: translated where
shown). Pictograms support the words beside them and never replace them: on job seekers' pages they are decorative.
Which text carries which pictogram: content/pictograms.yml (the defaults), then an editor's choice (ContentPictogram).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from guide.core.i18n import N_

OPENMOJI_VERSION = "17.0.0"
PICTOGRAM_DIR = Path(__file__).resolve().parent.parent / "web" / "static" / "pictograms"
LICENCE_FILE = "LICENSE.txt"


@dataclass(frozen=True)
class Pictogram:
    id: str  # the file guide/web/static/pictograms/<id>.svg
    code: str  # the OpenMoji hexcode it is copied from
    name: str  # N_: what an editor reads beside it


PICTOGRAMS: tuple[Pictogram, ...] = (
    Pictogram("star", "2B50", N_("Star")),
    Pictogram("puzzle", "1F9E9", N_("Puzzle piece")),
    Pictogram("target", "1F3AF", N_("Target")),
    Pictogram("compass", "1F9ED", N_("Compass")),
    Pictogram("bus", "1F68C", N_("Bus")),
    Pictogram("train", "1F686", N_("Train")),
    Pictogram("bicycle", "1F6B2", N_("Bicycle")),
    Pictogram("car", "1F697", N_("Car")),
    Pictogram("walking", "1F6B6", N_("Person walking")),
    Pictogram("pin", "1F4CD", N_("Map pin")),
    Pictogram("ticket", "1F3AB", N_("Ticket")),
    Pictogram("muscle", "1F4AA", N_("Strong arm")),
    Pictogram("books", "1F4DA", N_("Books")),
    Pictogram("open-book", "1F4D6", N_("Open book")),
    Pictogram("graduation-cap", "1F393", N_("Graduation cap")),
    Pictogram("school", "1F3EB", N_("School")),
    Pictogram("toolbox", "1F9F0", N_("Toolbox")),
    Pictogram("tools", "1F6E0", N_("Hammer and spanner")),
    Pictogram("page", "1F4C4", N_("Sheet of paper")),
    Pictogram("memo", "1F4DD", N_("Note and pencil")),
    Pictogram("pencil", "270F", N_("Pencil")),
    Pictogram("notepad", "1F5D2", N_("Notepad")),
    Pictogram("clipboard", "1F4CB", N_("Clipboard")),
    Pictogram("magnifier", "1F50D", N_("Magnifying glass")),
    Pictogram("newspaper", "1F4F0", N_("Newspaper")),
    Pictogram("handshake", "1F91D", N_("Handshake")),
    Pictogram("speech", "1F4AC", N_("Speech bubble")),
    Pictogram("speaking", "1F5E3", N_("Head speaking")),
    Pictogram("letters", "1F524", N_("Letters")),
    Pictogram("question", "2753", N_("Question mark")),
    Pictogram("light-bulb", "1F4A1", N_("Light bulb")),
    Pictogram("heart", "2764", N_("Heart")),
    Pictogram("two-hearts", "1F495", N_("Two hearts")),
    Pictogram("thumbs-up", "1F44D", N_("Thumbs up")),
    Pictogram("trophy", "1F3C6", N_("Trophy")),
    Pictogram("seedling", "1F331", N_("Young plant")),
    Pictogram("person", "1F464", N_("Person")),
    Pictogram("people", "1F465", N_("Two people")),
    Pictogram("holding-hands", "1F9D1-200D-1F91D-200D-1F9D1", N_("People holding hands")),
    Pictogram("family", "1F46A", N_("Family")),
    Pictogram("child", "1F9D2", N_("Child")),
    Pictogram("baby", "1F476", N_("Baby")),
    Pictogram("worker", "1F9D1-200D-1F4BC", N_("Office worker")),
    Pictogram("briefcase", "1F4BC", N_("Briefcase")),
    Pictogram("house", "1F3E0", N_("House")),
    Pictogram("coin", "1FA99", N_("Coin")),
    Pictogram("stethoscope", "1FA7A", N_("Stethoscope")),
    Pictogram("hospital", "1F3E5", N_("Hospital")),
    Pictogram("wheelchair", "267F", N_("Wheelchair")),
    Pictogram("cooking", "1F373", N_("Frying pan")),
    Pictogram("t-shirt", "1F455", N_("T-shirt")),
    Pictogram("alarm-clock", "23F0", N_("Alarm clock")),
    Pictogram("hourglass", "23F3", N_("Hourglass")),
    Pictogram("calendar", "1F4C5", N_("Calendar")),
    Pictogram("laptop", "1F4BB", N_("Laptop")),
    Pictogram("mobile-phone", "1F4F1", N_("Mobile phone")),
    Pictogram("telephone", "1F4DE", N_("Telephone")),
    Pictogram("envelope", "2709", N_("Envelope")),
    Pictogram("email", "1F4E7", N_("E-mail")),
    Pictogram("outbox", "1F4E4", N_("Sending tray")),
    Pictogram("key", "1F511", N_("Key")),
    Pictogram("id-card", "1FAAA", N_("Identity card")),
    Pictogram("check", "2705", N_("Tick")),
)
BY_ID: dict[str, Pictogram] = {p.id: p for p in PICTOGRAMS}
IDS: tuple[str, ...] = tuple(BY_ID)


def barrier_key(theme: str) -> str:
    """The key a barrier theme's pictogram is stored under in content/pictograms.yml."""
    return f"barrier/{theme}"


def svg_path(pictogram_id: str) -> Path:
    return PICTOGRAM_DIR / f"{pictogram_id}.svg"


def vendor(target: Path = PICTOGRAM_DIR) -> None:
    """Copy the set's SVG files and the licence from the openmoji package of the npm registry (`npm pack`, the way
    htmx was vendored), replacing what is there."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"openmoji@{OPENMOJI_VERSION}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        with tarfile.open(next(Path(tmp).glob("openmoji-*.tgz"))) as archive:
            archive.extractall(tmp, filter="data")
        package = Path(tmp) / "package"
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("*.svg"):
            old.unlink()
        for pictogram in PICTOGRAMS:
            shutil.copyfile(package / "color" / "svg" / f"{pictogram.code}.svg", svg_path(pictogram.id))
        shutil.copyfile(package / LICENCE_FILE, target / LICENCE_FILE)


if __name__ == "__main__":  # pragma: no cover - run by hand to refresh the vendored files
    vendor(Path(sys.argv[1]) if len(sys.argv) > 1 else PICTOGRAM_DIR)
