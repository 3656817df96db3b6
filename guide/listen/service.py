"""Audio for the guide's texts: the whole build (`tensteps audio build`) and the texts one publication changed
(run after each publish in the editor, after the response, so that an editor never waits for it)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlmodel import Session

from guide.content.library import Library, split_variant
from guide.core.i18n import N_
from guide.core.messages import Message
from guide.core.settings import Settings
from guide.listen.audio import BuildReport, SpeechError, Text, audio_dir, build
from guide.listen.models import AudioRecording
from guide.listen.recordings import RecordingRejected, add_recording, check_audio, current_recordings, text_hash
from guide.listen.texts import all_texts, other_texts, question_text, scale_text, section_texts
from skills_audit.framework import Framework

log = logging.getLogger(__name__)
_STEP_KEY = re.compile(r"step/(\d+)/(body|checklist/([^/]+)|question/([^/]+)/(?:label|hint))")


def build_all(library: Library, framework: Framework, settings: Settings) -> BuildReport:
    """Every text in every language, one synthesis per core at once."""
    return build(all_texts(library, framework, settings.languages), audio_dir(settings), workers=os.cpu_count() or 1)


def texts_for_keys(library: Library, framework: Framework, keys: Iterable[str], locale: str) -> Iterator[Text]:
    """The texts to listen to that these item keys (just published in this language) are part of."""
    for key in keys:
        base, country = split_variant(key)
        if base.startswith("skills/statement/"):
            found = framework.text("statements", base.removeprefix("skills/statement/"), locale)
            yield Text(found.text, found.locale)
        elif base.startswith("skills/scale/"):
            yield scale_text(framework, locale)
        elif match := _STEP_KEY.fullmatch(base):
            number = int(match[1])
            if number not in library.steps.get(locale, {}):
                continue
            step = library.step(locale, number, country)
            if match[2] == "body":
                yield from (Text(text, step.locale_of("body")) for text in section_texts(step))
            for item in step.checklist:
                if item.id == match[3]:
                    yield Text(item.text, item.locale or step.locale)
            for question in step.questions:
                if question.id == match[4]:
                    yield Text(question_text(question), question.locale or step.locale)


def build_published(library: Library, framework: Framework, keys: list[str], locale: str,
                    settings: Settings) -> BuildReport | None:
    """Audio for what was just published; None when speech could not be made (the publication stands; the next
    `tensteps audio build` makes it)."""
    try:
        return build(list(texts_for_keys(library, framework, keys, locale)), audio_dir(settings))
    except (SpeechError, OSError) as exc:  # a folder that cannot be written, too
        log.warning("audio after publishing %d text(s) in %s: %s", len(keys), locale, exc)
        return None


def audio_after_publish(keys: list[str], locale: str) -> BuildReport | None:
    """What the editor runs once a publication's response is sent: audio for the texts just published, read from
    the guide as it is now (the request's content, with the new revisions)."""
    from guide.content.library import get_library
    from guide.core.settings import get_settings
    from skills_audit.framework import get_framework

    return build_published(get_library(), get_framework(), keys, locale, get_settings())


# --- a partner's recordings (guide.listen.recordings) ---------------------------------------------------------------


@dataclass(frozen=True)
class RecordingSlot:
    """One text of an item that can be recorded in a language (a step's body has one per part), and its current
    recording, if any."""

    part: int
    text: str
    current: AudioRecording | None

    @property
    def needs_new(self) -> bool:
        """A recording was made, but of other words than the text published now."""
        return self.current is not None and self.current.source_hash != text_hash(self.text, self.current.locale)


def recordable_texts(library: Library, framework: Framework, key: str, lang: str) -> list[str]:
    """The Listen texts of a step's item, or the one text outside the steps of that key (guide.listen.texts
    .other_texts), as job seekers read it in this language (none where it is not written in this language yet: they
    read another language's words, which the synthetic speech reads)."""
    if key.startswith("step/"):
        texts = list(texts_for_keys(library, framework, [key], lang))
    else:
        texts = [found] if (found := other_texts(framework, lang).get(key)) else []
    return [text.text for text in texts if text.lang == lang]


def recording_slots(db: Session, library: Library, framework: Framework, key: str, lang: str) -> list[RecordingSlot]:
    current = current_recordings(db, [key])
    return [RecordingSlot(part, text, current.get((key, lang, part)))
            for part, text in enumerate(recordable_texts(library, framework, key, lang))]


def stale_recordings(db: Session, library: Library, framework: Framework) -> set[tuple[str, str]]:
    """(item key, language) of every item with a recording of words that are not the published ones any more."""
    stale = set()
    for (key, lang, part), row in current_recordings(db).items():
        texts = recordable_texts(library, framework, key, lang)
        if part >= len(texts) or text_hash(texts[part], lang) != row.source_hash:
            stale.add((key, lang))
    return stale


def record(db: Session, settings: Settings, library: Library, framework: Framework, key: str, lang: str, part: int,
           data: bytes, author: str) -> AudioRecording:
    """Check and keep a recording of the item's text number `part` (inside writing()); RecordingRejected, and
    nothing kept, when it is not audio, too long or too large."""
    audio = check_audio(data)
    texts = recordable_texts(library, framework, key, lang)
    if not 0 <= part < len(texts):
        raise RecordingRejected(Message(N_("This text cannot be recorded in this language yet. Publish it first.")))
    return add_recording(db, settings, key, part, lang, texts[part], audio, author)
