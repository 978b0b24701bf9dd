"""Data Terbuka on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from kotacerdas.apps.data_terbuka.config import SCHEMA, DataTerbukaSettings
from kotacerdas.contract import Manifest, SmartCityApp


class DataTerbuka(SmartCityApp):
    manifest = Manifest(
        key="data-terbuka",
        name={"id": "Data Terbuka", "en": "Open Data"},
        description={
            "id": "Portal data terbuka daerah (Satu Data Indonesia) dengan API yang kompatibel CKAN.",
            "en": "The region's open-data portal (Satu Data Indonesia) with a CKAN-compatible API.",
        },
        dimension="governance",
        secondary_dimensions=(),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas.apps.data_terbuka.apps.DataTerbukaConfig"
    config_model = DataTerbukaSettings
