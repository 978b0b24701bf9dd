"""Demo stations for Kota Semarang and Kabupaten Kendal, three days of history, and the
gateway key ``demo-sensor-key`` for Kota Semarang. Idempotent: rows are looked up first and
readings are keyed by (sensor, ts), so a re-run adds nothing twice.
"""

from __future__ import annotations

import random
import time

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig, typed_config
from kotacerdas.apps.sensor_kota.derive.evaluate import KEY, evaluate
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.apps.sensor_kota.quantities import QUANTITIES
from kotacerdas.apps.sensor_kota.services.keys import digest, issue_ingest_key
from kotacerdas.apps.sensor_kota.simulation import reading
from kotacerdas.core.models import Agency, ApiKey, AppInstallation, Region
from kotacerdas.core.tenancy import Scope

SYSTEM = "seeding the sensor-kota demo"
DEMO_KEY = "demo-sensor-key"
HISTORY_DAYS = 3
STEP_S = 300  # the loggers' expected interval
# History every 15 minutes keeps the seed under a second (every test with the demo pays it).
HISTORY_STEP_S = 900
AIR = ("pm25", "pm10", "co", "o3", "no2", "so2")

# region slug → (code, name, kind, lat, lng, agency slug, quantities, base, thresholds cm)
STATIONS: dict[
    str,
    list[tuple[str, str, str, float, float, str, tuple[str, ...], float, dict[str, int] | None]],
] = {
    "semarang": [
        ("aq-simpang-lima", "Simpang Lima", "air", -6.9903, 110.4229, "dlh", AIR, 14, None),
        ("aq-tugu-muda", "Tugu Muda", "air", -6.9840, 110.4093, "dlh", ("pm25", "pm10"), 18, None),
        (
            "aq-genuk",
            "Genuk (kawasan industri)",
            "air",
            -6.9560,
            110.4700,
            "dlh",
            ("pm25", "pm10"),
            30,
            None,
        ),
        (
            "awlr-simongan",
            "Bendung Simongan",
            "water",
            -6.9925,
            110.3890,
            "bpbd",
            ("water_level", "rainfall"),
            45,
            {"waspada": 60, "siaga": 100, "awas": 200},
        ),
        (
            "awlr-bkt",
            "Banjir Kanal Timur",
            "water",
            -6.9750,
            110.4450,
            "bpbd",
            ("water_level",),
            35,
            {"waspada": 80, "siaga": 130, "awas": 220},
        ),
        (
            "awlr-babon",
            "Kali Babon",
            "water",
            -6.9900,
            110.4800,
            "bpbd",
            ("water_level",),
            30,
            {"waspada": 70, "siaga": 120, "awas": 190},
        ),
        (
            "arr-gunungpati",
            "Gunungpati",
            "weather",
            -7.0850,
            110.3750,
            "bpbd",
            ("rainfall", "temperature", "humidity"),
            0,
            None,
        ),
    ],
    "kendal": [
        (
            "aq-kendal-kota",
            "Alun-alun Kendal",
            "air",
            -6.9220,
            110.2040,
            "dlh",
            ("pm25", "pm10"),
            12,
            None,
        ),
        (
            "awlr-bodri",
            "Kali Bodri",
            "water",
            -6.9600,
            110.1550,
            "bpbd",
            ("water_level", "rainfall"),
            50,
            {"waspada": 90, "siaga": 150, "awas": 250},
        ),
    ],
}


def seed(regions: list[Region]) -> None:
    for region in regions:
        if region.slug in STATIONS:
            _seed_region(region)


def _seed_region(region: Region) -> None:
    stations, sensors = Station.objects.unscoped(SYSTEM), Sensor.objects.unscoped(SYSTEM)
    made: list[tuple[Station, list[Sensor], float]] = []
    for code, name, kind, lat, lng, agency_slug, quantities, base, limits in STATIONS[region.slug]:
        agency = Agency.objects.unscoped(SYSTEM).filter(region=region, slug=agency_slug).first()
        station = stations.filter(region=region, code=code).first() or stations.create(
            region=region,
            code=code,
            name=name,
            kind=kind,
            lat=lat,
            lng=lng,
            agency=agency,
            flood_thresholds_cm=dict(limits or {}),
        )
        own = []
        for quantity in quantities:
            sensor_code = f"{code}-{quantity.replace('_', '-')}"
            sensor = sensors.filter(region=region, code=sensor_code).first() or sensors.create(
                region=region,
                station=station,
                code=sensor_code,
                quantity=quantity,
                unit=QUANTITIES[quantity].unit,
                interval_seconds=STEP_S,
            )
            own.append(sensor)
        made.append((station, own, base))
    config = _configure(region)
    _history(made)
    for station, _own, _base in made:
        evaluate(region, config, station)
    if region.slug == "semarang":
        _demo_key(region)


def _configure(region: Region) -> SensorKotaConfig:
    row = AppInstallation.objects.unscoped(SYSTEM).filter(region=region, app_key=KEY).first()
    if row is None:
        return SensorKotaConfig()
    return typed_config(dict(row.config))


def _history(made: list[tuple[Station, list[Sensor], float]]) -> None:
    now = int(time.time()) // HISTORY_STEP_S * HISTORY_STEP_S
    start = now - HISTORY_DAYS * 86400
    storm = now - 20 * 3600  # a storm yesterday: the river crested and receded
    rows: list[tuple[int, int, float]] = []
    for station, own, base in made:
        rng = random.Random(station.code)
        for sensor in own:
            for t in range(start, now + 1, HISTORY_STEP_S):
                rows.append((sensor.pk, t * 1000, reading(sensor.quantity, t, base, storm, rng)))
    for i in range(0, len(rows), 20_000):
        store.write_batch(rows[i : i + 20_000])


def _demo_key(region: Region) -> None:
    if not ApiKey.objects.unscoped(SYSTEM).filter(digest=digest(DEMO_KEY)).exists():
        issue_ingest_key(Scope.system(SYSTEM), region, "Demo gateway", clear=DEMO_KEY)
    print(f"Sensor Kota: gateway key for {region.name}: {DEMO_KEY}")
