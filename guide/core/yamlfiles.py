"""Reading YAML: the content files, the framework, the places. One reader, libyaml's when PyYAML has it (the
Python one took most of the content's load at every start, issue 20): the same safe types, the same errors."""

from __future__ import annotations

from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:  # noqa: ANN401 - YAML is any of its types, as yaml.safe_load says
    """yaml.safe_load, faster."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, libyaml's or PyYAML's own
