"""What the situation room gets through the contract: KPIs and map layers.

Both are public (the room's tiles and public layers are seen by citizens), so they read
only public stations whatever scope the context carries. Alerts are core rows, raised
where a condition is detected (``derive/notify.py``), never computed here.
"""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import queries
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.contract import KPI, AppContext, KpiState, MapLayer

Ctx = AppContext[SensorKotaConfig]
# A station counts as reporting when any of its sensors sent a reading this recently
# (the maturity index's "stations reporting"; silent sensors raise their own alerts).
REPORTING_HOURS = 24


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
    since_ms = int(time.time() * 1000) - REPORTING_HOURS * 3_600_000
    reporting = queries.stations_reporting(rows, since_ms)
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
        KPI(
            "stations_reporting",
            _("Stations reporting in the last %(n)d hours") % {"n": REPORTING_HOURS},
            reporting,
            f"/ {len(rows)}",
            "environment",
            state=(
                KpiState.NEUTRAL
                if not rows
                else KpiState.GOOD
                if reporting == len(rows)
                else KpiState.WARNING
            ),
            of=len(rows),
        ),
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


# -- open data (``datasets()``) ---------------------------------------------------------------

_WIB_MS = 7 * 3_600_000  # WIB is UTC+7 all year


def _public_sensors(ctx: Ctx) -> dict[int, tuple[str, str, str, str]]:
    """sensor id → (station code, station name, quantity, unit) of public stations."""
    from kotacerdas.apps.sensor_kota.models import Sensor

    rows = (
        Sensor.objects.scoped(ctx.scope)
        .filter(region=ctx.region, station__public=True)
        .values_list("pk", "station__code", "station__name", "quantity", "unit")
    )
    return {pk: (code, name, q, unit) for pk, code, name, q, unit in rows}


def _hourly_rows(ctx: Ctx) -> Any:
    import datetime as dt

    from kotacerdas.apps.sensor_kota.models import RollupHour

    sensors = _public_sensors(ctx)
    rows = (
        RollupHour.objects.filter(sensor_id__in=list(sensors))
        .order_by("bucket", "sensor_id")
        .values_list("sensor_id", "bucket", "n", "vmin", "vmax", "vsum")
    )
    for sid, bucket, n, vmin, vmax, vsum in rows.iterator(chunk_size=5000):
        code, name, quantity, unit = sensors[sid]
        at = dt.datetime.fromtimestamp(bucket / 1000, tz=dt.UTC)
        yield (code, name, quantity, unit, at, round(vsum / n, 3) if n else None, vmin, vmax, n)


def _daily_cells(ctx: Ctx) -> dict[tuple[Any, int], list[float]]:
    """(WIB day, sensor id) → [n, min, max, sum], folded from the hourly rollup."""
    import datetime as dt

    from kotacerdas.apps.sensor_kota.models import RollupHour

    sensors = _public_sensors(ctx)
    cells: dict[tuple[Any, int], list[float]] = {}
    rows = RollupHour.objects.filter(sensor_id__in=list(sensors)).values_list(
        "sensor_id", "bucket", "n", "vmin", "vmax", "vsum"
    )
    epoch = dt.date(1970, 1, 1)
    for sid, bucket, n, vmin, vmax, vsum in rows.iterator(chunk_size=5000):
        day = epoch + dt.timedelta(days=(bucket + _WIB_MS) // 86_400_000)
        cell = cells.get((day, sid))
        if cell is None:
            cells[(day, sid)] = [n, vmin, vmax, vsum]
        else:
            cell[0] += n
            cell[1] = min(cell[1], vmin)
            cell[2] = max(cell[2], vmax)
            cell[3] += vsum
    return cells


def _daily_rows(ctx: Ctx) -> Any:
    sensors = _public_sensors(ctx)
    cells = _daily_cells(ctx)
    for (day, sid), (n, vmin, vmax, vsum) in sorted(
        cells.items(), key=lambda kv: (kv[0][0], sensors[kv[0][1]][0], sensors[kv[0][1]][2])
    ):
        code, name, quantity, unit = sensors[sid]
        yield (
            code,
            name,
            quantity,
            unit,
            day,
            round(vsum / n, 3) if n else None,
            vmin,
            vmax,
            int(n),
        )


def _ispu_rows(ctx: Ctx) -> Any:
    from kotacerdas.apps.sensor_kota.derive.ispu import ispu
    from kotacerdas.apps.sensor_kota.quantities import AIR_QUANTITIES

    sensors = _public_sensors(ctx)
    means: dict[tuple[Any, str, str], dict[str, float]] = {}
    for (day, sid), (n, _vmin, _vmax, vsum) in _daily_cells(ctx).items():
        code, name, quantity, _unit = sensors[sid]
        if quantity in AIR_QUANTITIES and n:
            means.setdefault((day, code, name), {})[quantity] = vsum / n
    config = ctx.config
    for (day, code, name), values in sorted(means.items()):
        result = ispu(values, config.ispu_breakpoints, config.ispu_categories)
        if result is None:
            continue
        yield (code, name, day, result.value, result.category.key, result.critical)


def datasets(ctx: Ctx) -> list[Any]:
    from kotacerdas.contract import Column, Dataset, Frequency, Table

    region = ctx.region

    def t(id_: str, en: str) -> dict[str, str]:
        return {"id": id_, "en": en}

    station = [
        Column("stasiun", "text", t("Kode stasiun", "Station code")),
        Column("nama_stasiun", "text", t("Nama stasiun", "Station name")),
        Column(
            "besaran",
            "text",
            t("Besaran", "Quantity"),
            "",
            t("Besaran yang diukur (pm25, pm10, water_level …)", "Measured quantity"),
        ),
        Column("satuan", "text", t("Satuan", "Unit")),
    ]
    values = [
        Column("rata_rata", "numeric", t("Rata-rata", "Mean")),
        Column("minimum", "numeric", t("Minimum", "Minimum")),
        Column("maksimum", "numeric", t("Maksimum", "Maximum")),
        Column("jumlah_data", "integer", t("Jumlah pembacaan", "Readings"), "pembacaan"),
    ]
    hourly = Table(
        "nilai-per-jam",
        t("Nilai per jam per stasiun dan besaran", "Hourly values per station and quantity"),
        [
            *station,
            Column(
                "jam",
                "timestamp",
                t("Jam mulai", "Hour starting"),
                "",
                t("Awal jam pengukuran", "Start of the hour"),
            ),
            *values,
        ],
        lambda: _hourly_rows(ctx),
    )
    daily = Table(
        "nilai-harian",
        t("Nilai harian per stasiun dan besaran", "Daily values per station and quantity"),
        [
            *station,
            Column("tanggal", "date", t("Tanggal (WIB)", "Date (WIB)")),
            *values,
        ],
        lambda: _daily_rows(ctx),
    )
    ispu_table = Table(
        "ispu-harian",
        t("ISPU harian per stasiun", "Daily ISPU per station"),
        [
            station[0],
            station[1],
            Column("tanggal", "date", t("Tanggal (WIB)", "Date (WIB)")),
            Column(
                "ispu",
                "integer",
                t("ISPU", "ISPU"),
                "",
                t(
                    "Indeks Standar Pencemar Udara (Permen LHK P.14/2020) dari rata-rata harian",
                    "Air Pollution Standard Index (P.14/2020) from the daily means",
                ),
            ),
            Column("kategori", "text", t("Kategori", "Category")),
            Column("parameter_kritis", "text", t("Parameter kritis", "Critical pollutant")),
        ],
        lambda: _ispu_rows(ctx),
    )
    return [
        Dataset(
            "sensor-kota-per-jam",
            t(f"Data sensor per jam {region.name}", f"Hourly sensor data, {region.name}"),
            t(
                "Rata-rata, minimum dan maksimum per jam setiap stasiun publik dan besaran "
                "(kualitas udara, tinggi muka air, cuaca).",
                "Hourly mean, minimum and maximum of every public station and quantity.",
            ),
            Frequency.REALTIME,
            "dlh",
            tables=[hourly],
            tags=["sensor", "kualitas-udara", "lingkungan"],
            dimension="environment",
        ),
        Dataset(
            "sensor-kota-harian",
            t(
                f"Data sensor harian dan ISPU {region.name}",
                f"Daily sensor data and ISPU, {region.name}",
            ),
            t(
                "Nilai harian (WIB) setiap stasiun publik dan besaran, dan ISPU harian.",
                "Daily (WIB) values of every public station and quantity, and the daily ISPU.",
            ),
            Frequency.DAILY,
            "dlh",
            tables=[daily, ispu_table],
            tags=["sensor", "ispu", "kualitas-udara", "lingkungan"],
            dimension="environment",
        ),
    ]
