"""What the routes leave to the rest of their feature (README, "A feature's pieces"): a change that reads a posted
field in a route, or hands a template a loose dict, fails here and says where."""

from __future__ import annotations

import ast
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


def _dict_contexts(module: Path) -> list[str]:
    """render(...) calls whose context is a dict literal or dict(...), and functions of the module that build
    a dict[str, Any] for a page."""
    tree = ast.parse(module.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "render" and len(node.args) >= 3:
            context = node.args[2]
            if isinstance(context, ast.Dict) or (isinstance(context, ast.Call)
                                                 and getattr(context.func, "id", None) == "dict"):
                found.append(f"render at line {node.lineno}")
        if isinstance(node, ast.FunctionDef) and node.returns is not None \
                and ast.unparse(node.returns).replace(" ", "") == "dict[str,Any]":
            found.append(f"{node.name} at line {node.lineno}")
    return found


@pytest.mark.parametrize("module", ROUTE_MODULES, ids=lambda p: p.parent.name)
def test_routes_hand_templates_views_not_dicts(module: Path) -> None:
    assert not _dict_contexts(module), _dict_contexts(module)
