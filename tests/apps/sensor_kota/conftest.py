"""A small world for Sensor Kota tests: two regions, stations, sensors and keys.

Lighter than the whole demo (which seeds every app), so store and ingestion tests stay fast;
tests that need the demo users use the ``demo`` fixture instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from kotacerdas.apps.sensor_kota.ingest import directory, pipeline
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.apps.sensor_kota.services.keys import issue_ingest_key
from kotacerdas.contract import AppContext, get_app
from kotacerdas.core import keys
from kotacerdas.core.models import Agency, Province, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context
from kotacerdas.platform.installations import enable_app

SYSTEM = Scope.system("sensor-kota tests")


@dataclass
class World:
    semarang: Region
    kendal: Region
    river: Station
    air: Station
    private: Station
    kendal_river: Station
    level: Sensor
    rain: Sensor
    pm25: Sensor
    pm10: Sensor
    secret: Sensor
    kendal_level: Sensor
    key: str
    kendal_key: str
    device_key: str

    def post(
        self,
        body: object,
        key: str | None = None,
        path: str = "/api/apps/sensor-kota/ingest",
        **headers: str,
    ) -> object:
        import orjson

        data = body if isinstance(body, bytes) else orjson.dumps(body)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key or self.key}"} if key != "" else {}
        return Client().post(path, data, content_type="application/json", **auth, **headers)


def context_of(region: Region, scope: Scope | None = None) -> AppContext[Any]:
    """The app's context in ``region`` as the platform builds it for jobs and hooks (a
    system scope reaching only that region), or for ``scope``."""
    app = get_app("sensor-kota")
    assert app is not None
    ctx = region_context(app, region, scope)
    assert ctx is not None, f"sensor-kota is not enabled for {region.slug}"
    return ctx


def disable(region: Region) -> None:
    """Turn Sensor Kota off for ``region`` (and make every cache of this process forget)."""
    from kotacerdas.core.models import AppInstallation
    from kotacerdas.platform.context import forget_contexts

    AppInstallation.objects.unscoped("test").filter(region=region, app_key="sensor-kota").update(
        enabled=False
    )
    forget_contexts()
    pipeline.forget_configs()


def _region(province: Province, code: str, name: str, slug: str) -> Region:
    return Region.objects.create(
        province=province,
        code=code,
        name=name,
        kind="kota",
        slug=slug,
        centre_lat=-7.0,
        centre_lng=110.4,
        bbox_west=110.0,
        bbox_south=-7.2,
        bbox_east=110.6,
        bbox_north=-6.8,
    )


def _station(region: Region, code: str, kind: str, public: bool = True) -> Station:
    return Station.objects.unscoped("test").create(
        region=region,
        code=code,
        name=code.replace("-", " ").title(),
        kind=kind,
        lat=-7.0,
        lng=110.4,
        public=public,
    )


def _sensor(station: Station, quantity: str, unit: str, interval: int = 60) -> Sensor:
    return Sensor.objects.unscoped("test").create(
        region=station.region,
        station=station,
        code=f"{station.code}-{quantity}",
        quantity=quantity,
        unit=unit,
        interval_seconds=interval,
    )


@pytest.fixture(autouse=True)
def _fresh_caches(settings: object) -> None:
    # Every test evaluates status at once (no throttling) and starts with empty caches.
    settings.SENSOR_KOTA_EVALUATE_SECONDS = 0  # type: ignore[attr-defined]
    directory.forget()
    keys.forget_cached_keys()
    pipeline.forget_configs()
    from kotacerdas.apps.sensor_kota.derive import evaluate

    evaluate._last_run.clear()


@pytest.fixture
def world(empty_db: None) -> World:
    province = Province.objects.create(code="33", name="Jawa Tengah")
    semarang = _region(province, "33.74", "Kota Semarang", "semarang")
    kendal = _region(province, "33.24", "Kabupaten Kendal", "kendal")
    for region in (semarang, kendal):
        for slug in ("bpbd", "dlh"):
            Agency.objects.unscoped("test").create(
                region=region, slug=slug, name=slug.upper(), email=f"{slug}@{region.slug}.go.id"
            )
        enable_app(
            SYSTEM,
            region,
            "sensor-kota",
            {"alert_emails": ["piket@semarang.go.id"]},
        )
    river, air = _station(semarang, "sungai", "water"), _station(semarang, "udara", "air")
    river.flood_thresholds_cm = {"waspada": 60, "siaga": 100, "awas": 200}
    river.save(update_fields=["flood_thresholds_cm"])
    private = _station(semarang, "rahasia", "water", public=False)
    kendal_river = _station(kendal, "bodri", "water")
    w = World(
        semarang,
        kendal,
        river,
        air,
        private,
        kendal_river,
        level=_sensor(river, "water_level", "cm"),
        rain=_sensor(river, "rainfall", "mm"),
        pm25=_sensor(air, "pm25", "µg/m³"),
        pm10=_sensor(air, "pm10", "µg/m³"),
        secret=_sensor(private, "water_level", "cm"),
        kendal_level=_sensor(kendal_river, "water_level", "cm"),
        key=issue_ingest_key(SYSTEM, semarang, "gateway")[1],
        kendal_key=issue_ingest_key(SYSTEM, kendal, "gateway")[1],
        device_key=issue_ingest_key(SYSTEM, semarang, "device", station=air)[1],
    )
    return w
