"""Readers' feedback: check and store an answer, count the answers per text, list and handle the comments.

No web code; never commits. An answer is anonymous: the routes hand over the step (or the self-assessment), the
language and the centre, never who sent it. A "text" here is what a reader judged: a whole step page, or the
self-assessment, whose texts are the catalogue's group of items ("step/3", "skills"). Its revision is the newest
published revision among those items in that language, so the figures restart when any of them is published.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from guide.content.items import Catalog, get_catalog
from guide.content.library import STEP_COUNT
from guide.content.models import ContentRevision
from guide.content.revisions import FILE_VERSION, PUBLISHED
from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id, utcnow
from guide.core.text import without_control_characters
from guide.feedback.models import ReaderFeedback

ASSESSMENT = "assessment"  # the self-assessment, beside the steps "1".."10"
CLEAR = ("yes", "partly", "no")  # the answers to "Was this clear?", in the form's order
HARD = ("hard_words", "too_long", "not_my_situation", "something_missing", "listening")  # what was hard
MAX_COMMENT = 500
KEPT_COMMENT = 2_000  # what is kept of a longer comment, to show again with the error (the rest is cut)
FIELDS = ("clear", "hard", "comment")  # the form's order, for the error summary
COMMENTS_SHOWN = 50  # how many comments the editor's page lists
# "<" then a letter (or "/", "!", "?") starts a tag or a comment in HTML: no such text is stored, so that a
# comment can never be markup wherever it is shown or exported later. "a < b" and "<3" are fine.
_MARKUP = re.compile(r"<(?:[/?]?[^\W\d_]|!)")


@dataclass(frozen=True)
class FeedbackInput:
    """What was sent, as sent (kept to show again when it will not do)."""

    clear: str = ""
    hard: tuple[str, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class Clarity:
    """The answers to "Was this clear?" about one text in one language since its revision was published."""

    yes: int = 0
    partly: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.partly + self.no


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    about: str
    locale: str
    centre_id: str | None
    revision_id: int
    clear: str
    hard: tuple[str, ...]
    comment: str
    created_at: datetime
    current: bool  # about the revision readers see now (False: an older text)


class FeedbackNotFound(LookupError):
    """No feedback of this id in this language (another language's is not this editor's to see)."""


# --- what a text is ------------------------------------------------------------------------------------------------


def is_about(about: str) -> bool:
    return about == ASSESSMENT or about in {str(n) for n in range(1, STEP_COUNT + 1)}


def group_of(about: str) -> str:
    """The catalogue's group of items a reader judged: "step/3" for step 3, "skills" for the self-assessment."""
    return "skills" if about == ASSESSMENT else f"step/{about}"


def about_of(group: str) -> str | None:
    """The other way round; None for a group readers give no feedback on (local help, sectors)."""
    if group == "skills":
        return ASSESSMENT
    kind, _sep, number = group.partition("/")
    return number if kind == "step" and is_about(number) else None


def _group_keys(group: str, catalog: Catalog) -> list[str]:
    return [key for key, item in catalog.items.items() if item.group == group]


def text_revision(db: Session, about: str, locale: str, catalog: Catalog | None = None) -> int:
    """The revision of the text readers see now: the newest published revision of its items in this language, or
    FILE_VERSION (0) when none has one."""
    keys = _group_keys(group_of(about), catalog or get_catalog())
    found = db.exec(
        select(func.max(col(ContentRevision.id))).where(
            col(ContentRevision.status) == PUBLISHED,
            col(ContentRevision.locale) == locale,
            col(ContentRevision.item_key).in_(keys),
        )
    ).one()
    return int(found) if found is not None else FILE_VERSION


def current_revisions(db: Session, catalog: Catalog | None = None) -> dict[tuple[str, str], int]:
    """(about, language) -> the revision readers see now, for every text that has a published revision (the others
    are at FILE_VERSION); one query."""
    catalog = catalog or get_catalog()
    rows = db.exec(
        select(col(ContentRevision.item_key), col(ContentRevision.locale), func.max(col(ContentRevision.id)))
        .where(col(ContentRevision.status) == PUBLISHED)
        .group_by(col(ContentRevision.item_key), col(ContentRevision.locale))
    ).all()
    out: dict[tuple[str, str], int] = {}
    for key, locale, revision_id in rows:
        item = catalog.items.get(key)
        about = about_of(item.group) if item else None
        if about is not None and revision_id is not None:
            out[(about, locale)] = max(out.get((about, locale), FILE_VERSION), revision_id)
    return out


# --- sending -------------------------------------------------------------------------------------------------------


def check_feedback(typed: FeedbackInput) -> tuple[str, tuple[str, ...], str]:
    """The answer, what was hard and the comment, or Problems for every field that will not do."""
    errors: dict[str, Message] = {}
    if typed.clear not in CLEAR:
        errors["clear"] = Message(N_("Choose yes, partly or no."))
    if any(h not in HARD for h in typed.hard):
        errors["hard"] = Message(N_("Choose what was hard from the list."))
    comment = without_control_characters(typed.comment).replace("\r\n", "\n").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = Message(
            N_("Your comment has %(length)s characters. Write at most %(max)s."),
            {"length": len(comment), "max": MAX_COMMENT},
        )
    elif _MARKUP.search(comment):
        errors["comment"] = Message(N_(
            "Your comment has a “<” sign right before a letter, a “/” or a “!”. That looks like computer code, so we "
            "cannot keep it. Remove the “<” sign or put a space after it."
        ))
    if errors:
        raise Problems(errors)
    hard = tuple(h for h in HARD if h in typed.hard)  # the list's order, each once
    return typed.clear, hard, comment


def record_feedback(db: Session, about: str, locale: str, centre_id: str | None, typed: FeedbackInput,
                    now: datetime | None = None) -> int:
    """Store one answer about the text readers see now; Problems (nothing stored) when it will not do."""
    if not is_about(about):
        raise ValueError(f"not a text readers give feedback on: {about!r}")
    clear, hard, comment = check_feedback(typed)
    row = ReaderFeedback(about=about, locale=locale, centre_id=centre_id, revision_id=text_revision(db, about, locale),
                         clear=clear, hard=" ".join(hard), comment=comment)
    if now is not None:
        row.created_at = now
    db.add(row)
    db.flush()
    return saved_id(row)


# --- reading, for the editors --------------------------------------------------------------------------------------


def clarity_counts(db: Session, catalog: Catalog | None = None) -> dict[tuple[str, str], Clarity]:
    """(about, language) -> the answers since the text's current revision was published (older answers are about
    a text readers no longer see)."""
    current = current_revisions(db, catalog)
    table = ReaderFeedback.__table__  # type: ignore[attr-defined]  # five columns: more than sqlmodel's select types
    grouped = (table.c.about, table.c.locale, table.c.revision_id, table.c.clear)
    rows = db.connection().execute(sa_select(*grouped, func.count()).group_by(*grouped)).all()  # Core, as raw reads
    tallies: dict[tuple[str, str], dict[str, int]] = {}
    for about, locale, revision_id, clear, count in rows:
        if revision_id == current.get((about, locale), FILE_VERSION) and clear in CLEAR:
            tallies.setdefault((about, locale), {})[clear] = int(count)
    return {key: Clarity(**found) for key, found in tallies.items()}


def _row(found: ReaderFeedback, current: int) -> FeedbackRow:
    return FeedbackRow(saved_id(found), found.about, found.locale, found.centre_id, found.revision_id, found.clear,
                       tuple(found.hard.split()), found.comment, found.created_at, found.revision_id == current)


def open_comments(db: Session, about: str, locales: Collection[str],
                  limit: int = COMMENTS_SHOWN) -> list[FeedbackRow]:
    """The answers not handled yet about one text in these languages that say more than yes/partly/no (a comment,
    or what was hard), newest first."""
    if not locales:
        return []
    found = db.exec(
        select(ReaderFeedback)
        .where(col(ReaderFeedback.about) == about, col(ReaderFeedback.locale).in_(list(locales)),
               col(ReaderFeedback.handled_at).is_(None),
               (col(ReaderFeedback.comment) != "") | (col(ReaderFeedback.hard) != ""))
        .order_by(col(ReaderFeedback.created_at).desc(), col(ReaderFeedback.id).desc())
        .limit(limit)
    ).all()
    revisions = {locale: text_revision(db, about, locale) for locale in {f.locale for f in found}}
    return [_row(f, revisions[f.locale]) for f in found]


def mark_handled(db: Session, feedback_id: int, locale: str, staff_id: int, now: datetime | None = None) -> None:
    """Note that an editor of `locale` handled this answer (again: nothing changes); FeedbackNotFound for an answer
    in another language."""
    found = db.get(ReaderFeedback, feedback_id)
    if found is None or found.locale != locale:
        raise FeedbackNotFound(feedback_id)
    if found.handled_at is None:  # the first editor's mark stands
        found.handled_at, found.handled_by = now or utcnow(), staff_id
        db.add(found)
        db.flush()


def purge_old(db: Session, days: int, now: datetime | None = None) -> int:
    """Delete the answers older than `days` days (their comments with them); returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    deleted = db.exec(delete(ReaderFeedback).where(col(ReaderFeedback.created_at) < cutoff)).rowcount
    return deleted or 0


def seed(db: Session, rows: Sequence[ReaderFeedback]) -> None:
    """Answers as they are, for the demo and the tests: no checks."""
    db.add_all(rows)
    db.flush()
