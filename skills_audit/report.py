"""The audit's report as plain data: the gap for a region and a sector, and the regions side by side.

Everything is cut from one suppressed table of the period (skills_audit.aggregate.Cube): a hidden figure is None,
and a share or a sentence that would need a hidden figure is None too. Texts are `Message`s (gettext ids with
parameters), rendered in the reader's language by the pages, the exports and the command line.

For one competence of a group (e.g. the job seekers of Kortrijk aiming at care):
- `required`: the employers' level (the weighted median of the surveys, see aggregate.Requirement);
- `levels`: how many rate themselves at each level 1..4, `no_level` those with too few answers;
- `share`: of those who rated themselves, the share at or above the required level;
- the gap in figures: `1 - share` below the level, and `level_gap` = required level - median self-rated level;
- the gap in words: a band by share, from GAP_BANDS (the one place the bands are written down).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from guide.core.i18n import N_, Np_
from guide.core.messages import Message, Name, NameResolver, Percent
from skills_audit.aggregate import (
    ABOVE,
    BELOW,
    NONE,
    AuditError,
    Bind,
    Cube,
    N,
    PeriodKind,
    Place,
    Requirement,
    anyone_answered,
    no_one_answered,
    report_period,
)
from skills_audit.framework import Framework
from skills_audit.places import Places
from skills_audit.releases import ReleaseInfo, find_release, no_such_release, not_released, released_cube

# (lowest whole percentage, band id, words): the first band whose lowest percentage the share as shown reaches.
# Everyone at or above the employers' level is no gap at all. The band is read from the whole percentage the
# pages and exports show, so the words always agree with the figure next to them (99.6% shows as 100%: no gap).
GAP_BANDS = (
    (100, "none", N_("No gap")),
    (75, "small", N_("Small gap")),
    (50, "some", N_("Some gap")),
    (25, "large", N_("Large gap")),
    (0, "very_large", N_("Very large gap")),
)
IMPORTANCE_WORDS = {1: N_("Low importance"), 2: N_("Medium importance"), 3: N_("High importance")}

SENTENCE = Np_(
    "Of the %(num)s job seeker in %(region)s aiming at %(sector)s who answered about “%(competence)s”, "
    "%(share)s feels at ease at the level employers ask or higher.",
    "Of the %(num)s job seekers in %(region)s aiming at %(sector)s who answered about “%(competence)s”, "
    "%(share)s feel at ease at the level employers ask or higher.",
)
BELOW_SENTENCE = N_("%(share)s rate themselves below the level employers ask.")


def whole_percent(share: float | None) -> int | None:
    """A share as the whole percentage the report shows (half to even, as Babel's percent format rounds)."""
    return None if share is None else round(100 * share)


SMALL = "small"  # hidden because it is a count of fewer than k, or a figure of a group of fewer than k
PROTECT = "protect"  # hidden because it would give a small one away: k or more
SHARE_SMALL = "share_small"  # a share hidden because a side of it (at or above, below) is fewer than k
# The label of a hidden figure, for each reason: each is true of the figure it labels (issue 13: "hidden (fewer than
# 5)" beside a group of 91 told a lie, and the lie told which figures were the big ones).
HIDDEN_LABELS = {
    SMALL: N_("hidden (fewer than %(k)s)"),
    PROTECT: N_("hidden (to protect another figure)"),
    SHARE_SMALL: N_("hidden (fewer than %(k)s on one side of the level)"),
}


def hidden_label(reason: str | None, k: int, gettext: Callable[[str], str]) -> str:
    """The label of a hidden figure in the reader's language (gettext of that language)."""
    return gettext(HIDDEN_LABELS.get(reason or PROTECT, HIDDEN_LABELS[PROTECT])) % {"k": k}


@dataclass(frozen=True)
class CompetenceFigures:
    competence: str
    respondents: int | None
    levels: dict[int, int | None]
    no_level: int | None
    required: Requirement | None
    at_or_above: int | None
    below: int | None
    # why each hidden figure is hidden (SMALL or PROTECT), by "respondents", a level, "no_level", "at_or_above",
    # "below": each label must be true of its figure ("fewer than 5" only beside a count of fewer than 5)
    why: dict[object, str] = field(default_factory=dict)

    def reason(self, figure: object) -> str | None:
        return self.why.get(figure)

    @property
    def share_reason(self) -> str | None:
        """Why the share is hidden: SMALL when a side of it is fewer than k, else PROTECT; None when shown."""
        if self.share is not None or self.required is None:
            return None
        sides = (self.why.get("at_or_above"), self.why.get("below"))
        return SMALL if SMALL in sides else PROTECT

    @property
    def rated(self) -> int | None:
        if self.at_or_above is None or self.below is None:
            return None
        return self.at_or_above + self.below

    @property
    def share(self) -> float | None:
        """Of those who rated themselves, the share at or above the employers' level."""
        rated = self.rated
        return self.at_or_above / rated if rated else None  # type: ignore[operator]

    def level_share(self, level: int) -> float | None:
        count = self.levels.get(level)
        if count is None or not self.respondents:
            return None
        return count / self.respondents

    @property
    def median_level(self) -> int | None:
        """The median self-rated level (the lower one of two), when every level count is shown."""
        counts = [self.levels.get(level) for level in sorted(self.levels)]
        if any(c is None for c in counts) or not sum(counts):  # type: ignore[arg-type]
            return None
        total, running = sum(counts), 0  # type: ignore[arg-type]
        for level, count in zip(sorted(self.levels), counts, strict=True):
            running += count  # type: ignore[operator]
            if 2 * running >= total:
                return level
        return None

    @property
    def level_gap(self) -> int | None:
        median = self.median_level
        return None if median is None or self.required is None else self.required.level - median

    @property
    def gap_band(self) -> str | None:
        percent = whole_percent(self.share)
        if percent is None:
            return None
        return next(band for lowest, band, _ in GAP_BANDS if percent >= lowest)

    @property
    def gap_words(self) -> Message | None:
        band = self.gap_band
        return None if band is None else Message(next(words for _, b, words in GAP_BANDS if b == band))

    @property
    def below_message(self) -> Message | None:
        share = self.share
        return None if share is None else Message(BELOW_SENTENCE, {"share": Percent(1 - share)})

    @property
    def importance_words(self) -> Message | None:
        return None if self.required is None else Message(IMPORTANCE_WORDS[self.required.importance])


def competence_figures(cube: Cube, place: Place, sector: str, competence: str) -> CompetenceFigures:
    region = cube.region_of(place)
    required = cube.requirement(region, sector, competence) if region else None
    measures: dict[object, tuple[Any, ...]] = {
        "respondents": N,
        **{level: (competence, level) for level in cube.scale},
        "no_level": (competence, NONE),
    }
    if required:
        measures.update(at_or_above=(competence, ABOVE), below=(competence, BELOW))
    why = {name: r for name, m in measures.items() if (r := cube.hidden_reason(place, sector, m)) is not None}
    return CompetenceFigures(
        competence=competence,
        respondents=cube.respondents(place, sector),
        levels={level: cube.get(place, sector, (competence, level)) for level in cube.scale},
        no_level=cube.get(place, sector, (competence, NONE)),
        required=required,
        at_or_above=cube.get(place, sector, (competence, ABOVE)) if required else None,
        below=cube.get(place, sector, (competence, BELOW)) if required else None,
        why=why,
    )


@dataclass(frozen=True)
class GroupFigures:
    place: Place
    sector: str
    respondents: int | None
    competences: tuple[CompetenceFigures, ...]
    respondents_reason: str | None = None


def group_figures(cube: Cube, place: Place, sector: str) -> GroupFigures:
    return GroupFigures(
        place=place,
        sector=sector,
        respondents=cube.respondents(place, sector),
        competences=tuple(competence_figures(cube, place, sector, c) for c in cube.competences),
        respondents_reason=cube.hidden_reason(place, sector, N),
    )


def sentence(figures: CompetenceFigures, region: str, sector: str) -> Message | None:
    """"Of the 84 job seekers in Kortrijk aiming at care who answered about “Working in a team”, 62% feel at ease
    at the level employers ask or higher." None when a figure it needs is hidden or there is no requirement."""
    rated, share = figures.rated, figures.share
    if rated is None or share is None:
        return None
    params = {
        "region": Name("region", region),
        "sector": Name("sector", sector),
        "competence": Name("competence", figures.competence),
        "share": Percent(share),
    }
    return Message(SENTENCE[0], params, plural=SENTENCE[1], n=rated)


@dataclass(frozen=True)
class GapReport:
    region: str
    sector: str
    k: int
    employers: int
    vacancies: int
    region_figures: GroupFigures  # the region and sector
    centres: tuple[GroupFigures, ...]  # each centre of the region, same sector
    sentences: tuple[Message | None, ...]  # per competence, in the framework's order


@dataclass(frozen=True)
class CrossBorder:
    sector: str
    regions: tuple[str, ...]
    rows: tuple[tuple[str, tuple[CompetenceFigures, ...]], ...]  # (competence, figures per region)
    respondents: tuple[int | None, ...]  # per region
    respondents_reasons: tuple[str | None, ...] = ()  # per region: why hidden (SMALL, PROTECT) or None


@dataclass(frozen=True)
class Report:
    period_label: str
    region: str
    sector: str
    k: int
    release: ReleaseInfo | None  # None only for a table cut before its release (tests, benchmarks)
    gap: GapReport
    cross_border: CrossBorder
    cube: Cube


def check_region(places: Places, value: str) -> str:
    region = places.resolve_region(value or "")
    if region is None:
        raise AuditError(
            Message(
                N_("“%(value)s” is not a partner region. Use one of: %(allowed)s."),
                {"value": value, "allowed": ", ".join(places.regions())},
            )
        )
    return region


def check_sector(places: Places, value: str) -> str:
    sector = places.resolve_sector(value or "")
    if sector is None or sector not in places.auditable_sectors():
        raise AuditError(
            Message(
                N_("“%(value)s” is not a sector of the audit. Use one of: %(allowed)s."),
                {"value": value, "allowed": ", ".join(places.auditable_sectors())},
            )
        )
    return sector


def gap_report(cube: Cube, region: str, sector: str) -> GapReport:
    place = ("region", region)
    figures = group_figures(cube, place, sector)
    survey = cube.surveys.get((region, sector))
    return GapReport(
        region=region,
        sector=sector,
        k=cube.k,
        employers=survey.employers if survey else 0,
        vacancies=survey.vacancies if survey else 0,
        region_figures=figures,
        centres=tuple(group_figures(cube, ("centre", c), sector) for c in cube.places.centres_in_region(region)),
        sentences=tuple(sentence(f, region, sector) for f in figures.competences),
    )


def cross_border(cube: Cube, sector: str) -> CrossBorder:
    """Every partner region side by side, competence by competence, for one sector (or ALL_SECTORS)."""
    regions = cube.places.regions()
    rows = tuple(
        (comp, tuple(competence_figures(cube, ("region", r), sector, comp) for r in regions))
        for comp in cube.competences
    )
    return CrossBorder(
        sector=sector,
        regions=regions,
        rows=rows,
        respondents=tuple(cube.respondents(("region", r), sector) for r in regions),
        respondents_reasons=tuple(cube.hidden_reason(("region", r), sector, N) for r in regions),
    )


class NotReleased(AuditError):
    """The period has no release: no figure about its people is shown until an analyst releases it."""


def build_report(bind: Bind, period: str, region: str, sector: str, places: Places, period_kind: PeriodKind,
                 number: int | None = None) -> Report:
    """The whole report for a region and a sector in a period of `period_kind` (the one kind of period reports are
    made in, see aggregate.report_period), cut from the period's newest release (or its release of that `number`);
    AuditError for unknown input, a period of the other kind, no data or no release of that number, NotReleased
    for a period not released yet.

    Only a release is ever shown: two views of a table counted afresh, one before and one after a new person, a
    "Delete my data" or a new survey, could be subtracted from each other and give that person away."""
    parsed = report_period(period, period_kind)
    region_code = check_region(places, region)
    sector_id = check_sector(places, sector)
    released = released_cube(bind, parsed, places, number)
    if released is None and number is not None and find_release(bind, parsed) is not None:
        raise AuditError(no_such_release(parsed.label, number))
    if released is None and not anyone_answered(bind, parsed):
        raise AuditError(no_one_answered(parsed))
    if released is None:
        raise NotReleased(not_released(parsed.label))
    cube, release = released
    return report_from_cube(cube, region_code, sector_id, release)


def report_from_cube(cube: Cube, region: str, sector: str, release: ReleaseInfo | None) -> Report:
    """The report cut from a protected table: a release's (build_report), or one just built, for the tests and
    benchmarks of the cutting itself. `region` and `sector` are checked codes."""
    if not cube.anyone():
        raise AuditError(no_one_answered(cube.period))
    # Whether a region has anyone is no secret (it is about nobody).
    if not cube.anyone(("region", region)):
        raise AuditError(
            Message(
                N_("No one in %(region)s finished a self-assessment in %(period)s."),
                {"region": Name("region", region), "period": cube.period.label},
            )
        )
    return Report(
        period_label=cube.period.label,
        region=region,
        sector=sector,
        k=cube.k,
        release=release,
        gap=gap_report(cube, region, sector),
        cross_border=cross_border(cube, sector),
        cube=cube,
    )


def name_resolver(places: Places, framework: Framework) -> NameResolver:
    """Names for messages, in the reader's language, from the content (sector names start lower case mid-sentence)."""

    def resolve(name: Name, locale: str) -> str:
        if name.kind == "region":
            return places.region_name(name.id, locale)
        if name.kind == "sector":
            text = places.sector_name(name.id, locale)
            return text[:1].lower() + text[1:]
        if name.kind == "competence":
            return framework.competence_name(name.id, locale)
        return name.id

    return resolve

