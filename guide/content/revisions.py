"""Partners' edits as revisions in the database, layered over the content/ files.

Every save adds a revision (who, when, the text, the revision it was based on and, for a translation, the source
text it was made from). A revision is a draft or published; job seekers see the latest published revision of each
text, or the file's text when there is none. Restoring an old text adds a new revision. A save names the revision
it started from: when someone else saved in between, it is refused with their change, never silently overwritten.
"""

from __future__ import annotations

import difflib
import hashlib
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, select

from guide.content import library as content
from guide.content.items import Catalog, ContentItem, get_catalog
from guide.content.library import parse_help
from guide.content.models import ContentItemSetting, ContentPictogram, ContentRevision, ContentState
from guide.content.pictograms import BY_ID as PICTOGRAMS
from guide.core.db import reading
from guide.core.i18n import DEFAULT_LOCALE, N_
from guide.core.messages import Message
from guide.core.models import utcnow
from guide.core.settings import get_settings
from guide.directory.queries import directory_entries
from guide.places.queries import place_rows
from skills_audit import framework as skills_framework

DRAFT = "draft"
PUBLISHED = "published"
ORIGINS = ("editor", "restore", "import", "exchange", "review")


# --- errors: each carries a message for the editor, in the language of the request --------------------------------


class ContentEditError(ValueError):
    """A save that cannot be done; `message` says why, for the person who tried (worded at the edge, in the
    reader's language: `worded(locale)`)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.msgid)
        self.message = message

    def worded(self, locale: str) -> str:
        return self.message.render(locale)

    def __str__(self) -> str:  # in the command line's language
        return self.worded(DEFAULT_LOCALE)


class UnknownItem(ContentEditError):
    def __init__(self, key: str) -> None:
        super().__init__(Message(N_("There is no text called “%(key)s”."), {"key": key}))
        self.key = key


class UnknownLanguage(ContentEditError):
    def __init__(self, locale: str) -> None:
        super().__init__(Message(N_("“%(code)s” is not one of the guide's languages."), {"code": locale}))
        self.locale = locale


class TextTooLong(ContentEditError):
    def __init__(self, length: int, limit: int) -> None:
        super().__init__(Message(
            N_("This text has %(length)s characters; the most allowed is %(limit)s. Make it shorter."),
            {"length": length, "limit": limit},
        ))
        self.length, self.limit = length, limit


class EmptyText(ContentEditError):
    def __init__(self) -> None:
        super().__init__(Message(N_("Write a text before you save.")))


class BadHelpText(ContentEditError):
    def __init__(self, detail: str) -> None:
        super().__init__(Message(N_(
            "Put each place on its own lines: its name on the first line, what it does below it, then an empty "
            "line."
        )))
        self.detail = detail


class StaleRevision(ContentEditError):
    """Someone saved the same text after the editor opened it. `current` is their revision, `typed` what this
    editor wrote (kept, so that nothing is lost)."""

    def __init__(self, current: ContentRevision | None, typed: str) -> None:
        who = current.author if current else "?"
        super().__init__(Message(
            N_("%(author)s changed this text while you were editing it. Your text is kept below: compare it with "
               "theirs, then save again."),
            {"author": who},
        ))
        self.current = current
        self.typed = typed


class NotTheLatest(ContentEditError):
    def __init__(self) -> None:
        super().__init__(Message(N_("Only the latest version can be published. Restore this one first.")))


# --- reading --------------------------------------------------------------------------------------------------------


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_item(key: str, catalog: Catalog | None = None) -> ContentItem:
    try:
        return (catalog or get_catalog()).item(key)
    except KeyError:
        raise UnknownItem(key) from None


def check_language(locale: str) -> str:
    if locale not in get_settings().languages:
        raise UnknownLanguage(locale)
    return locale


def source_language(db: Session, key: str) -> str:
    setting = db.get(ContentItemSetting, key)
    return setting.source_locale if setting else DEFAULT_LOCALE


def source_languages(db: Session) -> dict[str, str]:
    """Items whose source language is not the default."""
    return {s.item_key: s.source_locale for s in db.exec(select(ContentItemSetting))}


def head(db: Session, key: str, locale: str) -> ContentRevision | None:
    """The latest revision, draft or published: the one a new save must be based on."""
    return db.exec(
        select(ContentRevision)
        .where(col(ContentRevision.item_key) == key, col(ContentRevision.locale) == locale)
        .order_by(col(ContentRevision.seq).desc())
        .limit(1)
    ).one_or_none()


def published(db: Session, key: str, locale: str) -> ContentRevision | None:
    """The revision job seekers see (None: they see the file's text)."""
    return db.exec(
        select(ContentRevision)
        .where(
            col(ContentRevision.item_key) == key,
            col(ContentRevision.locale) == locale,
            col(ContentRevision.status) == PUBLISHED,
        )
        .order_by(col(ContentRevision.seq).desc())
        .limit(1)
    ).one_or_none()


def current_text(db: Session, key: str, locale: str, catalog: Catalog | None = None) -> str | None:
    """What job seekers read in this language (no fallback): the published revision, else the file's text."""
    revision = published(db, key, locale)
    return revision.text if revision else (catalog or get_catalog()).file_text(key, locale)


def history(db: Session, key: str, locale: str) -> list[ContentRevision]:
    """Every revision of a text in one language, newest first."""
    return list(
        db.exec(
            select(ContentRevision)
            .where(col(ContentRevision.item_key) == key, col(ContentRevision.locale) == locale)
            .order_by(col(ContentRevision.seq).desc())
        )
    )


FILE_VERSION = 0  # the text in content/: version 0 of a text in a language, before any browser edit


@dataclass(frozen=True)
class FileVersion:
    """The text from content/ as a version of its own, so it can be compared with and restored like a revision.
    It is not stored: the files are its record (`id` 0 names it where a revision id is expected)."""

    item_key: str
    locale: str
    text: str
    id: int = FILE_VERSION
    seq: int = FILE_VERSION
    status: str = "file"
    author: str = ""
    created_at: None = None


def versions(db: Session, key: str, locale: str, catalog: Catalog | None = None) -> list[ContentRevision | FileVersion]:
    """Every version of a text in one language, newest first: the revisions, then the files' text (version 0)."""
    text = (catalog or get_catalog()).file_text(key, locale)
    found: list[ContentRevision | FileVersion] = list(history(db, key, locale))
    if text:
        found.append(FileVersion(key, locale, text))
    return found


def get_revision(db: Session, revision_id: int) -> ContentRevision:
    revision = db.get(ContentRevision, revision_id)
    if revision is None:
        raise ContentEditError(Message(N_("This version does not exist (any more).")))
    return revision


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same | added | removed
    text: str


def diff_texts(old: str, new: str) -> list[DiffLine]:
    """Line by line, as the history shows it: removed lines of the old text, added lines of the new."""
    kinds = {" ": "same", "+": "added", "-": "removed"}
    return [
        DiffLine(kinds[line[0]], line[2:])
        for line in difflib.ndiff(old.splitlines(), new.splitlines())
        if line[:1] in kinds
    ]


def diff_revisions(db: Session, old_id: int, new_id: int) -> list[DiffLine]:
    """The diff between any two revisions of the same text."""
    old, new = get_revision(db, old_id), get_revision(db, new_id)
    if (old.item_key, old.locale) != (new.item_key, new.locale):
        raise ContentEditError(Message(N_("These two versions belong to different texts.")))
    return diff_texts(old.text, new.text)


# --- writing --------------------------------------------------------------------------------------------------------


def validate_text(item: ContentItem, text: str) -> str:
    """The text as it will be stored (line ends normalised, outer blanks trimmed), or a ContentEditError."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise EmptyText()
    if len(text) > item.max_chars:
        raise TextTooLong(len(text), item.max_chars)
    if item.kind == "centre-help":
        try:
            parse_help(text)
        except ValueError as exc:
            raise BadHelpText(str(exc)) from None
    return text


# Saves made by this process: a look-up after one of them reads the token again at once, whatever the refresh delay.
_local_saves = 0


def bump_token(db: Session) -> None:
    """What job seekers see changed: every worker rebuilds its cached content on its next read of the token."""
    global _local_saves
    _local_saves += 1
    values = {"id": 1, "token": uuid.uuid4().hex, "updated_at": utcnow()}
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ContentState).values(**values)
    db.exec(stmt.on_conflict_do_update(index_elements=["id"], set_={"token": values["token"],
                                                                     "updated_at": values["updated_at"]}))


@dataclass(frozen=True)
class SourceSnapshot:
    locale: str
    revision_id: int | None
    text: str


def source_snapshot(db: Session, key: str, locale: str, catalog: Catalog) -> SourceSnapshot | None:
    """The source text a translation into `locale` is made from now (None when `locale` is the source)."""
    src = source_language(db, key)
    if src == locale:
        return None
    revision = published(db, key, src)
    text = revision.text if revision else catalog.file_text(key, src)
    if text is None:
        return None
    return SourceSnapshot(src, revision.id if revision else None, text)


def save(
    db: Session,
    key: str,
    locale: str,
    text: str,
    author: str,
    based_on: int | None,
    *,
    publish: bool = False,
    origin: str = "editor",
    restored_from: int | None = None,
    source: SourceSnapshot | None = None,
    catalog: Catalog | None = None,
) -> ContentRevision:
    """Add a revision, in the caller's unit of work (an import saves several texts in one).

    `based_on` is the revision id the editor started from (None for a text that has no revision yet); when another
    revision was saved since, StaleRevision is raised and nothing is written. `source` overrides the source the
    translation was made from (an import names the source it was given)."""
    catalog = catalog or get_catalog()
    item = check_item(key, catalog)
    check_language(locale)
    clean = validate_text(item, text)
    current = head(db, key, locale)
    if (current.id if current else None) != based_on:
        raise StaleRevision(current, text)
    snapshot = source if source is not None else source_snapshot(db, key, locale, catalog)
    now = utcnow()
    revision = ContentRevision(
        item_key=key,
        locale=locale,
        seq=(current.seq if current else 0) + 1,
        text=clean,
        status=PUBLISHED if publish else DRAFT,
        author=author[:64],
        origin=origin,
        created_at=now,
        published_at=now if publish else None,
        published_by=author[:64] if publish else None,
        based_on_id=current.id if current else None,
        restored_from_id=restored_from,
        source_locale=snapshot.locale if snapshot else None,
        source_revision_id=snapshot.revision_id if snapshot else None,
        source_hash=text_hash(snapshot.text) if snapshot else None,
        source_text=snapshot.text if snapshot else None,
    )
    try:
        with db.begin_nested():  # flushed here: a clash undoes this revision only, and the session can read on
            db.add(revision)
            if publish:
                bump_token(db)
    except IntegrityError:
        # Another save took the same number between our read and our write: theirs stands, ours is refused.
        raise StaleRevision(head(db, key, locale), text) from None
    return revision


def publish(db: Session, revision_id: int, author: str) -> ContentRevision:
    """Make a draft the text job seekers see. Only the latest revision can be published (restore an older one)."""
    revision = get_revision(db, revision_id)
    latest = head(db, revision.item_key, revision.locale)
    if latest is None or latest.id != revision.id:
        raise NotTheLatest()
    if revision.status != PUBLISHED:
        now = utcnow()
        db.exec(
            update(ContentRevision)
            .where(col(ContentRevision.id) == revision.id)
            .values(status=PUBLISHED, published_at=now, published_by=author[:64])
        )
        bump_token(db)
        db.refresh(revision)
    return revision


def restore_file_text(db: Session, key: str, locale: str, author: str, based_on: int | None) -> ContentRevision:
    """Bring back the files' text (version 0) as a new revision."""
    text = get_catalog().file_text(key, locale)
    if not text:
        raise ContentEditError(Message(N_("This version does not exist (any more).")))
    return save(db, key, locale, text, author, based_on, origin="restore")


def restore(
    db: Session, revision_id: int, author: str, based_on: int | None, *, publish: bool = False
) -> ContentRevision:
    """Bring back an older text as a new revision (history is never rewritten)."""
    old = get_revision(db, revision_id)
    return save(
        db, old.item_key, old.locale, old.text, author, based_on, publish=publish, origin="restore",
        restored_from=old.id,
    )


def mark_reviewed(db: Session, key: str, locale: str, author: str, based_on: int | None) -> ContentRevision:
    """The translation still fits the changed source: the same text again, now made from the current source."""
    text = current_text(db, key, locale)
    if text is None:
        raise EmptyText()
    return save(db, key, locale, text, author, based_on, publish=True, origin="review")


def set_source_language(db: Session, key: str, locale: str, author: str) -> None:
    """Translate this item from another language than English (it must have a text in that language)."""
    catalog = get_catalog()
    check_item(key, catalog)
    check_language(locale)
    if current_text(db, key, locale, catalog) is None:
        raise ContentEditError(
            Message(N_("This text has no version in that language yet, so it cannot be the source."))
        )
    setting = db.get(ContentItemSetting, key)
    if setting is None:
        db.add(ContentItemSetting(item_key=key, source_locale=locale, updated_by=author[:64]))
    else:
        setting.source_locale, setting.updated_by, setting.updated_at = locale, author[:64], utcnow()
        db.add(setting)
    bump_token(db)


# --- pictograms: one per step (on its title's key) and per checklist item, the same in every language -------------

PICTOGRAM_KINDS = ("step-title", "checklist")


class UnknownPictogram(ContentEditError):
    def __init__(self) -> None:
        super().__init__(Message(N_("Choose one of the pictograms in the list.")))


class NoPictogram(ContentEditError):
    def __init__(self) -> None:
        super().__init__(Message(N_("Only a step's title and the things to do have a pictogram.")))


def has_pictogram(item: ContentItem) -> bool:
    """Whether an item carries a pictogram (a country's variant shares its default text's)."""
    return item.kind in PICTOGRAM_KINDS


def chosen_pictograms(db: Session) -> dict[str, str]:
    """The pictograms editors chose: item key -> pictogram id."""
    return {row.item_key: row.pictogram for row in db.exec(select(ContentPictogram)).all()}


def pictogram_of(db: Session, key: str) -> str:
    """The pictogram an item shows: the editors' choice, else the files' default, "" for none."""
    item = check_item(key)
    row = db.get(ContentPictogram, item.base)
    return row.pictogram if row else get_catalog().files.pictograms.get(item.base, "")


def set_pictogram(db: Session, key: str, pictogram: str, author: str) -> None:
    """Show this pictogram beside the item (its default text's and every variant's) in every language."""
    item = check_item(key)
    if not has_pictogram(item):
        raise NoPictogram()
    if pictogram not in PICTOGRAMS:
        raise UnknownPictogram()
    row = db.get(ContentPictogram, item.base)
    if row is None:
        db.add(ContentPictogram(item_key=item.base, pictogram=pictogram, updated_by=author[:64]))
    else:
        row.pictogram, row.updated_by, row.updated_at = pictogram, author[:64], utcnow()
        db.add(row)
    bump_token(db)


# --- the overlay: published revisions over the files, for every worker ----------------------------------------------


def published_texts(db: Session) -> dict[str, dict[str, str]]:
    """The latest published text of every item in every language that has one: item key -> language -> text."""
    latest = (
        select(func.max(col(ContentRevision.id)).label("id"))
        .where(col(ContentRevision.status) == PUBLISHED)
        .group_by(col(ContentRevision.item_key), col(ContentRevision.locale))
        .subquery()
    )
    rows = db.exec(
        select(col(ContentRevision.item_key), col(ContentRevision.locale), col(ContentRevision.text)).join(
            latest, col(ContentRevision.id) == latest.c.id
        )
    ).all()
    out: dict[str, dict[str, str]] = {}
    for key, locale, text in rows:
        out.setdefault(key, {})[locale] = text
    return out


class PublishedOverlay:
    """Published revisions for guide.content.library and skills_audit.framework: one primary-key read per look-up tells
    whether the cached content is still current; the texts are read only when it is not."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._checked: tuple[float, int, str] | None = None  # (when, local saves then, token)

    def token(self) -> str:
        # Every page asks; reading the token at most once per TENSTEPS_CONTENT_REFRESH_SECONDS spares each page a
        # query, and other workers' publications still show within that delay (this worker's at once).
        delay = get_settings().content_refresh_seconds
        now = time.monotonic()
        checked = self._checked
        if checked is not None and checked[1] == _local_saves and now - checked[0] < delay:
            return checked[2]
        saves = _local_saves
        try:
            with Session(self.engine) as db, reading(db):
                state = db.get(ContentState, 1)
                token = state.token if state else ""
        except SQLAlchemyError:
            # A database without the content tables yet (before `tensteps db upgrade`): the files alone.
            return ""
        self._checked = (now, saves, token)
        return token

    def published(self) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
        with Session(self.engine) as db, reading(db):
            return published_texts(db), source_languages(db)

    def directory(self, centres: Mapping[str, content.Centre]) -> dict[str, tuple[content.LocalEntry, ...]]:
        # Read after published(): an entry saved in between bumps the token, and the next look-up rebuilds.
        try:
            with Session(self.engine) as db, reading(db):
                return directory_entries(db, centres)
        except SQLAlchemyError:  # a database before the directory's migration: the files' help alone
            return {}

    def pictograms(self) -> dict[str, str]:
        try:
            with Session(self.engine) as db, reading(db):
                return chosen_pictograms(db)
        except SQLAlchemyError:  # a database not yet upgraded to the pictograms' table: the files' defaults
            return {}

    def recordings(self) -> dict[str, str]:
        from guide.listen.recordings import recorded_texts  # the listen feature's table, read with the rest

        try:
            with Session(self.engine) as db, reading(db):
                return recorded_texts(db)
        except SQLAlchemyError:  # a database before the recordings' migration: synthetic speech alone
            return {}


    def places(self) -> content.PlaceRows:
        try:
            with Session(self.engine) as db, reading(db):
                return place_rows(db)
        except SQLAlchemyError:  # a database before the places' migration: the files' centres alone
            return content.PlaceRows()


def use_database(engine: Engine) -> PublishedOverlay:
    """The published revisions of this database over the files, in this context (a command's; an app sets its
    own per request with use_overlay)."""
    overlay = PublishedOverlay(engine)
    use_overlay(overlay)
    return overlay


def use_overlay(overlay: PublishedOverlay | None) -> None:
    content.set_overlay(overlay)
    skills_framework.set_text_overlay(overlay)
