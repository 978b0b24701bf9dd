"""Reads for pages, the API and the contract: what a caller may see, fail-closed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.derive import flood
from kotacerdas.apps.sensor_kota.derive.ispu import category
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def stations(scope: Scope, region: Region) -> QuerySet[Station]:
    """Public stations for everyone; private ones too for callers who may read the region."""
    if scope.can_read_private(region.pk):
        rows = Station.objects.scoped(scope).filter(region=region)
    else:
        rows = Station.objects.unscoped("public stations are open data").filter(
            region=region, public=True
        )
    return rows.select_related("agency")


def station(scope: Scope, region: Region, code: str) -> Station | None:
    return stations(scope, region).filter(code=code).first()


@dataclass
class StationView:
    station: Station
    values: list[dict[str, Any]] = field(default_factory=list)
    colour: str = "#888888"
    status: str = ""
    url: str = ""

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
                "ispu": s.ispu,
                "url": self.url,
                "values": {v["quantity"]: v["value"] for v in self.values},
            },
        }


def station_views(rows: list[Station], config: dict[str, Any]) -> list[StationView]:
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


def _colour(view: StationView, config: dict[str, Any]) -> None:
    s = view.station
    if s.kind == Station.Kind.AIR and s.ispu is not None:
        cat = category(s.ispu, config.get("ispu_categories"))
        view.colour, view.status = cat.colour, cat.label
    elif s.kind == Station.Kind.WATER and s.flood_level:
        level = flood.level_by_key(config, s.flood_level)
        if level is not None:
            view.colour, view.status = level.colour, level.label


def sensors_of(station: Station) -> list[Sensor]:
    return list(
        Sensor.objects.unscoped("sensors of a station already scoped").filter(station=station)
    )
