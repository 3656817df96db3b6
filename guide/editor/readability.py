"""A plain-language aid for editors: a readability score for the language being edited, and the sentences that
are too long.

The score is Flesch Reading Ease with the constants adapted to each language (the same ones textstat uses):
    English  Flesch (1948):        206.835 - 1.015 × words per sentence - 84.6 × syllables per word
    Dutch    Flesch-Douma (1960):  206.835 - 0.93  × words per sentence - 77   × syllables per word
    French   Kandel & Moles (1958): 207    - 1.015 × words per sentence - 73.6 × syllables per word
Higher is easier; 60 and above is plain language for most adults. The formulas give 0-100 for ordinary prose but
overshoot on very short sentences of short words (a list of steps can score 120): the score is capped to 0-100, and
editors see it as a plain band first (READABILITY_BANDS, the one place the bands are written down).
Syllables are counted with pyphen's hyphenation
dictionaries (we do not use textstat itself: for English it downloads NLTK's CMU dictionary at run time, which a
server without internet access cannot do). A language without constants gets no score, only the long sentences.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from guide.core.i18n import N_

if TYPE_CHECKING:
    import pyphen

MAX_SENTENCE_WORDS = 20  # the partners' rule: a sentence over 20 words is hard for our readers
FORMULAS: dict[str, tuple[float, float, float, str]] = {
    "en": (206.835, 1.015, 84.6, "Flesch"),
    "nl": (206.835, 0.93, 77.0, "Flesch-Douma"),
    "fr": (207.0, 1.015, 73.6, "Kandel-Moles"),
}
SCORE_RANGE = (0.0, 100.0)  # Flesch Reading Ease's scale
# (lowest score, band id, words): the first band whose lowest score the score reaches
READABILITY_BANDS = (
    (80.0, "very_easy", N_("Very easy to read")),
    (60.0, "easy", N_("Easy to read")),
    (40.0, "fairly_hard", N_("Rather hard to read")),
    (0.0, "hard", N_("Hard to read")),
)
_markdown = MarkdownIt("commonmark", {"html": False})
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|td|th)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”»)])\s+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Readability:
    locale: str
    score: float | None  # None: no formula for this language, or no words
    formula: str | None
    sentences: int
    words: int
    long_sentences: tuple[str, ...]  # over MAX_SENTENCE_WORDS words, in the order they come

    @property
    def band(self) -> str | None:
        """The band's words (a msgid), or None without a score."""
        if self.score is None:
            return None
        return next(words for lowest, _band, words in READABILITY_BANDS if self.score >= lowest)


def sentences_of(text: str) -> list[str]:
    """Plain sentences of a Markdown text: every paragraph, list item and heading ends a sentence."""
    rendered = _BLOCK_END.sub("\n", _markdown.render(text))
    out = []
    for block in html.unescape(_TAG.sub(" ", rendered)).split("\n"):
        for sentence in _SENTENCE_END.split(" ".join(block.split())):
            if _WORD.search(sentence):
                out.append(sentence.strip())
    return out


@lru_cache
def _hyphenator(locale: str) -> pyphen.Pyphen | None:
    import pyphen  # here, when an editor checks a text, not at every start of the app (issue 20)

    found = pyphen.language_fallback(locale)
    return pyphen.Pyphen(lang=found) if found else None


def syllables(word: str, locale: str) -> int:
    dic = _hyphenator(locale)
    if dic is None:
        return max(1, len(re.findall(r"[aeiouyàâäéèêëîïôöûüù]+", word.lower())))
    return len(dic.positions(word.lower())) + 1


def readability(text: str, locale: str) -> Readability:
    sentences = sentences_of(text)
    words_per_sentence = [_WORD.findall(s) for s in sentences]
    words = [w for ws in words_per_sentence for w in ws]
    long_ones = tuple(s for s, ws in zip(sentences, words_per_sentence, strict=True) if len(ws) > MAX_SENTENCE_WORDS)
    formula = FORMULAS.get(locale)
    score = None
    if formula and words:
        base, per_sentence, per_syllable, _name = formula
        syllable_count = sum(syllables(w, locale) for w in words)
        raw = base - per_sentence * len(words) / len(sentences) - per_syllable * syllable_count / len(words)
        score = round(min(max(raw, SCORE_RANGE[0]), SCORE_RANGE[1]), 1)
    return Readability(
        locale=locale,
        score=score,
        formula=formula[3] if formula else None,
        sentences=len(sentences),
        words=len(words),
        long_sentences=long_ones,
    )
