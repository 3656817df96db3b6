"""The barrier map one level down, where a centre has neighbourhoods: counts under k hidden, k and more shown, and
no hidden neighbourhood worked back from the centre's figures, which the centre's map publishes."""

from __future__ import annotations

import re
from collections.abc import Hashable
from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from guide.barriers.service import WANT_HELP, save_answers
from guide.core.db import writing
from guide.journeys.models import Journey
from guide.journeys.service import start_journey
from skills_audit import barrier_map
from skills_audit.breakdown import Breakdown
from skills_audit.places import CentrePlace, Places
from tests.skills_audit.attack import attack, recovered
from tests.workshops.factories import secret

K = 5
THEMES = ("childcare", "money")
PLACES = Places(centres={
    "kortrijk": CentrePlace("kortrijk", "Stad Kortrijk", "BE254", "BE", neighbourhoods=("Overleie", "Heule", "Marke")),
    "medway": CentrePlace("medway", "Medway Council", "UKJ41", "GB"),
}, sectors={})
Q1 = datetime(2026, 2, 10, 9, tzinfo=UTC)
CENTRE = ("centre", "kortrijk")


def _asked(db: Session, n: int, neighbourhood: str, centre: str = "kortrijk") -> None:
    for _ in range(n):
        with writing(db):
            journey, _code = start_journey(db, secret(), centre, "en")
            saved = db.get(Journey, journey.id)
            assert saved is not None
            saved.neighbourhood = neighbourhood
            save_answers(db, journey.id, {"childcare": WANT_HELP}, now=Q1)


def _maps(db: Session) -> tuple[Breakdown, Breakdown]:
    centres, by_centre = barrier_map.maps(db, "2026-Q1", PLACES, THEMES, K)
    return centres, by_centre["kortrijk"]


def _recovered(table: Breakdown, truth: dict[Hashable, int]) -> dict:
    published = {key: (shown.value, shown.reason) for key, shown in table.cells.items()}
    return recovered(truth, attack([published], table.relations, table.k, set()), table.k)


@pytest.mark.parametrize(("n", "shown"), [(K - 1, None), (K, K), (K + 1, K + 1)])
def test_a_neighbourhood_under_k_is_hidden_and_cannot_be_worked_back_from_the_centre(db, n, shown):
    _asked(db, n, "Overleie")
    _asked(db, 9, "Heule")
    _asked(db, 7, "")  # did not say
    _asked(db, 6, "Elsewhere")  # a neighbourhood the centre no longer has: counted with those who did not say
    centres, table = _maps(db)
    overleie = (("neighbourhood", "Overleie"), "childcare")
    assert table.cells[overleie].value == shown
    assert table.cells[(("neighbourhood", "Marke"), "childcare")].value == 0
    total = n + 22
    # the centre's figure is the one the centre's map publishes, and a reader knows it
    assert table.cell(CENTRE, "childcare") == centres.cell(CENTRE, "childcare")
    assert table.cell(CENTRE, "childcare").value == total
    truth = {(row, t): 0 for row in table.rows for t in THEMES}
    truth |= {overleie: n, (("neighbourhood", "Heule"), "childcare"): 9,
              (("neighbourhood", barrier_map.NOT_SAID), "childcare"): 13, (CENTRE, "childcare"): total}
    if shown is None:
        assert table.cells[overleie].reason == "small"
        assert table.hidden() >= 2  # the centre's figure less the others would give Overleie away
    assert _recovered(table, truth) == {}


def test_a_centre_figure_the_centres_map_hides_stays_hidden_by_neighbourhood(db):
    _asked(db, 2, "Overleie")
    _asked(db, 1, "Heule")
    centres, table = _maps(db)
    assert centres.cell(CENTRE, "childcare").value is None
    assert table.cell(CENTRE, "childcare").value is None
    assert table.cells[(("neighbourhood", "Overleie"), "childcare")].value is None


def test_the_breakdowns_page_shows_each_centre_with_neighbourhoods_by_neighbourhood(client, db):  # noqa: ANN001
    from guide.audit_pages.tables import BREAKDOWNS
    from tests.conftest import make_staff, sign_in_staff
    from tests.skills_audit.factories import release_quarter

    when = datetime.now(UTC).replace(month=2, day=10, hour=9)
    for place, n in (("Heule", 9), ("Overleie", 2), ("", 6)):
        for _ in range(n):
            with writing(db):
                journey, _code = start_journey(db, secret(), "kortrijk", "en")
                saved = db.get(Journey, journey.id)
                assert saved is not None
                saved.neighbourhood = place
                save_answers(db, journey.id, {"childcare": WANT_HELP}, now=when)
    sign_in_staff(client, db, make_staff(db, "nb-analyst", ("analyst",)))
    release_quarter(db, BREAKDOWNS, f"{when.year}-Q1")  # the page shows released tables only
    page = client.get(f"/en/staff/audit/breakdowns?year={when.year}&quarter=1")
    assert page.status_code == 200
    assert "Kortrijk, by neighbourhood" in page.text and "Did not say" in page.text
    heule = re.search(r"<th[^>]*>Heule</th>\s*<td[^>]*>([^<]*)</td>", page.text)
    assert heule and heule.group(1).strip() == "9"
    overleie = re.search(r"<th[^>]*>Overleie</th>\s*<td[^>]*>([^<]*)</td>", page.text)
    assert overleie and overleie.group(1).strip() != "2"  # under k: hidden
    csv = client.get(f"/en/staff/audit/breakdowns/download/csv?year={when.year}&quarter=1").text
    assert "Kortrijk, by neighbourhood" in csv and "Heule" in csv


def test_the_two_maps_read_together_give_no_hidden_figure_away(db):
    """Medway 3 (under k) and Kortrijk 8, none of whom named a neighbourhood: the map of every centre hides Kortrijk
    beside Medway, so Kortrijk's map by neighbourhood must not show those 8 as the people who did not say. Protected
    one map at a time it did, and the programme's 11 less 8 gave Medway's 3 away (issue 13): now they are one table."""
    _asked(db, 3, "", centre="medway")
    _asked(db, 8, "")
    centres, table = _maps(db)
    assert centres.cell(("centre", "medway"), "childcare").value is None
    assert table.cell(CENTRE, "childcare") == centres.cell(CENTRE, "childcare")
    truth = {(row, t): 0 for t in THEMES for row in (*centres.rows, *table.rows)}
    truth |= {(("centre", "medway"), "childcare"): 3, (CENTRE, "childcare"): 8, (barrier_map.ALL, "childcare"): 11,
              (("neighbourhood", barrier_map.NOT_SAID), "childcare"): 8}
    published = {key: (shown.value, shown.reason) for t in (centres, table) for key, shown in t.cells.items()}
    found = attack([published], (*centres.relations, *table.relations), K, set())
    assert recovered(truth, found, K) == {}
