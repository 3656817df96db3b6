"""Employers' skills needs: recording one survey (validated), and importing many from a CSV or XLSX file.

## The file format

One row per employer survey, the first row naming the columns (any order, any case):

| column | required | what |
|---|---|---|
| `employer` | yes | the employer's name (analysts only: reports and exports never show it), at most 200 characters |
| `sector` | yes | a sector id of content/sectors/ (`care`, `construction`, …) or its NACE section (`Q`, `F`, …) |
| `region` | yes | the NUTS code of a partner region (`BE254`, `UKJ41`, `UKH15`, `FRE11`) |
| `survey_date` | yes | the day of the survey: `2026-03-15` (or 15/03/2026; in XLSX a date cell), not in the future |
| `vacancies` | yes | the number of vacancies the employer expects: a whole number from 0 to 100,000 |
| `<competence>_level` | no | the level required on the self-assessment's scale: 1–4 (or `not_yet` … `easily`) |
| `<competence>_importance` | no | how much it matters: 1–3, or `low`, `medium`, `high` |

`<competence>` is a competence id of content/skills/framework.yml (`self-confidence`, `teamwork`, …). Leave both
cells of a competence empty when the employer did not say; give at least one competence per row. CSV files may be
separated by commas, semicolons or tabs, in UTF-8 (Excel's "CSV UTF-8") or Windows-1252. Blank rows are skipped.
An example: content/audit/employer-needs-example.csv.

## Limits

At most 5 MB, 5,000 rows (besides the header), 100 columns and 1,000 characters in a cell; a workbook at most 25 MB
unpacked, without DTDs or entities. A file over a limit is refused whole with a message saying which, before the
work it would cost is done (skills_audit.sheets).

## All or nothing

A file with any bad row is rejected whole: nothing is saved, and `NeedsRejected.problems` lists every problem
found, each with its line (1 is the header), its column and a `Message` saying what is wrong. The same survey
(employer, sector, region, date) twice in a file, or once more after it was recorded, is a problem too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from guide.core.i18n import N_
from guide.core.messages import Message, Problems
from guide.core.models import saved_id
from skills_audit import sheets
from skills_audit.framework import Framework
from skills_audit.models import EmployerRequirement, EmployerSurvey
from skills_audit.places import Places

REQUIRED_COLUMNS = ("employer", "sector", "region", "survey_date", "vacancies")
LEVEL_SUFFIX = "_level"
IMPORTANCE_SUFFIX = "_importance"
IMPORTANCE = {"low": 1, "medium": 2, "high": 3}
MAX_EMPLOYER_LENGTH = 200
MAX_ROWS = 5000
# Far more than one employer asks for, and well inside the 32-bit column (a bigger number was a server error).
MAX_VACANCIES = 100_000
_DUPLICATE = N_("This survey was recorded already (same employer, sector, region and date).")


@dataclass(frozen=True)
class Problem:
    line: int | None  # 1 is the header row; None for the file as a whole or a form
    column: str | None
    message: Message


class NeedsRejected(ValueError):
    """A survey or a file that cannot be saved; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def by_field(self, whole: str) -> Problems:
        """A form's problems field by field: the first Message of each column, and the survey's own (no competence
        given, recorded already) under `whole`."""
        errors: dict[str, Message] = {}
        for problem in self.problems:
            errors.setdefault(problem.column or whole, problem.message)
        return Problems(errors)


@dataclass(frozen=True)
class Need:
    employer: str
    sector: str
    region: str
    surveyed_on: date
    vacancies: int
    requirements: dict[str, tuple[int, int]] = field(default_factory=dict)  # competence -> (level, importance)

    def identity(self) -> tuple[str, str, str, date]:
        return (self.employer.casefold(), self.sector, self.region, self.surveyed_on)


def columns(framework: Framework) -> tuple[str, ...]:
    """Every column of the file format, in the order the example file and the exports use."""
    suffixes = (LEVEL_SUFFIX, IMPORTANCE_SUFFIX)
    per_competence = [f"{c}{suffix}" for c in framework.competence_ids() for suffix in suffixes]
    return (*REQUIRED_COLUMNS, *per_competence)


# --- one survey ---


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole_number(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value)
    if not re.fullmatch(r"[+-]?\d+", text):
        return None
    try:
        return int(text)
    except ValueError:  # more digits than int() reads (4,300): no number anyone meant, and no server error
        return None


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _level(value: object, framework: Framework) -> int | None:
    number = _whole_number(value)
    if number is not None:
        return number if number in framework.scale_values() else None
    text = _text(value).lower()
    for level in framework.scale:
        if text == level.id:
            return level.value
    return None


def _importance(value: object) -> int | None:
    number = _whole_number(value)
    if number is not None:
        return number if number in IMPORTANCE.values() else None
    return IMPORTANCE.get(_text(value).lower())


def validate_need(
    row: Mapping[str, object], places: Places, framework: Framework, today: date, line: int | None = None
) -> tuple[Need | None, list[Problem]]:
    """A row of the file (or a form: the same keys) checked; (Need, []) or (None, problems)."""
    problems: list[Problem] = []

    def problem(column: str | None, msgid: str, **params: object) -> None:
        problems.append(Problem(line, column, Message(msgid, params)))

    employer = _text(row.get("employer"))
    if not employer:
        problem("employer", N_("Give the employer’s name."))
    elif len(employer) > MAX_EMPLOYER_LENGTH:
        problem("employer", N_("The employer’s name is longer than %(max)s characters."), max=MAX_EMPLOYER_LENGTH)

    sector_text = _text(row.get("sector"))
    sector = places.resolve_sector(sector_text) if sector_text else None
    if not sector_text:
        problem("sector", N_("Give the sector."))
    elif sector is None or sector not in places.auditable_sectors():
        problem(
            "sector",
            N_("“%(value)s” is not a sector of the audit. Use one of: %(allowed)s."),
            value=sector_text,
            allowed=", ".join(places.auditable_sectors()),
        )
        sector = None

    region_text = _text(row.get("region"))
    region = places.resolve_region(region_text) if region_text else None
    if not region_text:
        problem("region", N_("Give the region."))
    elif region is None:
        problem(
            "region",
            N_("“%(value)s” is not a partner region. Use one of: %(allowed)s."),
            value=region_text,
            allowed=", ".join(places.regions()),
        )

    raw_date = row.get("survey_date")
    surveyed_on = _date(raw_date)
    if not _text(raw_date):
        problem("survey_date", N_("Give the date of the survey."))
    elif surveyed_on is None:
        problem(
            "survey_date", N_("“%(value)s” is not a date. Write it as 2026-03-15."), value=_text(raw_date)
        )
    elif surveyed_on > today:
        problem("survey_date", N_("The date of the survey is in the future."))
        surveyed_on = None

    raw_vacancies = row.get("vacancies")
    vacancies = _whole_number(raw_vacancies)
    if not _text(raw_vacancies):
        problem("vacancies", N_("Give the number of vacancies (0 when there are none)."))
    elif vacancies is None or vacancies < 0:
        problem(
            "vacancies", N_("“%(value)s” is not a number of vacancies: write 0 or more."), value=_text(raw_vacancies)
        )
        vacancies = None
    elif vacancies > MAX_VACANCIES:
        problem("vacancies", N_("“%(value)s” is too many vacancies for one survey: write %(max)s or fewer."),
                value=_text(raw_vacancies), max=MAX_VACANCIES)
        vacancies = None

    requirements: dict[str, tuple[int, int]] = {}
    for competence in framework.competence_ids():
        level_column, importance_column = competence + LEVEL_SUFFIX, competence + IMPORTANCE_SUFFIX
        raw_level, raw_importance = row.get(level_column), row.get(importance_column)
        if not _text(raw_level) and not _text(raw_importance):
            continue
        level, importance = _level(raw_level, framework), _importance(raw_importance)
        if not _text(raw_level):
            problem(level_column, N_("Give the level required, or leave the importance empty too."))
        elif level is None:
            problem(
                level_column,
                N_("“%(value)s” is not a level: write 1, 2, 3 or 4."),
                value=_text(raw_level),
            )
        if not _text(raw_importance):
            problem(importance_column, N_("Give the importance: 1 (low), 2 (medium) or 3 (high)."))
        elif importance is None:
            problem(
                importance_column,
                N_("“%(value)s” is not an importance: write 1 (low), 2 (medium) or 3 (high)."),
                value=_text(raw_importance),
            )
        if level is not None and importance is not None:
            requirements[competence] = (level, importance)
    if not requirements and not any(
        _text(row.get(c + s)) for c in framework.competence_ids() for s in (LEVEL_SUFFIX, IMPORTANCE_SUFFIX)
    ):
        problem(None, N_("Give the level required for at least one competence."))

    if problems:
        return None, problems
    assert sector and region and surveyed_on is not None and vacancies is not None  # noqa: S101 - checked above
    return Need(employer, sector, region, surveyed_on, vacancies, requirements), []


def _already_recorded(session: Session, needs: Iterable[Need]) -> set[tuple[str, str, str, date]]:
    identities = {(n.employer, n.sector, n.region, n.surveyed_on) for n in needs}
    if not identities:
        return set()
    found: set[tuple[str, str, str, date]] = set()
    regions = {i[2] for i in identities}
    stmt = select(
        col(EmployerSurvey.employer_name),
        col(EmployerSurvey.sector),
        col(EmployerSurvey.region),
        col(EmployerSurvey.surveyed_on),
    ).where(col(EmployerSurvey.region).in_(regions))
    wanted = {(e.casefold(), s, r, d) for e, s, r, d in identities}
    for employer, sector, region, surveyed_on in session.connection().execute(stmt):
        key = (employer.casefold(), sector, region, surveyed_on)
        if key in wanted:
            found.add(key)
    return found


def _save(session: Session, needs: list[Need]) -> list[int]:
    surveys = [
        EmployerSurvey(
            employer_name=n.employer, sector=n.sector, region=n.region, surveyed_on=n.surveyed_on, vacancies=n.vacancies
        )
        for n in needs
    ]
    try:
        session.add_all(surveys)
        session.flush()
        session.add_all(
            EmployerRequirement(survey_id=saved_id(s), competence_id=c, level=level, importance=importance)
            for s, n in zip(surveys, needs, strict=True)
            for c, (level, importance) in n.requirements.items()
        )
        session.flush()  # in the caller's unit of work, which rolls back on NeedsRejected
    except IntegrityError as exc:  # recorded by someone else meanwhile
        raise NeedsRejected([Problem(None, None, Message(_DUPLICATE))]) from exc
    return [s.id for s in surveys]  # type: ignore[misc]


def record_need(session: Session, row: Mapping[str, object], places: Places, framework: Framework, today: date) -> int:
    """Validate and save one survey (from a form: the file's column names as keys); its id. NeedsRejected."""
    need, problems = validate_need(row, places, framework, today)
    if need is None:
        raise NeedsRejected(problems)
    if _already_recorded(session, [need]):
        raise NeedsRejected([Problem(None, None, Message(_DUPLICATE))])
    return _save(session, [need])[0]


# --- files ---


def _file_problem(msgid: str, **params: object) -> NeedsRejected:
    return NeedsRejected([Problem(None, None, Message(msgid, params))])


def read_rows(data: bytes, filename: str) -> list[tuple[int, list[object]]]:
    """The rows of a CSV or XLSX file that have something in them, with their lines, within the import's limits
    (skills_audit.sheets: size, rows, columns, cell length, and a workbook's unpacked size and XML); NeedsRejected."""
    try:
        return sheets.read_rows(data, filename, sheets.Limits(rows=MAX_ROWS + 1))
    except sheets.SheetRefused as exc:
        raise NeedsRejected([Problem(exc.line, None, exc.message)]) from None


def parse_needs(
    data: bytes, filename: str, places: Places, framework: Framework, today: date
) -> list[tuple[int, Need]]:
    """Every survey of a file with its line, or NeedsRejected with every problem (nothing is saved here)."""
    if not data or data.isspace():
        raise _file_problem(N_("The file is empty."))
    numbered = read_rows(data, filename)
    if not numbered:
        raise _file_problem(N_("The file is empty."))
    header_line, header = numbered[0]
    names = [_text(c).lower() for c in header]
    problems: list[Problem] = []
    known = set(columns(framework))
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        if name in seen:
            twice = Message(N_("The column “%(column)s” appears twice."), {"column": name})
            problems.append(Problem(header_line, name, twice))
        seen.add(name)
        if name in known:
            continue
        if name.endswith((LEVEL_SUFFIX, IMPORTANCE_SUFFIX)):
            competence = name.rsplit("_", 1)[0]
            problems.append(
                Problem(
                    header_line,
                    name,
                    Message(
                        N_("“%(value)s” is not a competence of the self-assessment. Use one of: %(allowed)s."),
                        {"value": competence, "allowed": ", ".join(framework.competence_ids())},
                    ),
                )
            )
        else:
            problems.append(Problem(header_line, name, Message(N_("Unknown column “%(column)s”."), {"column": name})))
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            problems.append(
                Problem(header_line, required, Message(N_("The column “%(column)s” is missing."), {"column": required}))
            )
    if problems:
        raise NeedsRejected(problems)

    body = numbered[1:]
    if not body:
        raise _file_problem(N_("The file has column names but no rows."))
    if len(body) > MAX_ROWS:  # read_rows stops at the row after the last one allowed
        raise _file_problem(sheets.TOO_MANY_ROWS, max=MAX_ROWS)

    needs: list[tuple[int, Need]] = []
    first_line_of: dict[tuple[str, str, str, date], int] = {}
    for line, cells in body:
        extra = [c for c in cells[len(names):] if _text(c)]
        if extra:
            problems.append(Problem(line, None, Message(N_("This row has more cells than there are columns."))))
            continue
        row = {name: cells[i] if i < len(cells) else None for i, name in enumerate(names) if name}
        need, row_problems = validate_need(row, places, framework, today, line)
        problems.extend(row_problems)
        if need is None:
            continue
        if need.identity() in first_line_of:
            problems.append(
                Problem(
                    line,
                    None,
                    Message(N_("The same survey as on line %(line)s."), {"line": first_line_of[need.identity()]}),
                )
            )
            continue
        first_line_of[need.identity()] = line
        needs.append((line, need))
    if problems:
        raise NeedsRejected(problems)
    return needs


def import_needs(
    session: Session, data: bytes, filename: str, places: Places, framework: Framework, today: date
) -> int:
    """Save every survey of a file in one transaction, or none (NeedsRejected); how many were saved."""
    numbered = parse_needs(data, filename, places, framework, today)
    needs = [need for _, need in numbered]
    recorded = _already_recorded(session, needs)
    if recorded:
        raise NeedsRejected(
            [Problem(line, None, Message(_DUPLICATE)) for line, need in numbered if need.identity() in recorded]
        )
    return len(_save(session, needs))


# --- the list analysts see ---


@dataclass(frozen=True)
class SurveyRow:
    id: int
    employer: str  # analysts only
    sector: str
    region: str
    surveyed_on: date
    vacancies: int
    competences: int  # how many competences the employer gave a level for


def list_surveys(session: Session, limit: int = 500) -> list[SurveyRow]:
    """The latest recorded surveys, newest survey date first, with how many competences each names (one query)."""
    stmt = (
        select(
            col(EmployerSurvey.id),
            col(EmployerSurvey.employer_name),
            col(EmployerSurvey.sector),
            col(EmployerSurvey.region),
            col(EmployerSurvey.surveyed_on),
            col(EmployerSurvey.vacancies),
            func.count(col(EmployerRequirement.competence_id)),
        )
        .outerjoin(EmployerRequirement, col(EmployerRequirement.survey_id) == col(EmployerSurvey.id))
        .group_by(col(EmployerSurvey.id))
        .order_by(col(EmployerSurvey.surveyed_on).desc(), col(EmployerSurvey.id).desc())
        .limit(limit)
    )
    # the model types ids `int | None` (None before the insert); rows read back always have one
    return [SurveyRow(*row) for row in session.connection().execute(stmt)]  # type: ignore[arg-type]
