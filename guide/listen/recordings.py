"""A partner's recordings (issue 17, Listen, item 1): an editor uploads or records a text read aloud, per text and
language; job seekers then hear it instead of the synthetic speech, for as long as the words are the ones read.

A recording is checked before anything is stored: the bytes are audio (by their first bytes: Ogg, WebM, MP3, WAV,
M4A), at most MAX_SECONDS long and MAX_BYTES large. The duration is read here from each format's own header, in a
few lines each (mutagen reads no WebM, which is what Chromium's MediaRecorder makes, and Debian's ffprobe would mean
installing all of ffmpeg on the server for one number).

The file is kept in the data folder under a name made from its bytes (so it never changes under one name and may
be cached for good), beside the synthetic speech: <data>/audio/recorded/<name>.<extension>."""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from guide.content.revisions import bump_token
from guide.core.i18n import N_
from guide.core.messages import Message
from guide.core.settings import Settings
from guide.listen.audio import audio_dir, normalise
from guide.listen.models import AudioRecording

MAX_SECONDS = 180
MAX_BYTES = 5_000_000
MAX_MEGABYTES = MAX_BYTES // 1_000_000
# extension -> media type, for the files kept and served
MEDIA_TYPES = {"ogg": "audio/ogg", "webm": "audio/webm", "mp3": "audio/mpeg", "wav": "audio/wav",
               "m4a": "audio/mp4"}
RECORDING_VERSION = "recording-1"


def recordings_dir(settings: Settings) -> Path:
    return audio_dir(settings) / "recorded"


def text_hash(text: str, lang: str) -> str:
    """The words a recording reads, in their language: it matches a text while this is the same."""
    key = "\0".join((RECORDING_VERSION, lang, normalise(text)))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


class RecordingRejected(Exception):
    """Why an upload is not kept, for the editor (a Message, worded in the page's language)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid)
        self.message = message


def _not_audio() -> RecordingRejected:
    return RecordingRejected(Message(N_(
        "This file is not a sound file we can play. Choose an Ogg, WebM, MP3, WAV or M4A file, or record again.")))


# --- what kind of audio: the first bytes ---------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The file's extension by its first bytes, or None when they are none of the audio formats taken."""
    if data.startswith(b"OggS"):
        return "ogg"
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[4:8] == b"ftyp" and data[8:12] in {b"M4A ", b"M4B ", b"mp42", b"isom", b"iso2", b"dash", b"mp41"}:
        return "m4a"
    if data.startswith(b"ID3") or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


# --- how long: each format's own header ----------------------------------------------------------------------------


def _ogg_seconds(data: bytes) -> float | None:
    first = data[:4096]
    if (at := first.find(b"OpusHead")) >= 0:
        rate, pre_skip = 48000, struct.unpack_from("<H", first, at + 10)[0]
    elif (at := first.find(b"\x01vorbis")) >= 0:
        rate, pre_skip = struct.unpack_from("<I", first, at + 12)[0], 0
    else:
        return None
    last = data.rfind(b"OggS")
    if last < 0 or last + 14 > len(data) or not rate:
        return None
    granule: int = struct.unpack_from("<q", data, last + 6)[0]
    return max(granule - int(pre_skip), 0) / int(rate)


def _wav_seconds(data: bytes) -> float | None:
    at, byte_rate, size = 12, 0, None
    while at + 8 <= len(data):
        chunk, length = data[at:at + 4], struct.unpack_from("<I", data, at + 4)[0]
        if chunk == b"fmt " and at + 20 <= len(data):
            byte_rate = struct.unpack_from("<I", data, at + 16)[0]
        elif chunk == b"data":
            size = min(length, len(data) - at - 8)
            break
        at += 8 + length + (length & 1)
    return size / byte_rate if size is not None and byte_rate else None


def _m4a_seconds(data: bytes) -> float | None:
    at = data.find(b"mvhd")
    if at < 0 or at + 32 > len(data):
        return None
    if data[at + 4] == 1:
        scale, length = struct.unpack_from(">IQ", data, at + 24)
    else:
        scale, length = struct.unpack_from(">II", data, at + 16)
    return length / scale if scale else None


_MP3_KBPS = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # MPEG-1 layer III
_MP3_KBPS_2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)  # MPEG-2 / 2.5 layer III
_MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _mp3_seconds(data: bytes) -> float | None:
    at = 0
    if data.startswith(b"ID3") and len(data) >= 10:
        at = 10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F))
    if at + 4 > len(data) or data[at] != 0xFF or data[at + 1] & 0xE0 != 0xE0:
        return None
    version, bitrate_index, rate_index = (data[at + 1] >> 3) & 3, data[at + 2] >> 4, (data[at + 2] >> 2) & 3
    if version == 1 or rate_index == 3 or not 0 < bitrate_index < 15:
        return None
    rate = _MP3_RATES[version][rate_index]
    samples = 1152 if version == 3 else 576
    xing = max(data.find(b"Xing", at, at + 200), data.find(b"Info", at, at + 200))
    if xing > 0 and data[xing + 7] & 1:  # a variable bit rate's frame count
        frames: int = struct.unpack_from(">I", data, xing + 8)[0]
        return frames * samples / rate
    kbps = (_MP3_KBPS if version == 3 else _MP3_KBPS_2)[bitrate_index]
    return (len(data) - at) * 8 / (kbps * 1000)  # a constant bit rate


def _vint(data: bytes, at: int, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at `at`: (value, length)."""
    first = data[at]
    length = 8 - first.bit_length() + 1
    if length > 8 or at + length > len(data):
        raise ValueError("not EBML")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[at + 1:at + length]:
        value = value << 8 | byte
    return value, length


def _webm_seconds(data: bytes) -> float | None:
    scale = 1_000_000  # nanoseconds per tick, unless the file says otherwise
    if (at := data.find(b"\x2a\xd7\xb1")) >= 0:
        size, length = _vint(data, at + 3, False)
        scale = int.from_bytes(data[at + 3 + length:at + 3 + length + size], "big") or scale
    if (at := data.find(b"\x44\x89")) >= 0:  # the Duration an encoder writes when it knows it
        size, length = _vint(data, at + 2, False)
        raw = data[at + 2 + length:at + 2 + length + size]
        if size in (4, 8) and len(raw) == size:
            ticks = struct.unpack(">f" if size == 4 else ">d", raw)[0]
            if ticks > 0:
                return float(ticks) * scale / 1e9
    # A MediaRecorder's file has no Duration: the last cluster's time plus its last block's.
    at = data.rfind(b"\x1f\x43\xb6\x75")
    if at < 0:
        return None
    _size, length = _vint(data, at + 4, False)
    at += 4 + length
    cluster, block = 0, 0
    while at < len(data):
        element, id_length = _vint(data, at, True)
        size, size_length = _vint(data, at + id_length, False)
        body = at + id_length + size_length
        if element == 0xE7:
            cluster = int.from_bytes(data[body:body + size], "big")
        elif element in (0xA3, 0xA1) and body + 3 <= len(data):  # SimpleBlock, Block: track, then int16 time
            _track, track_length = _vint(data, body, False)
            block = max(block, struct.unpack_from(">h", data, body + track_length)[0])
        at = body + size
    return (cluster + block) * scale / 1e9


_READERS = {"ogg": _ogg_seconds, "wav": _wav_seconds, "m4a": _m4a_seconds, "mp3": _mp3_seconds,
            "webm": _webm_seconds}


def seconds(data: bytes, extension: str) -> float | None:
    """How long the audio plays, or None when its header cannot say."""
    try:
        return _READERS[extension](data)
    except (ValueError, struct.error, IndexError):
        return None


@dataclass(frozen=True)
class CheckedAudio:
    data: bytes
    extension: str
    seconds: float

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.extension]


def check_audio(data: bytes) -> CheckedAudio:
    """The upload, if it is audio, short and small enough; else why not (nothing is stored)."""
    if not data:
        raise RecordingRejected(Message(N_("Choose a sound file of this text, or record one.")))
    if len(data) > MAX_BYTES:
        raise RecordingRejected(Message(N_("This file is larger than %(mb)s MB. Record a shorter text, or save "
                                           "the file at a lower quality."), {"mb": MAX_MEGABYTES}))
    extension = sniff(data)
    if extension is None:
        raise _not_audio()
    found = seconds(data, extension)
    if found is None or found <= 0:
        raise _not_audio()
    if found > MAX_SECONDS:
        raise RecordingRejected(Message(N_("This recording is longer than %(minutes)s minutes. Read the text in "
                                           "one go, without long pauses, and record again."),
                                        {"minutes": MAX_SECONDS // 60}))
    return CheckedAudio(data, extension, found)


# --- keeping and finding recordings ----------------------------------------------------------------------------------


def _store(audio: CheckedAudio, folder: Path) -> str:
    name = f"{hashlib.sha256(audio.data).hexdigest()[:24]}.{audio.extension}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as tmp:
            tmp.write(audio.data)
        os.replace(tmp.name, target)  # a file that exists is complete
    return name


def add_recording(db: Session, settings: Settings, key: str, part: int, lang: str, text: str, audio: CheckedAudio,
                  author: str) -> AudioRecording:
    """Keep a checked recording of `text` (the item's Listen text number `part`) as the current one (inside
    writing(); the older ones stay as its revisions)."""
    row = AudioRecording(item_key=key, part=part, locale=lang, source_hash=text_hash(text, lang),
                         file_name=_store(audio, recordings_dir(settings)), media_type=audio.media_type,
                         duration_seconds=round(audio.seconds, 2), size_bytes=len(audio.data),
                         recorded_by=author[:64])
    db.add(row)
    bump_token(db)  # the guide as job seekers see it changes: its pages are made again
    return row


def current_recordings(db: Session, keys: Iterable[str] | None = None) -> dict[tuple[str, str, int], AudioRecording]:
    """The newest recording of each (item key, language, part), of these items or of all."""
    query = select(AudioRecording).order_by(col(AudioRecording.id))
    if keys is not None:
        query = query.where(col(AudioRecording.item_key).in_(list(keys)))
    return {(row.item_key, row.locale, row.part): row for row in db.exec(query).all()}


def recorded_texts(db: Session) -> dict[str, str]:
    """What job seekers hear recorded: the hash of the words read -> the file, from the current recordings only
    (a text whose words changed has another hash, so it is read by the synthetic speech again)."""
    return {row.source_hash: row.file_name for row in current_recordings(db).values()}


def recordings_now() -> dict[str, str]:
    """recorded_texts as the guide is loaded for this request (read with its content): what a page's Listen controls
    play instead of the synthetic speech (macros.listen's `recordings`)."""
    from guide.content.library import get_library  # the content imports this module's table through its overlay

    return get_library().recordings
