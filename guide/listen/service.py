"""Audio for the guide's texts: the whole build (`tensteps audio build`) and the texts one publication changed
(run after each publish in the editor, after the response, so that an editor never waits for it)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator

from guide.content.library import Library, split_variant
from guide.core.settings import Settings
from guide.listen.audio import BuildReport, SpeechError, Text, audio_dir, build
from guide.listen.texts import all_texts, question_text, scale_text, section_texts
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
