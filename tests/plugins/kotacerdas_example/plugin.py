"""The contract implementation: manifest plus every hook the platform composes.

Like every plugin module it is imported while Django's settings load, so it imports no
models or views at the top; each hook imports what it needs.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from kotacerdas.contract import KPI, Alert, Dataset, Manifest, MapLayer, SmartCityApp

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "parks": {
            "type": "array",
            "default": [{"name": "Taman Indonesia Kaya", "lat": -6.99, "lng": 110.42}],
            "items": {
                "type": "object",
                "required": ["name", "lat", "lng"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "lat": {"type": "number", "minimum": -11, "maximum": 6},
                    "lng": {"type": "number", "minimum": 95, "maximum": 141},
                },
            },
        },
        "target_parks": {"type": "integer", "minimum": 0, "default": 5},
        # The agency that maintains the parks: a reference the catalog maps on adoption.
        "managing_agency": {"type": "string", "x-kotacerdas-ref": "agency", "default": "dlh"},
    },
}


class ContohTaman(SmartCityApp):
    manifest = Manifest(
        key="contoh-taman",
        name={"id": "Contoh Taman Kota", "en": "Example City Parks"},
        description={"id": "Daftar taman kota sebuah daerah.", "en": "A region's city parks."},
        dimension="living",
        secondary_dimensions=("environment",),
        version="0.1.0",
        publisher="Tim Uji kotacerdas",
        licence="EUPL-1.2",
        config_schema=SCHEMA,
    )
    django_app = "kotacerdas_example.apps.ExampleConfig"

    def public_urls(self) -> list[Any]:
        from kotacerdas_example import views

        return [path("", views.public_index, name="index")]

    def staff_urls(self) -> list[Any]:
        from kotacerdas_example import views

        return [path("", views.staff_index, name="index")]

    def root_urls(self) -> list[Any]:
        from kotacerdas_example import views

        return [path("contoh-taman/ping", views.root_ping)]

    def api_router(self) -> Any:
        from kotacerdas_example import views

        return views.router

    def kpis(self, region: Any) -> list[KPI]:
        from kotacerdas.core.services.apps import app_config
        from kotacerdas_example.views import parks

        config = app_config(region, self.key) or {}
        n = len(parks(region))
        target = int(config.get("target_parks", 5))
        return [
            KPI(
                "parks",
                "Jumlah taman",
                n,
                "taman",
                "living",
                state="good" if n >= target else "warning",
            )
        ]

    def map_layers(self, region: Any) -> list[MapLayer]:
        from kotacerdas_example.views import parks

        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["lng"], p["lat"]]},
                "properties": {"name": p["name"]},
            }
            for p in parks(region)
        ]
        return [MapLayer("parks", "Taman", {"type": "FeatureCollection", "features": features})]

    def alerts(self, region: Any) -> list[Alert]:
        return []

    def datasets(self, region: Any) -> list[Dataset]:
        return [Dataset("taman-kota", "Taman kota", "Daftar taman kota")]
