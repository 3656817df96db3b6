"""What the routes leave to the rest of their feature (README, "A feature's pieces"): a change that reads a posted
field in a route, or hands a template a loose dict, fails here and says where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "guide"
ROUTE_MODULES = sorted(GUIDE.glob("*/routes.py"))


def test_there_are_route_modules_to_check() -> None:
    assert len(ROUTE_MODULES) >= 6


@pytest.mark.parametrize("module", ROUTE_MODULES, ids=lambda p: p.parent.name)
def test_routes_read_no_posted_field_themselves(module: Path) -> None:
    """Posted fields are read in the feature's forms.py, into its input or Problems of Messages."""
    found = [f"{module.parent.name}/routes.py:{n}" for n, line in enumerate(module.read_text().splitlines(), 1)
             if re.search(r"\bform\.(get|getlist|multi_items|items|values)\(", line)]
    assert not found, found
