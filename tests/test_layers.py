"""Which way the imports go, read from the source files with `ast` (nothing here imports them).

- guide/core imports no feature of the guide (only guide.core) and no web framework (FastAPI, Starlette, Jinja2);
- skills_audit imports nothing of the guide but guide.core: it owns its tables and reads the guide's through
  skills_audit/sources.py;
- routes -> service / models -> core: no feature's service.py or models.py, and nothing in guide/core, imports a
  routes module, the web kit (guide.web) or the app that assembles the routes (guide.app).

Every import counts: at the top, inside functions, under TYPE_CHECKING; relative imports are resolved against the
file's package.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB_FRAMEWORKS = ("fastapi", "starlette", "jinja2", "jinja2_fragments")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, dotted name) for everything the file imports: a module, or for `from m import x`, m.x (x may be a module
    or a name in m: `from guide.journeys import routes` and `from guide.core.i18n import N_` both count)."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}" if module else alias.name


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _sources(*patterns: str) -> list[Path]:
    files = sorted({path for pattern in patterns for path in ROOT.glob(pattern)})
    assert files, f"no source files match {patterns}"
    return files


def _assert_none(files: list[Path], forbidden: Callable[[str], bool]) -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for line, module in imports(path)
        if forbidden(module)
    ]
    assert not offences, "\n".join(offences)


def test_the_reader_sees_every_kind_of_import():
    found = [module for _, module in imports(ROOT / "guide" / "core" / "messages.py")]
    assert any(_in(module, "guide.core.i18n") for module in found)
    found = [module for _, module in imports(ROOT / "guide" / "tables.py")]
    assert any(_in(module, "guide.journeys.models") for module in found)
    assert any(_in(module, "skills_audit.models") for module in found)


def test_core_imports_no_feature_and_no_web_framework():
    def forbidden(module: str) -> bool:
        return (_in(module, "guide") and not _in(module, "guide.core")) or module.split(".")[0] in WEB_FRAMEWORKS

    _assert_none(_sources("guide/core/**/*.py"), forbidden)


def test_skills_audit_imports_only_guide_core_of_the_guide():
    def forbidden(module: str) -> bool:
        return _in(module, "guide") and not _in(module, "guide.core")

    _assert_none(_sources("skills_audit/**/*.py"), forbidden)


def test_domain_and_core_import_no_routes_and_no_web():
    def forbidden(module: str) -> bool:
        return "routes" in module.split(".") or _in(module, "guide.web") or _in(module, "guide.app")

    files = _sources("guide/*/service.py", "guide/*/models.py", "guide/core/**/*.py")
    _assert_none(files, forbidden)
