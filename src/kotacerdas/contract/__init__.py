"""The app contract: how a smart-city app plugs into the platform.

An app is a Django app in a Python package that registers a :class:`SmartCityApp` subclass
under the entry point group ``kotacerdas.apps``::

    [project.entry-points."kotacerdas.apps"]
    aduan-warga = "kotacerdas.apps.aduan_warga.plugin:AduanWarga"

The platform, the catalog and the situation room know apps only through this package, and
every entry point of an app receives an :class:`AppContext`. The contract imports only the
core; apps import the core and the contract, never the platform's runtime or another app.
"""

from typing import Any

from django.http import HttpRequest

from kotacerdas.contract.app import (
    KPI,
    ConsoleEntry,
    KpiState,
    MapLayer,
    PeriodicJob,
    RootRoute,
    SmartCityApp,
)
from kotacerdas.contract.brand import Brand
from kotacerdas.contract.context import Access, AppConfig, AppContext
from kotacerdas.contract.datasets import AccessLevel, Column, Dataset, Frequency, Link, Table
from kotacerdas.contract.handoff import CITIZEN_REPORT, CitizenReportHandoff, Intake, Receipt
from kotacerdas.contract.indicators import IndicatorFeed, percent, share
from kotacerdas.contract.manifest import Manifest, ManifestError
from kotacerdas.contract.registry import all_apps, django_apps, get_app, load_apps
from kotacerdas.contract.services import platform_services
from kotacerdas.core.vocab import KeyGrant, Severity


def api_context(request: HttpRequest) -> AppContext[Any]:
    """The context the platform resolved for an app's API operation.

    Fails loudly when there is none: an operation mounted outside the platform's guard
    must not run without a region and a scope.
    """
    ctx: AppContext[Any] | None = getattr(request, "app_context", None)
    if ctx is None:
        raise RuntimeError("no app context on this request: is the router mounted by the platform?")
    return ctx


__all__ = [
    "CITIZEN_REPORT",
    "KPI",
    "Access",
    "AccessLevel",
    "AppConfig",
    "AppContext",
    "Brand",
    "CitizenReportHandoff",
    "Column",
    "ConsoleEntry",
    "Dataset",
    "Frequency",
    "IndicatorFeed",
    "Intake",
    "KeyGrant",
    "KpiState",
    "Link",
    "Manifest",
    "ManifestError",
    "MapLayer",
    "PeriodicJob",
    "Receipt",
    "RootRoute",
    "Severity",
    "SmartCityApp",
    "Table",
    "all_apps",
    "api_context",
    "django_apps",
    "get_app",
    "load_apps",
    "percent",
    "platform_services",
    "share",
]
