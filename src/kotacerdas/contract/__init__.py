"""The app contract: how a smart-city app plugs into the platform.

An app is a Django app in a Python package that registers a :class:`SmartCityApp` subclass
under the entry point group ``kotacerdas.apps``::

    [project.entry-points."kotacerdas.apps"]
    aduan-warga = "kotacerdas.apps.aduan_warga.plugin:AduanWarga"

The platform core, the catalog and the situation room know apps only through this package.
"""

from kotacerdas.contract.app import (
    KPI,
    Alert,
    Dataset,
    MapLayer,
    PeriodicJob,
    SmartCityApp,
)
from kotacerdas.contract.manifest import Manifest, ManifestError
from kotacerdas.contract.registry import all_apps, django_apps, get_app, load_apps

__all__ = [
    "KPI",
    "Alert",
    "Dataset",
    "Manifest",
    "ManifestError",
    "MapLayer",
    "PeriodicJob",
    "SmartCityApp",
    "all_apps",
    "django_apps",
    "get_app",
    "load_apps",
]
