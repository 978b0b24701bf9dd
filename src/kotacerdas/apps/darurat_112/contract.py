"""The contract hooks: KPIs under society, the active-incident layer (staff only), the open
datasets, and the console's counts.

No hook hands out a caller's number, a name, an address or a description: the KPIs and
datasets are counts and durations; the map layer carries type and state and is staff-only
(``public=False``: an incident's place — a KDRT call's home — is not for the public room).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotacerdas.apps.darurat_112 import queries
from kotacerdas.apps.darurat_112.config import D112Context
from kotacerdas.apps.darurat_112.models import Dispatch, DispatchStatus, IncidentState
from kotacerdas.contract import KPI, Column, Dataset, Frequency, KpiState, MapLayer, Table
from kotacerdas.core.calendar import local_date

DIMENSION = "society"


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def kpis(ctx: D112Context) -> list[KPI]:
    today = local_date(timezone.now())
    now, before = (
        queries.day_figures(ctx.region_id, today),
        queries.day_figures(ctx.region_id, today - dt.timedelta(days=1)),
    )
    active = queries.active_count(ctx)
    unack = (
        Dispatch.objects.scoped(ctx.scope)
        .filter(
            region=ctx.region,
            status=DispatchStatus.DISPATCHED,
            dispatched_at__lt=timezone.now()
            - dt.timedelta(seconds=ctx.config.unacknowledged_seconds),
        )
        .count()
    )
    share = now.within_share
    return [
        KPI("calls-today", _("112 calls today"), now.calls, _("calls"), DIMENSION, before.calls),
        KPI(
            "nuisance-share",
            _("Prank, silent and test calls today"),
            now.nuisance_share,
            "%",
            DIMENSION,
            before.nuisance_share,
        ),
        KPI(
            "active-incidents",
            _("Active emergencies"),
            active,
            _("incidents"),
            DIMENSION,
            state=KpiState.NEUTRAL if active == 0 else KpiState.WARNING,
        ),
        KPI(
            "unacknowledged",
            _("Dispatches not acknowledged"),
            unack,
            _("dispatches"),
            DIMENSION,
            state=KpiState.GOOD if unack == 0 else KpiState.BAD,
        ),
        KPI(
            "answer-to-dispatch",
            _("Median answer → dispatch today"),
            _minutes(now.median_a2d),
            _("minutes"),
            DIMENSION,
            _minutes(before.median_a2d),
        ),
        KPI(
            "dispatch-to-scene",
            _("Median dispatch → on scene today"),
            _minutes(now.median_d2s),
            _("minutes"),
            DIMENSION,
            _minutes(before.median_d2s),
        ),
        KPI(
            "within-target",
            _("On scene within %(n)d minutes today") % {"n": ctx.config.target_minutes},
            share,
            "%",
            DIMENSION,
            before.within_share,
            state=(
                KpiState.NEUTRAL
                if share is None
                else KpiState.GOOD
                if share >= 80
                else KpiState.WARNING
                if share >= 50
                else KpiState.BAD
            ),
        ),
    ]


def incident_features(ctx: D112Context) -> list[dict[str, Any]]:
    """One point per active incident with a place: type, severity, state, late. Two reads of
    tuples (no model instances): the room recomputes it on every Darurat 112 event."""
    language = get_language() or "id"
    names = {t.key: t.name.label(language) for t in ctx.config.incident_types}
    order = {s.value: i for i, s in enumerate(DispatchStatus)}
    done = {DispatchStatus.FINISHED.value, DispatchStatus.DECLINED.value}
    best: dict[int, str] = {}
    for incident_id, status in (
        Dispatch.objects.scoped(ctx.scope)
        .filter(region=ctx.region, incident__state=IncidentState.ACTIVE)
        .values_list("incident_id", "status")
    ):
        if status in done:
            continue
        now_best = best.get(incident_id)
        if now_best is None or order[status] > order[now_best]:
            best[incident_id] = status
    base = f"/console/{ctx.region.slug}/darurat-112/kejadian/"
    now = timezone.now()
    features = []
    for pk, type_key, severity, lat, lng, opened, on_scene, target in (
        queries.incidents(ctx)
        .filter(state=IncidentState.ACTIVE, lat__isnull=False)
        .values_list(
            "pk",
            "type_key",
            "severity",
            "lat",
            "lng",
            "opened_at",
            "first_on_scene_at",
            "target_minutes",
        )[:2000]
    ):
        late = on_scene is None and (now - opened).total_seconds() > target * 60
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lng, lat]},
                "properties": {
                    "incident": pk,
                    "type": type_key,
                    "name": names.get(type_key, type_key),
                    "severity": severity,
                    "state": best.get(pk, "waiting"),
                    "late": late,
                    "url": f"{base}{pk}/",
                },
            }
        )
    return features


def map_layers(ctx: D112Context) -> list[MapLayer]:
    features = incident_features(ctx)
    return [
        MapLayer(
            "active-incidents",
            _("Active emergencies (112)"),
            {"type": "FeatureCollection", "features": features},
            public=False,
        )
    ]


def category_names(ctx: D112Context) -> dict[str, dict[str, str]]:
    names = {
        t.key: {"id": t.name.id, "en": t.name.en or t.name.id} for t in ctx.config.incident_types
    }
    names["prank"] = {"id": "Iseng", "en": "Prank"}
    names["silent"] = {"id": "Diam / terputus", "en": "Silent / dropped"}
    names["test"] = {"id": "Uji / salah sambung", "en": "Test / wrong number"}
    return names


def datasets(ctx: D112Context) -> list[Dataset]:
    region_id = ctx.region_id
    names = category_names(ctx)

    def calls() -> Iterator[Sequence[Any]]:
        for day, category, n in queries.daily_calls(region_id, days=365):
            yield (day, category, names.get(category, {}).get("id", category), n)

    def times() -> Iterator[Sequence[Any]]:
        for row in queries.daily_times(region_id, days=365):
            yield (
                row["day"],
                row["incidents"],
                row["median_a2d"],
                row["median_d2s"],
                row["on_scene"],
                row["within"],
            )

    return [
        Dataset(
            "panggilan-112",
            {"id": "Panggilan darurat 112 per hari", "en": "112 emergency calls per day"},
            {
                "id": "Jumlah panggilan 112 per hari menurut jenis kejadian, termasuk panggilan "
                "iseng, diam dan uji; tanpa nomor, nama atau uraian penelepon.",
                "en": "112 calls per day by incident type, prank, silent and test calls "
                "included; no caller's number, name or description.",
            },
            Frequency.DAILY,
            "diskominfo",
            tables=[
                Table(
                    "panggilan-per-hari",
                    {"id": "Panggilan per hari menurut jenis", "en": "Calls per day by type"},
                    [
                        Column("tanggal", "date", {"id": "Tanggal (WIB)", "en": "Date (WIB)"}),
                        Column("jenis", "text", {"id": "Kode jenis", "en": "Type code"}),
                        Column("nama_jenis", "text", {"id": "Jenis", "en": "Type"}),
                        Column(
                            "jumlah_panggilan",
                            "integer",
                            {"id": "Jumlah panggilan", "en": "Calls"},
                            unit="panggilan",
                        ),
                    ],
                    calls,
                )
            ],
            tags=["112", "darurat", "keselamatan"],
        ),
        Dataset(
            "waktu-tanggap-112",
            {"id": "Waktu tanggap darurat 112", "en": "112 emergency response times"},
            {
                "id": "Per hari: jumlah kejadian, median waktu terima → penugasan dan penugasan "
                "→ tiba di lokasi (detik), dan kejadian yang ditangani dalam target.",
                "en": "Per day: incidents, median answer → dispatch and dispatch → on scene "
                "(seconds), and incidents handled within the target.",
            },
            Frequency.DAILY,
            "diskominfo",
            tables=[
                Table(
                    "waktu-tanggap-per-hari",
                    {"id": "Waktu tanggap per hari", "en": "Response times per day"},
                    [
                        Column("tanggal", "date", {"id": "Tanggal (WIB)", "en": "Date (WIB)"}),
                        Column("kejadian", "integer", {"id": "Kejadian", "en": "Incidents"}),
                        Column(
                            "median_terima_tugas_detik",
                            "numeric",
                            {"id": "Median terima → penugasan", "en": "Median answer → dispatch"},
                            unit="detik",
                        ),
                        Column(
                            "median_tugas_tiba_detik",
                            "numeric",
                            {"id": "Median penugasan → tiba", "en": "Median dispatch → on scene"},
                            unit="detik",
                        ),
                        Column(
                            "tiba_di_lokasi",
                            "integer",
                            {"id": "Responden tiba", "en": "Reached on scene"},
                        ),
                        Column(
                            "dalam_target",
                            "integer",
                            {"id": "Tiba dalam target", "en": "On scene within target"},
                        ),
                    ],
                    times,
                )
            ],
            tags=["112", "darurat", "waktu-tanggap"],
        ),
    ]


def active_count(ctx: D112Context) -> int:
    return queries.active_count(ctx) if ctx.is_staff else 0


def my_dispatch_count(ctx: D112Context) -> int:
    return queries.my_dispatch_count(ctx) if ctx.is_staff else 0


def agency_open_work(ctx: D112Context, agency_id: int) -> int:
    from kotacerdas.apps.darurat_112.queries import OPEN_DISPATCH

    return (
        Dispatch.objects.scoped(ctx.scope)
        .filter(region=ctx.region, agency_id=agency_id, status__in=OPEN_DISPATCH)
        .count()
    )
