"""The editors' forms, read: the typed text and the version it was based on, an import file, an import's
confirmation. Parsers return what was sent, or raise Problems ({field: Message})."""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass

from starlette.datastructures import FormData, UploadFile

from guide.content.revisions import FILE_VERSION
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.editor.exchange import MAX_FILE_BYTES
from guide.web.deps import parse_id
from guide.web.forms import choice, is_yes, text, upload

FORMATS = {"po": ("application/x-gettext; charset=utf-8", "po"), "xliff": ("application/xliff+xml", "xlf")}
# What an editor typed is shown back to them after a refusal; beyond this it is not text anyone meant to keep.
MAX_KEPT = 200_000


def revision_id(raw: str) -> int | None:
    """A revision id from a form field or the query, or FILE_VERSION (0) for the files' text; None for one that
    cannot name a version (see parse_id)."""
    raw = raw.strip()
    return FILE_VERSION if raw == str(FILE_VERSION) else parse_id(raw)


def read_text(form: FormData) -> str:
    return text(form, "text", MAX_KEPT)


def read_base(form: FormData, name: str = "base") -> int | None:
    """The version the page showed (what the text was based on): a save over a newer one is stale."""
    return revision_id(text(form, name, 40))


@dataclass(frozen=True)
class EditSent:
    text: str
    base: int | None
    action: str  # "draft", "publish" or "preview" (the preview without JavaScript)


def read_edit(form: FormData) -> EditSent:
    return EditSent(text=read_text(form), base=read_base(form),
                    action=choice(form, "action", ("draft", "publish", "preview"), "draft"))


def read_source(form: FormData) -> str:
    return text(form, "source", 40)


def read_pictogram(form: FormData) -> str:
    """The pictogram chosen (checked against the set by the service)."""
    return text(form, "pictogram", 40)


def _no_file() -> Problems:
    return Problems({"file": Message(N_("Choose a PO or XLIFF file."))})


def read_import_file(form: FormData) -> tuple[UploadFile, str]:
    """The file to import and its format: the one chosen, else the one its name says."""
    sent = upload(form, "file")
    if sent is None or sent.filename is None:
        raise _no_file()
    name = sent.filename.lower()
    guessed = "xliff" if name.endswith((".xlf", ".xliff")) else "po"
    return sent, choice(form, "format", FORMATS, guessed)


def pack(data: bytes) -> str:
    # The file travels to the confirmation in the form itself (compressed): no server-side state between requests.
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def _unpack(packed: str) -> bytes | None:
    try:
        return zlib.decompressobj().decompress(base64.b64decode(packed, validate=True), MAX_FILE_BYTES + 1)
    except (binascii.Error, zlib.error, ValueError):
        return None


@dataclass(frozen=True)
class ImportConfirmed:
    data: bytes
    file_format: str
    seen: dict[str, int | None]  # per text, the revision the preview showed: one changed since makes it stale
    chosen: dict[str, str]  # per text, whose version the editor chose: "file", or the newer one in the browser
    publish: bool


def read_import_confirm(form: FormData) -> ImportConfirmed:
    file_format = text(form, "format", 10, "po")
    data = _unpack(text(form, "packed"))
    if data is None or file_format not in FORMATS:
        raise _no_file()
    fields = [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
    return ImportConfirmed(
        data=data, file_format=file_format,
        seen={key[5:]: revision_id(value) for key, value in fields if key.startswith("base:")},
        chosen={key[5:]: value for key, value in fields if key.startswith("take:")},
        publish=is_yes(form, "publish"),
    )


@dataclass(frozen=True)
class RecordingSent:
    """A recording of an item's text number `part` (guide.listen): the file chosen or made in the browser."""

    upload: UploadFile | None
    part: int
    key: str = ""  # on the recordings page, which text (guide.listen.texts.other_texts); a step's is in the address


def read_recording(form: FormData) -> RecordingSent:
    part = parse_id(text(form, "part", 6))
    return RecordingSent(upload(form, "recording"), part if part is not None else 0, text(form, "key", 200))
