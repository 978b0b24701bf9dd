"""What the situation room gets through the contract: KPIs, map layers, open alerts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import queries
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.contract import KPI, Alert, MapLayer
from kotacerdas.core.models import AlertRecord, Region
from kotacerdas.platform.installations import app_config
from kotacerdas.core.tenancy import Scope

KEY = "sensor-kota"


def _public_views(region: Region) -> list[queries.StationView]:
    rows = list(queries.stations(Scope.public(), region))
    return queries.station_views(rows, app_config(region, KEY) or {})


def kpis(region: Region) -> list[KPI]:
    rows = list(queries.stations(Scope.public(), region))
    air = [s.ispu for s in rows if s.kind == Station.Kind.AIR and s.ispu is not None]
    water = [s for s in rows if s.kind == Station.Kind.WATER]
    alarmed = [s for s in water if s.flood_level and s.flood_level != "normal"]
    worst = max(air) if air else None
    return [
        KPI(
            "ispu_max",
            _("Highest ISPU"),
            worst,
            "ISPU",
            "environment",
            state="neutral"
            if worst is None
            else "good"
            if worst <= 50
            else "warning"
            if worst <= 100
            else "bad",
        ),
        KPI(
            "flood_stations_alert",
            _("River gauges above normal"),
            len(alarmed),
            _("stations"),
            "environment",
            state="good" if not alarmed else "bad",
        ),
        KPI("stations", _("Sensor stations"), len(rows), _("stations"), "environment"),
    ]


def map_layers(region: Region) -> list[MapLayer]:
    views = _public_views(region)
    layers = []
    for kind, label in (
        (Station.Kind.AIR, _("Air quality (ISPU)")),
        (Station.Kind.WATER, _("River levels")),
    ):
        features = [v.feature() for v in views if v.station.kind == kind]
        layers.append(
            MapLayer(f"stations-{kind}", label, {"type": "FeatureCollection", "features": features})
        )
    return layers


def open_alerts(region: Region) -> list[Alert]:
    rows = AlertRecord.objects.unscoped("an app lists its own open alerts").filter(
        region=region, app_key=KEY, state__in=["active", "acknowledged"]
    )[:50]
    return [
        Alert(
            f"{row.pk}", row.title, row.severity, row.raised_at.isoformat(), row.public, row.detail
        )
        for row in rows
    ]
