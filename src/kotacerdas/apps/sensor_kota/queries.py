"""Reads for pages, the API and the contract: what a caller may see, fail-closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.derive import flood
from kotacerdas.apps.sensor_kota.derive.ispu import category
from kotacerdas.apps.sensor_kota.labels import ispu_label
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.contract import AppContext

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
Ctx = AppContext[SensorKotaConfig]


def stations(ctx: Ctx, *, public_only: bool = False) -> QuerySet[Station]:
    """Public stations for everyone; private ones too for callers who may read the region
    (unless ``public_only``: what public tiles and layers show, whoever computes them).
    Retired stations are left out: the console lists them (``services/stations.py``)."""
    if ctx.can_read_private and not public_only:
        rows = Station.objects.scoped(ctx.scope).filter(region=ctx.region)
    else:
        rows = Station.objects.unscoped("public stations are open data").filter(
            region=ctx.region, public=True
        )
    return rows.filter(retired_at=None).select_related("agency")


def station(ctx: Ctx, code: str) -> Station | None:
    return stations(ctx).filter(code=code).first()


@dataclass
class StationView:
    station: Station
    values: list[dict[str, Any]] = field(default_factory=list)
    colour: str = "#888888"
    status: str = ""
    url: str = ""

    @property
    def ispu(self) -> int | None:
        """The ISPU pages show: none when the station is set not to display it."""
        return self.station.ispu if self.station.show_ispu else None

    def feature(self) -> dict[str, Any]:
        s = self.station
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [s.lng, s.lat]},
            "properties": {
                "code": s.code,
                "name": s.name,
                "kind": s.kind,
                "colour": self.colour,
                "status": self.status,
                "ispu": self.ispu,
                "url": self.url,
                "values": {v["quantity"]: v["value"] for v in self.values},
            },
        }


def station_views(rows: list[Station], config: SensorKotaConfig) -> list[StationView]:
    sensors = list(
        Sensor.objects.unscoped("sensors of stations already scoped").filter(station__in=rows)
    )
    latest = store.latest([s.pk for s in sensors])
    views = {s.pk: StationView(s) for s in rows}
    for sensor in sensors:
        if sensor.pk in latest:
            ts, value = latest[sensor.pk]
            views[sensor.station_id].values.append(
                {
                    "quantity": sensor.quantity,
                    "label": sensor.get_quantity_display(),
                    "value": round(value, 1),
                    "unit": sensor.unit,
                    "at": dt.datetime.fromtimestamp(ts / 1000, WIB),
                }
            )
    for view in views.values():
        _colour(view, config)
    return list(views.values())


def stations_reporting(rows: list[Station], since_ms: int) -> int:
    """How many of ``rows`` (stations already scoped) had a reading from any of their
    sensors at or after ``since_ms``: one newest-reading seek per sensor."""
    sensors = Sensor.objects.unscoped("sensors of stations already scoped").filter(station__in=rows)
    station_of = dict(sensors.values_list("pk", "station_id"))
    latest = store.latest(list(station_of))
    return len({station_of[sid] for sid, (ts, _v) in latest.items() if ts >= since_ms})


def _colour(view: StationView, config: SensorKotaConfig) -> None:
    s = view.station
    if s.kind == Station.Kind.AIR and view.ispu is not None:
        cat = category(view.ispu, config.ispu_categories)
        view.colour, view.status = cat.colour, ispu_label(cat.key, cat.label)
    elif s.kind == Station.Kind.WATER and s.flood_level:
        level = flood.level_by_key(config, s.flood_level)
        if level is not None:
            view.colour, view.status = level.colour, level.label


def sensors_of(station: Station) -> list[Sensor]:
    return list(
        Sensor.objects.unscoped("sensors of a station already scoped").filter(station=station)
    )
