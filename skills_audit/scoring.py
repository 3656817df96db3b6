"""Scoring the self-assessment: from statement answers to a level per competence. Plain functions, no storage.

The rules (the employer skills-needs audit reuses them, so they change only on purpose):

1. Answers are a mapping statement id -> scale value (1 "not yet" .. 4 "yes, easily"). A statement that is
   missing from the mapping, or maps to None, is skipped. An unknown statement id raises `UnknownStatementError`
   (a KeyError and a ValueError); a value that is not on the scale (0, 5, 2.5, "3", True…) raises
   `OutOfScaleError` (a ValueError). Nothing is scored when one answer is bad.
2. A competence gets a level only when at least half of its statements are answered (2 of 3, 2 of 4); with fewer
   answers its level is None ("not enough answers"), never a guess.
3. The level is the mean of the answered statements, rounded to the nearest level, with a mean exactly halfway
   between two levels rounded up: level = floor(mean + 1/2). It is computed with integers, so 2.5 is exactly 2.5.
   Rounding halves up gives the person the benefit of the doubt, in line with the strengths-first result.
   Examples: (3, 4) -> 4, (2, 3, 3) -> 3, (2, 2, 3) -> 2, (1, 2, 2, 3) -> 2, (4, None, None) -> None.
   The rule is monotone: raising one answer never lowers any level, and answering a skipped statement never takes
   a level away (it may lower it, when the new answer is low).
4. Strengths are the competences in the upper half of the scale (3 "usually" and 4 "yes, easily"), highest first;
   "to work on" are those in the lower half (1 and 2), lowest first. Ties keep the order of the levels mapping (the
   framework's order when it comes from `competence_levels`). A competence without a level is in neither list.
5. The change in a competence is latest level - first level (positive: higher now), None when either is missing.
6. The person's result names single statements, since a mean hides them: one "not yet" among three "yes, easily"
   still rounds to "usually". Statements "done well" are those answered in the upper half of the scale (highest
   first), statements "to practise" those answered in the lower half (lowest first: every "not yet" comes before
   any "sometimes"); ties keep the framework's order. A skipped statement is in neither list. A competence is
   "done well throughout" only when every one of its statements was answered in the upper half: only then may a
   sentence that describes the whole competence ("you are on time, you keep your word…") be said of the person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from skills_audit.framework import Framework, get_framework

Levels = Mapping[str, int | None]


class AnswerError(ValueError):
    """An answer that cannot be stored or scored."""


class OutOfScaleError(AnswerError):
    """An answer that is not one of the scale's values."""


class UnknownStatementError(AnswerError, KeyError):
    """An answer to a statement the framework does not have."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def _framework(framework: Framework | None) -> Framework:
    return framework if framework is not None else get_framework()


def _on_scale(value: object, framework: Framework) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in framework.scale_values()


def check_answer(statement_id: str, value: object, framework: Framework | None = None) -> int | None:
    """The answer as a scale value (None when skipped); raises UnknownStatementError or OutOfScaleError."""
    fw = _framework(framework)
    if not isinstance(statement_id, str) or not fw.has_statement(statement_id):
        raise UnknownStatementError(f"unknown statement {statement_id!r}")
    if value is None:
        return None
    if not _on_scale(value, fw):
        raise OutOfScaleError(f"{value!r} is not on the scale {fw.scale_values()} (statement {statement_id!r})")
    return value  # type: ignore[return-value]


def parse_answer(raw: str, framework: Framework | None = None) -> int:
    """A submitted answer ("3" or "usually") as a scale value; OutOfScaleError when it is not on the scale."""
    fw = _framework(framework)
    text = raw.strip() if isinstance(raw, str) else ""
    for level in fw.scale:
        if text in (level.id, str(level.value)):
            return level.value
    raise OutOfScaleError(f"{raw!r} is not on the scale")


def level_of(answered: Sequence[int], statement_count: int) -> int | None:
    """The level of one competence from the values of its answered statements (rules 2 and 3)."""
    n = len(answered)
    if statement_count < 1 or n > statement_count:
        raise ValueError(f"{n} answers for {statement_count} statements")
    if 2 * n < statement_count:
        return None
    # floor(total / n + 1/2) == floor((2 * total + n) / (2 * n)), in exact integer arithmetic
    return (2 * sum(answered) + n) // (2 * n)


def competence_levels(answers: Mapping[str, object], framework: Framework | None = None) -> dict[str, int | None]:
    """A level (scale value) or None per competence, in the framework's order; validates every answer first."""
    fw = _framework(framework)
    checked = {sid: check_answer(sid, value, fw) for sid, value in answers.items()}
    levels: dict[str, int | None] = {}
    for competence in fw.competences:
        answered = [v for v in (checked.get(s) for s in competence.statements) if v is not None]
        levels[competence.id] = level_of(answered, len(competence.statements))
    return levels


def _check_levels(levels: Levels, fw: Framework) -> None:
    for cid, level in levels.items():
        if level is not None and not _on_scale(level, fw):
            raise OutOfScaleError(f"level {level!r} of {cid!r} is not on the scale")


def _is_strong(level: int, fw: Framework) -> bool:
    return 2 * level > fw.min_value + fw.max_value  # the upper half of the scale: 3 and 4 on 1..4


def strengths(levels: Levels, framework: Framework | None = None) -> list[str]:
    """Competence ids in the upper half of the scale, highest level first (rule 4)."""
    fw = _framework(framework)
    _check_levels(levels, fw)
    strong = [(cid, level) for cid, level in levels.items() if level is not None and _is_strong(level, fw)]
    return [cid for cid, _ in sorted(strong, key=lambda item: -item[1])]


def to_work_on(levels: Levels, framework: Framework | None = None) -> list[str]:
    """Competence ids in the lower half of the scale, lowest level first (rule 4)."""
    fw = _framework(framework)
    _check_levels(levels, fw)
    weak = [(cid, level) for cid, level in levels.items() if level is not None and not _is_strong(level, fw)]
    return [cid for cid, _ in sorted(weak, key=lambda item: item[1])]


def change(first_levels: Levels, latest_levels: Levels) -> dict[str, int | None]:
    """Per competence in either take: latest level - first level, None when either has no level (rule 5)."""
    ids = list(latest_levels) + [cid for cid in first_levels if cid not in latest_levels]
    result: dict[str, int | None] = {}
    for cid in ids:
        first, latest = first_levels.get(cid), latest_levels.get(cid)
        result[cid] = None if first is None or latest is None else latest - first
    return result


def _answered(answers: Mapping[str, object], fw: Framework) -> list[tuple[str, int]]:
    """(statement id, value) of the answered statements, in the framework's order; validates every answer."""
    checked = {sid: check_answer(sid, value, fw) for sid, value in answers.items()}
    return [(sid, value) for sid in fw.statement_ids() if (value := checked.get(sid)) is not None]


def done_well(answers: Mapping[str, object], framework: Framework | None = None) -> list[str]:
    """Statement ids answered in the upper half of the scale, highest answer first (rule 6)."""
    fw = _framework(framework)
    strong = [(sid, value) for sid, value in _answered(answers, fw) if _is_strong(value, fw)]
    return [sid for sid, _ in sorted(strong, key=lambda item: -item[1])]


def to_practise(answers: Mapping[str, object], framework: Framework | None = None) -> list[str]:
    """Statement ids answered in the lower half of the scale, lowest answer first (rule 6)."""
    fw = _framework(framework)
    weak = [(sid, value) for sid, value in _answered(answers, fw) if not _is_strong(value, fw)]
    return [sid for sid, _ in sorted(weak, key=lambda item: item[1])]


def done_well_throughout(answers: Mapping[str, object], framework: Framework | None = None) -> list[str]:
    """Competence ids whose every statement was answered in the upper half of the scale (rule 6)."""
    fw = _framework(framework)
    strong = set(done_well(answers, fw))
    return [c.id for c in fw.competences if all(sid in strong for sid in c.statements)]
