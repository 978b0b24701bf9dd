"""What the situation room, open data and the console get from Fasilitas Kesehatan.

Alerts are not a hook: stale-data and ICU/IGD occupancy alerts are core alert rows raised
and cleared by ``services/alerts.py`` (after every update and by the periodic job).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.fasilitas_kesehatan import queries
from kotacerdas.apps.fasilitas_kesehatan.config import FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.models import DailyBeds
from kotacerdas.apps.fasilitas_kesehatan.services.access import updatable_facilities
from kotacerdas.apps.fasilitas_kesehatan.services.beds import today_wib
from kotacerdas.apps.fasilitas_kesehatan.vocab import Kind, Owner, RoomClass
from kotacerdas.contract import (
    KPI,
    AppContext,
    Column,
    Dataset,
    Frequency,
    KpiState,
    MapLayer,
    Table,
)

Ctx = AppContext[FasilitasKesehatanSettings]

COLOURS = {
    "free": "#2e7d32",
    "few": "#f08a00",
    "full": "#c62828",
    "stale": "#757575",
    "none": "#1e88e5",
}
KPI_CLASSES = ("icu", "igd", "kelas-3")


def stale_count(ctx: Ctx) -> int:
    """The console's count: facilities the caller may update whose data is stale."""
    limit = queries.stale_before(ctx.config)
    return (
        updatable_facilities(ctx)
        .filter(beds_updated_at__isnull=False, beds_updated_at__lt=limit)
        .count()
    )


def _rate(occupied: float, total: int) -> float | None:
    return round(100 * occupied / total, 1) if total else None


def _state(rate: float | None, limit: int) -> KpiState:
    if rate is None:
        return KpiState.NEUTRAL
    if rate >= limit:
        return KpiState.BAD
    return KpiState.WARNING if rate >= limit - 10 else KpiState.GOOD


def kpis(ctx: Ctx) -> list[KPI]:
    region, config = ctx.region, ctx.config
    today = today_wib()
    yesterday = today - dt.timedelta(days=1)
    now = queries.occupancy_by_class(region)
    before = queries.occupancy_on(region, yesterday)
    labels = {
        "icu": _("ICU bed occupancy"),
        "igd": _("Emergency (IGD) bed occupancy"),
        "kelas-3": _("Class III bed occupancy"),
    }
    out = []
    for key in KPI_CLASSES:
        rate = _rate(*now.get(key, (0, 0)))
        prev = _rate(*before.get(key, (0.0, 0)))
        out.append(
            KPI(
                f"occupancy_{key.replace('-', '_')}",
                labels[key],
                rate,
                "%",
                "living",
                previous=prev,
                state=_state(rate, config.occupancy_alert_percent),
            )
        )
    occ = sum(o for o, _t in now.values())
    tot = sum(t for _o, t in now.values())
    all_rate = _rate(occ, tot)
    prev_all = _rate(sum(o for o, _t in before.values()), sum(t for _o, t in before.values()))
    out.append(
        KPI(
            "occupancy_all",
            _("Hospital bed occupancy, all classes"),
            all_rate,
            "%",
            "living",
            previous=prev_all,
            state=_state(all_rate, config.occupancy_alert_percent),
        )
    )
    reporting = queries.reporting_on(region, today)
    # Facilities that never had beds (a clinic without wards) have nothing to report.
    statuses = [s for s in queries.statuses(region, config) if s.state != "none"]
    with_beds = len(statuses)
    fresh = sum(1 for s in statuses if not s.stale)
    out.append(
        KPI(
            "facilities_reporting_today",
            _("Facilities reporting beds today"),
            reporting,
            f"/ {with_beds}",
            "living",
            previous=queries.reporting_on(region, yesterday),
            state=KpiState.GOOD if reporting >= with_beds else KpiState.WARNING,
        )
    )
    out.append(
        KPI(
            "beds_reporting",
            _("Facilities with beds updated in the last %(n)d hours") % {"n": config.stale_hours},
            fresh,
            f"/ {with_beds}",
            "living",
            state=KpiState.GOOD if fresh >= with_beds else KpiState.WARNING,
            of=with_beds,
        )
    )
    free_icu = queries.free_icu_now(region)
    out.append(
        KPI(
            "free_icu_beds",
            _("Free ICU beds now"),
            free_icu,
            _("beds"),
            "living",
            state=KpiState.BAD if free_icu == 0 else KpiState.GOOD,
        )
    )
    return out


def map_layers(ctx: Ctx) -> list[MapLayer]:
    labels = {
        "free": _("Beds free"),
        "few": _("Few beds free"),
        "full": _("Full"),
        "stale": _("Data out of date"),
        "none": _("No inpatient beds"),
    }
    base = reverse("fasilitas_kesehatan:index", args=[ctx.region.slug])
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [s.facility.lng, s.facility.lat]},
            "properties": {
                "name": s.facility.name,
                "kind": s.facility.kind,
                "status": s.state,
                "status_label": labels[s.state],
                "colour": COLOURS[s.state],
                "free": s.free,
                "total": s.total,
                "free_icu": s.free_icu,
                "url": f"{base}faskes/{s.facility.slug}/",
            },
        }
        for s in queries.statuses(ctx.region, ctx.config)
    ]
    return [
        MapLayer(
            "facilities",
            _("Health facilities by bed availability"),
            {"type": "FeatureCollection", "features": features},
        )
    ]


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


DAILY_COLUMNS = (
    Column("tanggal", "date", _t("Tanggal", "Date")),
    Column("kode_faskes", "text", _t("Kode fasilitas", "Facility code")),
    Column("nama_faskes", "text", _t("Nama fasilitas", "Facility name")),
    Column("kelas", "text", _t("Kelas ruang", "Room class")),
    Column("jumlah_tt", "integer", _t("Jumlah tempat tidur", "Beds"), "tempat tidur"),
    Column(
        "terisi_rata_rata",
        "numeric",
        _t("Rata-rata terisi", "Average occupied"),
        "tempat tidur",
        _t(
            "Rata-rata tempat tidur terisi dari semua laporan hari itu", "Mean of the day's reports"
        ),
    ),
    Column("terisi_maks", "integer", _t("Terisi tertinggi", "Most occupied"), "tempat tidur"),
    Column("kosong_min", "integer", _t("Kosong terendah", "Fewest free"), "tempat tidur"),
    Column(
        "kosong_akhir",
        "integer",
        _t("Kosong di laporan terakhir", "Free at last report"),
        "tempat tidur",
    ),
    Column("antrian_maks", "integer", _t("Antrean tertinggi", "Most waiting"), "orang"),
    Column("jumlah_laporan", "integer", _t("Jumlah laporan", "Reports"), "laporan"),
)

REGISTRY_COLUMNS = (
    Column("kode_faskes", "text", _t("Kode fasilitas", "Facility code")),
    Column("nama", "text", _t("Nama", "Name")),
    Column("jenis", "text", _t("Jenis", "Type")),
    Column("kode_kemenkes", "text", _t("Kode Kemenkes", "Kemenkes code")),
    Column("kelas_rs", "text", _t("Kelas rumah sakit", "Hospital class")),
    Column("kepemilikan", "text", _t("Kepemilikan", "Owner")),
    Column("alamat", "text", _t("Alamat", "Address")),
    Column("kecamatan", "text", _t("Kecamatan", "District")),
    Column("kode_kecamatan", "text", _t("Kode kecamatan (Kemendagri)", "District code")),
    Column("lintang", "numeric", _t("Lintang", "Latitude"), "derajat"),
    Column("bujur", "numeric", _t("Bujur", "Longitude"), "derajat"),
    Column("igd_24_jam", "boolean", _t("IGD 24 jam", "24-hour emergency")),
    Column("bpjs", "boolean", _t("Melayani BPJS", "Accepts BPJS")),
    Column("jam_buka", "text", _t("Jam buka", "Opening hours")),
    Column("layanan", "text", _t("Layanan", "Services")),
)


def datasets(ctx: Ctx) -> list[Dataset]:
    region = ctx.region

    def daily_rows() -> Iterator[tuple[Any, ...]]:
        rows = (
            DailyBeds.objects.scoped(queries.PUBLIC)
            .filter(region=region)
            .order_by("day", "facility__slug", "room_class")
            .values_list(
                "day",
                "facility__slug",
                "facility__name",
                "room_class",
                "total",
                "occupied_avg",
                "occupied_max",
                "free_min",
                "free_last",
                "waiting_max",
                "reports",
            )
        )
        yield from rows.iterator(chunk_size=2000)

    def registry_rows() -> Iterator[tuple[Any, ...]]:
        for f in queries.facilities(region).order_by("slug").iterator(chunk_size=500):
            yield (
                f.slug,
                f.name,
                Kind(f.kind).label,
                f.kemenkes_code,
                f.hospital_class,
                Owner(f.owner).label,
                f.address,
                f.district,
                f.district_code,
                f.lat,
                f.lng,
                f.igd_24h,
                f.accepts_bpjs,
                f.opening_hours,
                ", ".join(str(s) for s in f.services),
            )

    classes = ", ".join(c.value for c in RoomClass)
    return [
        Dataset(
            "ketersediaan-tempat-tidur-harian",
            _t(
                f"Ketersediaan tempat tidur harian per fasilitas kesehatan, {region.name}",
                f"Daily hospital bed availability per facility, {region.name}",
            ),
            _t(
                f"Rekap harian laporan tempat tidur per fasilitas dan kelas ruang ({classes}).",
                f"Daily rollup of bed reports per facility and room class ({classes}).",
            ),
            Frequency.DAILY,
            "dinkes",
            tables=[
                Table(
                    "ketersediaan_harian",
                    _t("Ketersediaan harian", "Daily availability"),
                    DAILY_COLUMNS,
                    daily_rows,
                )
            ],
            tags=["kesehatan", "rumah-sakit", "tempat-tidur", "siranap"],
            priority=True,
        ),
        Dataset(
            "daftar-fasilitas-kesehatan",
            _t(
                f"Daftar fasilitas kesehatan, {region.name}",
                f"Health facility registry, {region.name}",
            ),
            _t(
                "Rumah sakit, puskesmas, klinik dan laboratorium dengan jenis, kepemilikan, "
                "lokasi dan layanan.",
                "Hospitals, puskesmas, clinics and labs with type, owner, place and services.",
            ),
            Frequency.MONTHLY,
            "dinkes",
            tables=[
                Table(
                    "fasilitas",
                    _t("Fasilitas kesehatan", "Health facilities"),
                    REGISTRY_COLUMNS,
                    registry_rows,
                )
            ],
            tags=["kesehatan", "fasilitas-kesehatan", "puskesmas", "rumah-sakit"],
        ),
    ]
