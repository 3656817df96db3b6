"""The soft-skills framework, read once from content/skills/ and cached.

content/skills/framework.yml holds what does not depend on language: the shared four-level scale, the ESCO
transversal-skills groups, and the competences in order, each with its statement ids and its suggestions (each linked
to a step of the guide). content/skills/<lang>.yml holds the texts of one language. English is the fallback and must
be complete; a text missing in another language is shown in English (`missing_texts` lists what is missing).

Ids are stored with every answer, so they never change meaning. This module never imports the guide's web layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol
from weakref import WeakKeyDictionary

import yaml

from guide.core.yamlfiles import load_yaml

DEFAULT_LOCALE = "en"
STEP_COUNT = 10  # the guide's steps; every suggestion links to one of 1..STEP_COUNT
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
FRAMEWORK_FILE = "framework.yml"

TextKind = Literal["scale", "names", "descriptions", "statements", "suggestions"]
TEXT_KINDS: tuple[TextKind, ...] = ("scale", "names", "descriptions", "statements", "suggestions")


# Item keys: the stable address of each text for revisions and translation ("skills/statement/try-again").
_KEY_PARTS: dict[TextKind, tuple[str, str]] = {
    "scale": ("skills/scale/", ""),
    "names": ("skills/competence/", "/name"),
    "descriptions": ("skills/competence/", "/description"),
    "statements": ("skills/statement/", ""),
    "suggestions": ("skills/suggestion/", ""),
}


def text_key(kind: TextKind, key: str) -> str:
    prefix, suffix = _KEY_PARTS[kind]
    return f"{prefix}{key}{suffix}"


def parse_text_key(item_key: str) -> tuple[TextKind, str] | None:
    """("statements", "try-again") for "skills/statement/try-again"; None for a key that is not a skills text."""
    for kind, (prefix, suffix) in _KEY_PARTS.items():
        if item_key.startswith(prefix) and item_key.endswith(suffix):
            key = item_key[len(prefix) : len(item_key) - len(suffix)]
            if key and "/" not in key:
                return kind, key
    return None


class FrameworkError(ValueError):
    """A skills content file is missing a field, repeats an id or does not parse."""


@dataclass(frozen=True)
class ScaleLevel:
    id: str
    value: int


@dataclass(frozen=True)
class Suggestion:
    id: str
    step: int  # the guide step (1..10) the suggestion links to


@dataclass(frozen=True)
class Competence:
    id: str
    esco_group: str  # short key, e.g. "self-management"
    esco_label: str  # the ESCO group's preferred label, e.g. "self-management skills and competences"
    esco_code: str  # e.g. "T3"
    statements: tuple[str, ...]  # statement ids, in the order they are asked
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class Texts:
    """Everything that is shown of the framework, in one language; each dict is keyed by id."""

    locale: str
    scale: dict[str, str] = field(default_factory=dict)  # scale level id -> label
    names: dict[str, str] = field(default_factory=dict)  # competence id -> name
    descriptions: dict[str, str] = field(default_factory=dict)  # competence id -> one sentence
    statements: dict[str, str] = field(default_factory=dict)  # statement id -> first-person statement
    suggestions: dict[str, str] = field(default_factory=dict)  # suggestion id -> one concrete action

    def get(self, kind: TextKind, key: str) -> str:
        texts: dict[str, str] = getattr(self, kind)
        return texts.get(key, "")


class LocalText(NamedTuple):
    locale: str  # the language the text is in (differs from the asked one when it fell back to English)
    text: str


@dataclass(frozen=True)
class Framework:
    scale: tuple[ScaleLevel, ...]  # lowest first
    competences: tuple[Competence, ...]  # in the order they are asked and shown
    texts: dict[str, Texts] = field(default_factory=dict)  # locale -> texts
    _competences: dict[str, Competence] = field(init=False, repr=False, compare=False)
    _statement_competence: dict[str, Competence] = field(init=False, repr=False, compare=False)
    _statement_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_competences", {c.id: c for c in self.competences})
        object.__setattr__(self, "_statement_competence", {s: c for c in self.competences for s in c.statements})
        object.__setattr__(self, "_statement_ids", tuple(s for c in self.competences for s in c.statements))

    # --- structure ---

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(self.texts))

    @property
    def min_value(self) -> int:
        return self.scale[0].value

    @property
    def max_value(self) -> int:
        return self.scale[-1].value

    def scale_values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.scale)

    def scale_level(self, level: int | str) -> ScaleLevel:
        """The scale level with this value (1..4) or id ("usually"); ValueError when it is not on the scale."""
        for candidate in self.scale:
            if (isinstance(level, str) and candidate.id == level) or (
                isinstance(level, int) and not isinstance(level, bool) and candidate.value == level
            ):
                return candidate
        raise ValueError(f"{level!r} is not on the scale")

    def competence_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.competences)

    def competence(self, competence_id: str) -> Competence:
        """KeyError when the id is unknown."""
        return self._competences[competence_id]

    def statement_ids(self) -> tuple[str, ...]:
        """Every statement, in the order they are asked (competence by competence)."""
        return self._statement_ids

    def has_statement(self, statement_id: str) -> bool:
        return statement_id in self._statement_competence

    def competence_of(self, statement_id: str) -> Competence:
        """The competence a statement belongs to; KeyError when the id is unknown."""
        return self._statement_competence[statement_id]

    def position(self, statement_id: str) -> int:
        """1-based place of a statement in the whole list ("Question 5 of 28"); KeyError when unknown."""
        if statement_id not in self._statement_competence:
            raise KeyError(statement_id)
        return self._statement_ids.index(statement_id) + 1

    def suggestion_ids(self) -> tuple[str, ...]:
        return tuple(s.id for c in self.competences for s in c.suggestions)

    def expected_keys(self, kind: TextKind) -> tuple[str, ...]:
        """The ids a language file must give a text for, per kind of text."""
        if kind == "scale":
            return tuple(level.id for level in self.scale)
        if kind in ("names", "descriptions"):
            return self.competence_ids()
        if kind == "statements":
            return self.statement_ids()
        if kind == "suggestions":
            return self.suggestion_ids()
        raise ValueError(f"unknown kind of text: {kind!r}")

    # --- texts ---

    def text(self, kind: TextKind, key: str, locale: str) -> LocalText:
        """A text in the asked language, or in English when it is missing there; KeyError when missing in both."""
        for lang in (locale, DEFAULT_LOCALE):
            texts = self.texts.get(lang)
            value = texts.get(kind, key) if texts else ""
            if value:
                return LocalText(lang, value)
        raise KeyError(f"no {kind} text for {key!r}")

    def scale_label(self, level: int | str, locale: str) -> str:
        """The label of a scale level, given by value (1..4) or id."""
        return self.text("scale", self.scale_level(level).id, locale).text

    def competence_name(self, competence_id: str, locale: str) -> str:
        return self.text("names", competence_id, locale).text

    def competence_description(self, competence_id: str, locale: str) -> str:
        return self.text("descriptions", competence_id, locale).text

    def statement_text(self, statement_id: str, locale: str) -> str:
        return self.text("statements", statement_id, locale).text

    def suggestion_text(self, suggestion_id: str, locale: str) -> str:
        return self.text("suggestions", suggestion_id, locale).text

    def with_texts(self, overrides: Mapping[str, Mapping[str, str]]) -> Framework:
        """The framework with texts replaced or added, given by item key -> language -> text (published edits).
        Keys of unknown ids or of other content are ignored."""
        texts = {lang: {kind: dict(getattr(t, kind)) for kind in TEXT_KINDS} for lang, t in self.texts.items()}
        for item_key, by_lang in overrides.items():
            parsed = parse_text_key(item_key)
            if parsed is None or parsed[1] not in self.expected_keys(parsed[0]):
                continue
            for lang, value in by_lang.items():
                if value.strip():
                    texts.setdefault(lang, {kind: {} for kind in TEXT_KINDS})[parsed[0]][parsed[1]] = value.strip()
        return replace(self, texts={lang: Texts(locale=lang, **by_kind) for lang, by_kind in texts.items()})

    def missing_texts(self, locale: str) -> list[str]:
        """What a language lacks (it is shown in English instead), as "kind:id"; empty when it is complete."""
        texts = self.texts.get(locale) or Texts(locale=locale)
        return [f"{kind}:{key}" for kind in TEXT_KINDS for key in self.expected_keys(kind) if not texts.get(kind, key)]


# --- loading ---


def _require(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise FrameworkError(f"{where}: missing {key!r}")
    return mapping[key]


def _id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"{where}: an id must be a non-empty string, got {value!r}")
    return value


def _unique(ids: list[str], what: str, where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise FrameworkError(f"{where}: {what} id {i!r} is used twice")
        seen.add(i)


def _load_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FrameworkError(f"{path}: {exc}") from exc


def _parse_structure(data: Any, where: str) -> tuple[tuple[ScaleLevel, ...], tuple[Competence, ...]]:
    raw_scale = _require(data, "scale", where)
    if not isinstance(raw_scale, list) or len(raw_scale) < 2:
        raise FrameworkError(f"{where}: the scale must be a list of at least two levels")
    scale = []
    for n, raw in enumerate(raw_scale, start=1):
        value = _require(raw, "value", f"{where}: scale level {n}")
        if isinstance(value, bool) or value != n:
            raise FrameworkError(f"{where}: scale values must be 1, 2, 3… in order; level {n} has {value!r}")
        scale.append(ScaleLevel(id=_id(_require(raw, "id", f"{where}: scale level {n}"), where), value=n))
    _unique([level.id for level in scale], "scale level", where)

    groups = _require(data, "esco_groups", where)
    if not isinstance(groups, dict):
        raise FrameworkError(f"{where}: esco_groups must map a key to a code and a label")

    raw_competences = _require(data, "competences", where)
    if not isinstance(raw_competences, list) or not raw_competences:
        raise FrameworkError(f"{where}: competences must be a non-empty list")
    competences = []
    for raw in raw_competences:
        cid = _id(_require(raw, "id", f"{where}: a competence"), where)
        here = f"{where}: competence {cid!r}"
        group_key = _id(_require(raw, "esco_group", here), here)
        if group_key not in groups:
            raise FrameworkError(f"{here}: unknown ESCO group {group_key!r}")
        group = groups[group_key]
        statements = _require(raw, "statements", here)
        if not isinstance(statements, list) or not statements:
            raise FrameworkError(f"{here}: statements must be a non-empty list of ids")
        suggestions = []
        for raw_suggestion in _require(raw, "suggestions", here) or []:
            sid = _id(_require(raw_suggestion, "id", f"{here}: a suggestion"), here)
            step = _require(raw_suggestion, "step", f"{here}: suggestion {sid!r}")
            if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= STEP_COUNT:
                raise FrameworkError(f"{here}: suggestion {sid!r} links to step {step!r}, not 1..{STEP_COUNT}")
            suggestions.append(Suggestion(id=sid, step=step))
        competences.append(
            Competence(
                id=cid,
                esco_group=group_key,
                esco_label=str(_require(group, "label", f"{where}: ESCO group {group_key!r}")),
                esco_code=str(_require(group, "code", f"{where}: ESCO group {group_key!r}")),
                statements=tuple(_id(s, here) for s in statements),
                suggestions=tuple(suggestions),
            )
        )
    _unique([c.id for c in competences], "competence", where)
    _unique([s for c in competences for s in c.statements], "statement", where)
    _unique([s.id for c in competences for s in c.suggestions], "suggestion", where)
    return tuple(scale), tuple(competences)


def _parse_texts(data: Any, locale: str, framework: Framework, where: str) -> Texts:
    data = data or {}
    if not isinstance(data, dict):
        raise FrameworkError(f"{where}: expected a mapping")
    unknown_sections = set(data) - {"scale", "competences", "statements", "suggestions"}
    if unknown_sections:
        raise FrameworkError(f"{where}: unknown sections {sorted(unknown_sections)}")

    def section(name: str, kind: TextKind) -> dict[str, str]:
        raw = data.get(name) or {}
        if not isinstance(raw, dict):
            raise FrameworkError(f"{where}: {name} must map ids to texts")
        known = set(framework.expected_keys(kind))
        out = {}
        for key, value in raw.items():
            if key not in known:
                raise FrameworkError(f"{where}: {name}: unknown id {key!r}")
            if not isinstance(value, str) or not value.strip():
                raise FrameworkError(f"{where}: {name}: {key!r} needs a non-empty text")
            out[key] = value.strip()
        return out

    names: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    raw_competences = data.get("competences") or {}
    if not isinstance(raw_competences, dict):
        raise FrameworkError(f"{where}: competences must map ids to a name and a description")
    for cid, raw in raw_competences.items():
        here = f"{where}: competences: {cid!r}"
        if cid not in framework.competence_ids():
            raise FrameworkError(f"{where}: competences: unknown id {cid!r}")
        if not isinstance(raw, dict) or set(raw) - {"name", "description"}:
            raise FrameworkError(f"{here}: expected a name and a description")
        for key, target in (("name", names), ("description", descriptions)):
            if key not in raw:
                continue
            value = raw[key]
            if not isinstance(value, str) or not value.strip():
                raise FrameworkError(f"{here}: needs a non-empty {key}")
            target[cid] = value.strip()
    return Texts(
        locale=locale,
        scale=section("scale", "scale"),
        names=names,
        descriptions=descriptions,
        statements=section("statements", "statements"),
        suggestions=section("suggestions", "suggestions"),
    )


def load_framework(content_dir: Path) -> Framework:
    """Read content_dir/skills/; FrameworkError when a file is malformed or English is incomplete."""
    skills_dir = content_dir / "skills"
    structure_path = skills_dir / FRAMEWORK_FILE
    scale, competences = _parse_structure(_load_yaml(structure_path), str(structure_path))
    bare = Framework(scale=scale, competences=competences)
    texts = {}
    for path in sorted(skills_dir.glob("*.yml")):
        if path.name == FRAMEWORK_FILE:
            continue
        texts[path.stem] = _parse_texts(_load_yaml(path), path.stem, bare, str(path))
    framework = Framework(scale=scale, competences=competences, texts=texts)
    if DEFAULT_LOCALE not in texts:
        raise FrameworkError(f"{skills_dir}: {DEFAULT_LOCALE}.yml is missing; it is the fallback language")
    missing = framework.missing_texts(DEFAULT_LOCALE)
    if missing:
        raise FrameworkError(f"{skills_dir / (DEFAULT_LOCALE + '.yml')}: missing texts {missing}")
    return framework


class TextOverlay(Protocol):
    """Published edits from outside this package (the guide's content revisions); see set_text_overlay."""

    def token(self) -> str:
        """Changes whenever published texts change; "" when there are none."""

    def published(self) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
        """Published texts (item key -> language -> text) and per-item source languages."""


# The overlay of the app serving this request (the guide's app sets its own per request), or a command's own.
_overlay: ContextVar[TextOverlay | None] = ContextVar("tensteps_text_overlay", default=None)
# Per overlay: derived from its token, rebuilt when it changes.
_overlaid: WeakKeyDictionary[TextOverlay, tuple[tuple[Path, str], Framework]] = WeakKeyDictionary()


def set_text_overlay(overlay: TextOverlay | None) -> None:
    """Show published edits over the files' texts, in this context (a request's or a command's). This package
    keeps no database code: the overlay brings the texts."""
    _overlay.set(overlay)


@lru_cache
def _cached_framework(content_dir: Path) -> Framework:
    return load_framework(content_dir)


@lru_cache
def _folder(content_dir: Path | None) -> Path:
    # resolve() walks the path with a stat per part: a page asks for the framework several times
    return Path(content_dir or CONTENT_DIR).resolve()


def get_framework(content_dir: Path | None = None) -> Framework:
    """The framework, read once per content folder (default: the repository's content/), with published edits
    over the default folder's texts when an overlay is set."""
    folder = _folder(content_dir)
    base = _cached_framework(folder)
    overlay = _overlay.get()
    if overlay is None or content_dir is not None:
        return base
    token = overlay.token()
    if not token:
        return base
    cached = _overlaid.get(overlay)
    if cached is not None and cached[0] == (folder, token):
        return cached[1]
    framework = base.with_texts(overlay.published()[0])
    _overlaid[overlay] = ((folder, token), framework)
    return framework
