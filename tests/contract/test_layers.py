"""The layering, read from the source with ``ast``: core <- contract <- apps, with the platform
and the sites (web, catalog, situation, api) above.

``lint-imports`` (``make lint``, contracts in ``pyproject.toml``) checks the same rules,
indirect imports included; this test checks every direct import so the suite fails even
where import-linter is not installed. Imports inside functions and ``TYPE_CHECKING`` blocks
count: they are still dependencies.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PACKAGE = SRC / "kotacerdas"
EXAMPLE = ROOT / "tests" / "plugins" / "kotacerdas_example"

SITES = ("web", "catalog", "situation", "maturity", "api")
APPS_DIR = PACKAGE / "apps"
APPS = sorted(p.name for p in APPS_DIR.iterdir() if (p / "__init__.py").is_file())


@dataclass(frozen=True)
class Import:
    file: Path
    line: int
    target: str  # the dotted module (or module.name for ``from m import name``)

    def __str__(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line} imports {self.target}"


def module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, base: Path) -> Iterator[Import]:
    """Every import in ``path`` (anywhere in the file), relative ones resolved."""
    module = module_name(path, base)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                source = f"{anchor}.{node.module}" if node.module else anchor
            else:
                source = node.module or ""
            for alias in node.names:
                yield Import(
                    path, node.lineno, source if alias.name == "*" else f"{source}.{alias.name}"
                )


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def under(target: str, module: str) -> bool:
    return target == module or target.startswith(module + ".")


def kc(*names: str) -> list[str]:
    return [f"kotacerdas.{name}" for name in names]


def breaking(folder: Path, forbidden: list[str], base: Path = SRC) -> list[str]:
    return [
        str(imp)
        for path in python_files(folder)
        for imp in imports_of(path, base)
        if any(under(imp.target, bad) for bad in forbidden)
    ]


# (the layer, what it must not import)
RULES = [
    ("core", kc("contract", "platform", "apps", *SITES)),
    ("contract", kc("platform", "apps", *SITES)),
    # The platform may import the contract and the core; it runs apps through the contract.
    ("platform", kc(*SITES, "apps")),
    # The sites may import anything below them, but an app only through the contract.
    *((site, kc("apps")) for site in SITES),
]


@pytest.mark.parametrize(("layer", "forbidden"), RULES, ids=[r[0] for r in RULES])
def test_layer_imports_nothing_above_it(layer: str, forbidden: list[str]) -> None:
    folder = PACKAGE / layer
    assert folder.is_dir(), f"no package src/kotacerdas/{layer}"
    bad = breaking(folder, forbidden)
    assert not bad, f"kotacerdas.{layer} must not import {', '.join(forbidden)}:\n" + "\n".join(bad)


def test_the_apps_are_found() -> None:
    assert {"aduan_warga", "harga_pangan", "sensor_kota"} <= set(APPS)


@pytest.mark.parametrize("pkg", APPS)
def test_app_imports_only_core_contract_and_itself(pkg: str) -> None:
    others = [f"kotacerdas.apps.{other}" for other in APPS if other != pkg]
    forbidden = kc("platform", *SITES) + others
    bad = breaking(APPS_DIR / pkg, forbidden)
    assert not bad, (
        f"app {pkg} may import only kotacerdas.core, kotacerdas.contract, "
        "kotacerdas.dimensions and its own package:\n" + "\n".join(bad)
    )


# What an app outside the core may import besides the standard library.
EXAMPLE_ALLOWED = (
    "kotacerdas.core",
    "kotacerdas.contract",
    "kotacerdas.dimensions",
    "kotacerdas_example",
    "django",
    "ninja",
    "pydantic",
)


def test_example_plugin_imports_only_the_contract_side() -> None:
    base = EXAMPLE.parent
    bad = []
    for path in python_files(EXAMPLE):
        for imp in imports_of(path, base):
            top = imp.target.partition(".")[0]
            if top in sys.stdlib_module_names or top == "__future__":
                continue
            if imp.target == "kotacerdas":  # ``import kotacerdas`` alone names no layer
                continue
            if not any(under(imp.target, ok) for ok in EXAMPLE_ALLOWED):
                bad.append(str(imp))
    assert not bad, (
        "the example plugin may import only " + ", ".join(EXAMPLE_ALLOWED) + ":\n" + "\n".join(bad)
    )


def test_the_checker_sees_nested_relative_and_type_checking_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "kotacerdas" / "apps" / "demo_app"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "views.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from kotacerdas.web.views import access\n"
        "def f():\n"
        "    import kotacerdas.platform.context\n"
        "    from ..other_app import models\n"
        "from . import queries\n"
    )
    found = {imp.target for imp in imports_of(pkg / "views.py", tmp_path)}
    assert {
        "kotacerdas.web.views.access",
        "kotacerdas.platform.context",
        "kotacerdas.apps.other_app.models",
        "kotacerdas.apps.demo_app.queries",
    } <= found
