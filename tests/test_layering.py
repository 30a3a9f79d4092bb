"""Layers: services, selectors and rules never import the view layer (views, admin, forms,
and superusers.access, which renders refusal pages)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "audit", "cases", "customers", "knowledgebase", "sla", "superusers",
        "support_logins"]
LOWER_LAYERS = ("services", "selectors", "rules", "notifications", "tasks", "workflows", "sla")
VIEW_LAYER = ("views", "admin", "forms", "access")


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the app package
                base = f"{path.parent.name}.{base}" if base else path.parent.name
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _lower_layer_files() -> list[Path]:
    return [path for app in APPS for path in (ROOT / app).glob("*.py")
            if path.stem in LOWER_LAYERS]


@pytest.mark.parametrize("path", _lower_layer_files(), ids=lambda p: f"{p.parent.name}.{p.stem}")
def test_lower_layers_do_not_import_the_view_layer(path):
    view_modules = {f"{app}.{layer}" for app in APPS for layer in VIEW_LAYER}
    # customers.access is the tenant-scoping helper for reads, not a view module.
    view_modules.discard("customers.access")
    offending = sorted(_imported_modules(path) & view_modules)
    assert not offending, f"{path.relative_to(ROOT)} imports {offending}"
