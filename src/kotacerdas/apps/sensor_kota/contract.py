"""What the situation room gets through the contract: KPIs and map layers.

Both are public (the room's tiles and public layers are seen by citizens), so they read
only public stations whatever scope the context carries. Alerts are core rows, raised
where a condition is detected (``derive/notify.py``), never computed here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import queries
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.contract import KPI, AppContext, KpiState, MapLayer

Ctx = AppContext[SensorKotaConfig]


def _ispu_state(worst: int | None) -> KpiState:
    if worst is None:
        return KpiState.NEUTRAL
    if worst <= 50:
        return KpiState.GOOD
    return KpiState.WARNING if worst <= 100 else KpiState.BAD


def kpis(ctx: Ctx) -> list[KPI]:
    rows = list(queries.stations(ctx, public_only=True))
    air = [
        s.ispu for s in rows if s.kind == Station.Kind.AIR and s.ispu is not None and s.show_ispu
    ]
    water = [s for s in rows if s.kind == Station.Kind.WATER]
    alarmed = [s for s in water if s.flood_level and s.flood_level != "normal"]
    worst = max(air) if air else None
    return [
        KPI("ispu_max", _("Highest ISPU"), worst, "ISPU", "environment", state=_ispu_state(worst)),
        KPI(
            "flood_stations_alert",
            _("River gauges above normal"),
            len(alarmed),
            _("stations"),
            "environment",
            state=KpiState.BAD if alarmed else KpiState.GOOD,
        ),
        KPI("stations", _("Sensor stations"), len(rows), _("stations"), "environment"),
    ]


def map_layers(ctx: Ctx) -> list[MapLayer]:
    views = queries.station_views(list(queries.stations(ctx, public_only=True)), ctx.config)
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
