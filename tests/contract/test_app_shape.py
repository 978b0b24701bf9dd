"""Every installed app has the same inner shape (docs/CONTRIBUTING.md, "Where things go"),
so a contributor finds the same thing in the same file in every app."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

from kotacerdas.contract import AppConfig, SmartCityApp, all_apps

# module -> must it be a package?  ``None``: a module or a package.
REQUIRED: dict[str, bool | None] = {
    "apps": False,
    "plugin": False,
    "config": False,
    "contract": False,
    "queries": False,
    "services": None,
    "urls": False,
    "views": True,
    "demo": False,
}
URL_FUNCTIONS = ("public_urls", "staff_urls", "root_routes")
# An app's modules that plugin.py imports only inside its hooks.
HEAVY = ("models", "views", "services", "queries", "contract", "api", "urls", "demo")

APPS = all_apps()
IDS = [app.key for app in APPS]


def package_of(app: SmartCityApp) -> str:
    """The app's Python package: where its plugin class lives."""
    module = type(app).__module__
    assert module.endswith(".plugin"), (
        f"app {app.key}: the SmartCityApp subclass lives in {module}, not in <package>.plugin"
    )
    return module.rpartition(".")[0]


def test_the_core_apps_and_the_example_are_installed() -> None:
    assert {"aduan-warga", "sensor-kota", "harga-pangan", "contoh-taman"} <= set(IDS)


@pytest.mark.parametrize("app", APPS, ids=IDS)
def test_app_has_every_required_module(app: SmartCityApp) -> None:
    package = package_of(app)
    missing = []
    for name, must_be_package in REQUIRED.items():
        spec = importlib.util.find_spec(f"{package}.{name}")
        if spec is None:
            missing.append(f"{name}.py" if must_be_package is False else f"{name}/")
            continue
        is_package = spec.submodule_search_locations is not None
        if must_be_package is True and not is_package:
            missing.append(f"{name}/ (a package, found a module)")
        elif must_be_package is False and is_package:
            missing.append(f"{name}.py (a module, found a package)")
    assert not missing, f"app {app.key} ({package}) lacks: {', '.join(missing)}"


@pytest.mark.parametrize("app", APPS, ids=IDS)
def test_config_model_is_the_apps_own(app: SmartCityApp) -> None:
    model = app.config_model
    assert isinstance(model, type) and issubclass(model, AppConfig), (
        f"app {app.key}: config_model {model!r} is not an AppConfig subclass"
    )
    assert model is not AppConfig, (
        f"app {app.key}: config_model is the base AppConfig; declare the app's typed "
        "configuration in config.py"
    )


@pytest.mark.parametrize("app", APPS, ids=IDS)
def test_config_module_holds_the_schema(app: SmartCityApp) -> None:
    name = f"{package_of(app)}.config"
    if importlib.util.find_spec(name) is None:
        pytest.fail(f"app {app.key}: no config.py (the JSON Schema as SCHEMA, the typed model)")
    config = importlib.import_module(name)
    schema = getattr(config, "SCHEMA", None)
    assert schema is not None, f"app {app.key}: config.py has no SCHEMA"
    assert schema == app.manifest.config_schema, (
        f"app {app.key}: the manifest's config_schema is not config.SCHEMA"
    )


@pytest.mark.parametrize("app", APPS, ids=IDS)
def test_urls_module_lists_every_kind_of_url(app: SmartCityApp) -> None:
    urls = importlib.import_module(f"{package_of(app)}.urls")
    missing = [name for name in URL_FUNCTIONS if not callable(getattr(urls, name, None))]
    assert not missing, f"app {app.key}: urls.py lacks {', '.join(f'{m}()' for m in missing)}"


@pytest.mark.parametrize("app", APPS, ids=IDS)
def test_views_are_split_by_audience(app: SmartCityApp) -> None:
    package = package_of(app)
    wanted = []
    if app.public_urls():
        wanted.append("public")
    if app.staff_urls():
        wanted.append("console")
    missing = [m for m in wanted if importlib.util.find_spec(f"{package}.views.{m}") is None]
    assert not missing, (
        f"app {app.key}: views/ lacks {', '.join(f'{m}.py' for m in missing)} "
        "(public pages in views/public.py, staff pages in views/console.py)"
    )


@pytest.mark.parametrize("app", APPS, ids=IDS)
def test_plugin_module_imports_nothing_heavy_at_the_top(app: SmartCityApp) -> None:
    """The plugin module loads with the settings: at its top it may import the contract, the
    app's ``config`` and light modules, never models or the app's views, services, reads,
    hooks or URLs (``plugin.py``'s hooks import those when called)."""
    package = package_of(app)
    spec = importlib.util.find_spec(f"{package}.plugin")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    heavy = []
    for node in tree.body:  # top level only: hooks import lazily
        if isinstance(node, ast.ImportFrom):
            names = [f"{node.module}.{a.name}" for a in node.names]
            if node.level:
                names = [f"{package}.{node.module or a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            own = [f"{package}.{m}" for m in HEAVY]
            if any(name == m or name.startswith(m + ".") for m in own) or ".models" in name:
                heavy.append(f"line {node.lineno}: {name}")
    assert not heavy, f"app {app.key}: plugin.py imports at the top:\n" + "\n".join(heavy)
