"""Darurat 112 on the app contract. Imported while settings load: hooks import lazily."""

from __future__ import annotations

from kotacerdas.apps.darurat_112.config import SCHEMA, Darurat112Settings
from kotacerdas.contract import Manifest, SmartCityApp


class Darurat112(SmartCityApp):
    manifest = Manifest(
        key="darurat-112",
        name={"id": "Darurat 112", "en": "Emergency 112"},
        description={
            "id": "Panggilan darurat 112, penugasan responden dengan target waktu, dan peringatan dini CAP.",
            "en": "112 emergency calls, dispatch to responders against a target time, and CAP public warnings.",
        },
        dimension="society",
        secondary_dimensions=('living',),
        version="0.1.0",
        publisher="kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas.apps.darurat_112.apps.Darurat112Config"
    config_model = Darurat112Settings
