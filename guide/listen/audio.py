"""Speech made on the server: a text, cut into sentences, read by Debian's espeak-ng and compressed to Opus in Ogg
(opusenc), kept in the data folder under a name made from (text, language, speed), so that one text is synthesised
once and a page only links to it (audio is fetched when someone presses Listen, never made while a page waits).

Next to each file, <name>.json holds when each sentence starts and ends (the player highlights the sentence read)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import tempfile
import wave
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from guide.core.settings import Settings

Speed = Literal["normal", "slow"]
SPEEDS: tuple[Speed, ...] = ("normal", "slow")
# espeak-ng's voices for the guide's languages, and its words per minute: a little slower than its default (175)
# for people learning the language, and slower still on request.
VOICES = {"nl": "nl", "fr": "fr-fr", "en": "en-gb"}
RATES: dict[Speed, int] = {"normal": 150, "slow": 105}
PAUSE_SECONDS = 0.35  # between two sentences
# Part of every name: a change of voice, rate or format makes new files instead of serving stale ones.
FORMAT_VERSION = "espeak-ng-opus-1"
AUDIO_NAME = re.compile(r"[0-9a-f]{24}")
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])[\"'”»)]*\s+|\n+")
_SPACES = re.compile(r"\s+")


def audio_dir(settings: Settings) -> Path:
    return settings.data_dir / "audio"


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def audio_name(text: str, lang: str, speed: Speed) -> str:
    """The file name (without extension) of a text read in a language at a speed."""
    key = "\0".join((FORMAT_VERSION, lang, speed, normalise(text)))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def sentences(text: str) -> list[str]:
    """The sentences of a plain text (lines count as sentences too: list items often end without a full stop)."""
    return [s for s in (normalise(part) for part in _SENTENCE_END.split(text)) if s]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "br", "div"}:
            self.parts.append("\n")


def plain_text(html: str) -> str:
    """The text of an HTML fragment as it is read (each paragraph, heading and list item on its own line)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()


_SECTION = re.compile(r"(?=<h2[ >])")


def sections(body_html: str) -> list[str]:
    """A step's body cut before each second-level heading: the parts a Listen control reads one by one."""
    return [part for part in _SECTION.split(body_html) if part.strip()]


class SpeechError(RuntimeError):
    """espeak-ng or opusenc is missing or failed (the command line says which)."""


def _espeak(sentence: str, lang: str, speed: Speed) -> tuple[bytes, int, int]:
    """(16-bit mono PCM frames, sample rate, frame count) of one sentence."""
    try:
        done = subprocess.run(
            ["espeak-ng", "-v", VOICES.get(lang, "en-gb"), "-s", str(RATES[speed]), "--stdout"],
            input=sentence.encode(), capture_output=True, check=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SpeechError(f"espeak-ng failed: {exc}") from None
    with wave.open(io.BytesIO(done.stdout)) as wav:
        # espeak-ng writes to a pipe, so its header cannot know the length: the frames read are the length.
        frames = wav.readframes(wav.getnframes())
        return frames, wav.getframerate(), len(frames) // 2


def synthesise(text: str, lang: str, speed: Speed, folder: Path) -> Path:
    """Make <name>.ogg and <name>.json for the text (replacing nothing that exists); the .ogg's path."""
    name = audio_name(text, lang, speed)
    target = folder / f"{name}.ogg"
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    pcm, timings, rate, at = bytearray(), [], 22050, 0
    for sentence in sentences(text):
        frames, rate, count = _espeak(sentence, lang, speed)
        pause = int(rate * PAUSE_SECONDS) if pcm else 0
        pcm += b"\0\0" * pause
        at += pause
        timings.append({"start": round(at / rate, 3), "end": round((at + count) / rate, 3), "text": sentence})
        pcm += frames
        at += count
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        wav_path, ogg_path = Path(tmp) / "speech.wav", Path(tmp) / "speech.ogg"
        with wave.open(str(wav_path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            wav.writeframes(bytes(pcm))
        try:
            subprocess.run(["opusenc", "--quiet", "--bitrate", "16", "--speech",
                            str(wav_path), str(ogg_path)], check=True, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechError(f"opusenc failed: {exc}") from None
        (folder / f"{name}.json").write_text(json.dumps(timings, ensure_ascii=False), encoding="utf-8")
        os.replace(ogg_path, target)  # last: a file that exists is complete
    return target


@dataclass(frozen=True)
class Text:
    """A text a job seeker can listen to, in the language it is written in."""

    text: str
    lang: str


@dataclass(frozen=True)
class BuildReport:
    made: int
    existing: int
    total_bytes: int


def build(texts: Iterable[Text], folder: Path, workers: int = 1) -> BuildReport:
    """Synthesise every text at every speed that has no file yet (`workers` at once: espeak-ng and opusenc are
    processes of their own, so threads keep every core busy)."""
    missing: dict[str, tuple[Text, Speed]] = {}
    seen: set[str] = set()
    existing = 0
    for item in texts:
        for speed in SPEEDS:
            name = audio_name(item.text, item.lang, speed)
            if name in seen or not normalise(item.text):
                continue
            seen.add(name)
            if (folder / f"{name}.ogg").exists():
                existing += 1
            else:
                missing[name] = (item, speed)
    jobs = list(missing.values())
    if workers > 1 and len(jobs) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda job: synthesise(job[0].text, job[0].lang, job[1], folder), jobs))
    else:
        for item, speed in jobs:
            synthesise(item.text, item.lang, speed, folder)
    total = sum(path.stat().st_size for path in folder.glob("*.ogg")) if folder.exists() else 0
    return BuildReport(len(jobs), existing, total)
