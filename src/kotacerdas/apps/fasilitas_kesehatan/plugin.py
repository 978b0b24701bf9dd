"""Fasilitas Kesehatan on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from kotacerdas.apps.fasilitas_kesehatan.config import SCHEMA, FasilitasKesehatanSettings
from kotacerdas.contract import Manifest, SmartCityApp


class FasilitasKesehatan(SmartCityApp):
    manifest = Manifest(
        key="fasilitas-kesehatan",
        name={"id": "Fasilitas Kesehatan", "en": "Health Facilities"},
        description={
            "id": "Fasilitas kesehatan dan ketersediaan tempat tidur per kelas, pencari publik, API FHIR R4.",
            "en": "Health facilities and bed availability per room class, a public finder, a FHIR R4 API.",
        },
        dimension="living",
        secondary_dimensions=(),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas.apps.fasilitas_kesehatan.apps.FasilitasKesehatanConfig"
    config_model = FasilitasKesehatanSettings
