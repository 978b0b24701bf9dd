"""Agenda & Wisata on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from kotacerdas.apps.agenda_wisata.config import SCHEMA, AgendaWisataSettings
from kotacerdas.contract import Manifest, SmartCityApp


class AgendaWisata(SmartCityApp):
    manifest = Manifest(
        key="agenda-wisata",
        name={"id": "Agenda & Wisata", "en": "Events & Tourism"},
        description={
            "id": "Agenda acara, destinasi wisata dan produk unggulan daerah, dengan merek daerah.",
            "en": "Events calendar, tourist destinations and local products, under the region's brand.",
        },
        dimension="branding",
        secondary_dimensions=('economy',),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas.apps.agenda_wisata.apps.AgendaWisataConfig"
    config_model = AgendaWisataSettings
