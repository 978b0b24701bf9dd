"""What the situation room, open data, the sitemap and the console get from Agenda & Wisata."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Literal

from django.urls import reverse
from django.utils.translation import gettext as _

from kotacerdas.apps.agenda_wisata import queries
from kotacerdas.apps.agenda_wisata.config import AgendaWisataSettings
from kotacerdas.apps.agenda_wisata.models import Status, VisitorCount
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB
from kotacerdas.contract import KPI, AppContext, Dataset, KpiState, MapLayer
from kotacerdas.contract.datasets import Column, Frequency, Table

Ctx = AppContext[AgendaWisataSettings]

EVENT_COLOUR = "#7c3aed"
PLACE_COLOUR = "#0f766e"


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def events_this_week(ctx: Ctx) -> int:
    since, until = _week(queries.today())
    return len(queries.between(ctx, since, until, include_cancelled=False))


def kpis(ctx: Ctx) -> list[KPI]:
    today = queries.today()
    since, until = _week(today)
    this_week = len(queries.between(ctx, since, until, include_cancelled=False))
    last_week = len(
        queries.between(
            ctx, since - dt.timedelta(days=7), until - dt.timedelta(days=7), include_cancelled=False
        )
    )
    month = today.replace(day=1)
    # The latest month with counts: Disbudpar enters a month after it ends.
    latest = (
        VisitorCount.objects.scoped(ctx.scope)
        .filter(region=ctx.region, month__lte=month)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    visitors = queries.visitors_in(ctx, latest) if latest else None
    year_before = queries.visitors_in(ctx, latest.replace(year=latest.year - 1)) if latest else None
    state = KpiState.NEUTRAL
    if visitors is not None and year_before:
        state = KpiState.GOOD if visitors >= year_before else KpiState.WARNING
    label = (
        _("Visitors in %(month)s") % {"month": latest.strftime("%m/%Y")}
        if latest
        else _("Visitors this month")
    )
    return [
        KPI(
            "events_this_week", _("Events this week"), this_week, "", "branding", previous=last_week
        ),
        KPI("visitors_month", label, visitors, "", "branding", previous=year_before, state=state),
        KPI(
            "destinations",
            _("Destinations listed"),
            queries.destinations(ctx).count(),
            "",
            "branding",
        ),
        KPI("products", _("Local products listed"), queries.products(ctx).count(), "", "economy"),
    ]


def map_layers(ctx: Ctx) -> list[MapLayer]:
    slug = ctx.region.slug
    base = reverse("agenda_wisata:index", args=[slug])
    today = queries.today()
    seen: set[int] = set()
    events = []
    for o in queries.between(ctx, today, today + dt.timedelta(days=14), include_cancelled=False):
        if o.event.pk in seen:
            continue
        seen.add(o.event.pk)
        events.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [o.event.lng, o.event.lat]},
                "properties": {
                    "name": o.event.label,
                    "when": o.starts.strftime("%Y-%m-%d %H:%M") + " WIB",
                    "place": o.event.place_name,
                    "colour": EVENT_COLOUR,
                    "url": f"{base}acara/{o.event.pk}/",
                },
            }
        )
    places = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [d.lng, d.lat]},
            "properties": {
                "name": d.name,
                "colour": PLACE_COLOUR,
                "url": f"{base}wisata/{d.slug}/",
            },
        }
        for d in queries.destinations(ctx)
    ]
    return [
        MapLayer(
            "events",
            _("Events in the next two weeks"),
            {"type": "FeatureCollection", "features": events},
        ),
        MapLayer(
            "destinations",
            _("Tourist destinations"),
            {"type": "FeatureCollection", "features": places},
        ),
    ]


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


def datasets(ctx: Ctx) -> list[Dataset]:
    region = ctx.region

    def event_rows() -> Iterator[tuple[Any, ...]]:
        for e in queries.events(ctx).order_by("starts_at").iterator(chunk_size=500):
            yield (
                str(e.uid),
                e.title,
                e.title_en,
                e.category,
                e.starts_at.astimezone(WIB).isoformat(),
                e.ends_at.astimezone(WIB).isoformat(),
                ",".join(str(d) for d in e.weekdays),
                e.repeat_until,
                e.repeat_count,
                ",".join(e.cancelled_dates),
                e.place_name,
                e.lat,
                e.lng,
                e.organiser.name,
                e.is_free,
                e.price,
                e.status,
            )

    def destination_rows() -> Iterator[tuple[Any, ...]]:
        for d in queries.destinations(ctx).iterator(chunk_size=500):
            yield (
                d.slug,
                d.name,
                d.address,
                d.lat,
                d.lng,
                d.ticket_weekday,
                d.ticket_weekend,
                d.wheelchair,
                ",".join(d.facilities),
            )

    def visitor_rows() -> Iterator[tuple[Any, ...]]:
        rows = (
            VisitorCount.objects.scoped(ctx.scope)
            .filter(region=region)
            .select_related("destination")
            .order_by("month", "destination__name")
        )
        for v in rows.iterator(chunk_size=1000):
            yield (v.destination.slug, v.destination.name, v.month, v.visitors)

    def product_rows() -> Iterator[tuple[Any, ...]]:
        for p in queries.products(ctx).iterator(chunk_size=500):
            b = p.business
            yield (
                b.slug,
                b.name,
                b.category,
                p.name,
                p.price,
                b.halal_number,
                b.pirt_number,
                b.lat,
                b.lng,
            )

    text: Literal["text"] = "text"
    return [
        Dataset(
            "agenda-acara",
            _t(f"Agenda acara {region.name}", f"Events in {region.name}"),
            _t(
                "Acara publik daerah: waktu (WIB), tempat, penyelenggara, harga dan status.",
                "Public events of the region: time (WIB), place, organiser, price and status.",
            ),
            Frequency.DAILY,
            "disbudpar",
            tables=[
                Table(
                    "acara",
                    _t("Acara", "Events"),
                    [
                        Column("uid", text, _t("ID acara", "Event ID")),
                        Column("judul", text, _t("Judul", "Title")),
                        Column("judul_en", text, _t("Judul (Inggris)", "Title (English)")),
                        Column("kategori", text, _t("Kategori", "Category")),
                        Column("mulai", "timestamp", _t("Mulai", "Starts")),
                        Column("selesai", "timestamp", _t("Selesai", "Ends")),
                        Column(
                            "hari_ulang",
                            text,
                            _t("Berulang tiap minggu (0=Senin)", "Repeats weekly (0=Monday)"),
                        ),
                        Column("ulang_sampai", "date", _t("Berulang sampai", "Repeats until")),
                        Column("ulang_kali", "integer", _t("Jumlah kali", "Number of times")),
                        Column("tanggal_batal", text, _t("Tanggal dibatalkan", "Cancelled dates")),
                        Column("tempat", text, _t("Tempat", "Place")),
                        Column("lintang", "numeric", _t("Lintang", "Latitude"), "derajat"),
                        Column("bujur", "numeric", _t("Bujur", "Longitude"), "derajat"),
                        Column("penyelenggara", text, _t("Penyelenggara", "Organiser")),
                        Column("gratis", "boolean", _t("Gratis", "Free")),
                        Column("harga", "integer", _t("Harga", "Price"), "rupiah"),
                        Column("status", text, _t("Status", "Status")),
                    ],
                    event_rows,
                )
            ],
            tags=["pariwisata", "agenda", "event"],
        ),
        Dataset(
            "destinasi-wisata",
            _t(
                f"Destinasi wisata dan kunjungan {region.name}",
                f"Tourist destinations and visitors, {region.name}",
            ),
            _t(
                "Destinasi wisata dengan harga tiket, dan jumlah pengunjung per bulan "
                "dari Disbudpar.",
                "Tourist destinations with ticket prices, and monthly visitor counts "
                "from Disbudpar.",
            ),
            Frequency.MONTHLY,
            "disbudpar",
            tables=[
                Table(
                    "destinasi",
                    _t("Destinasi", "Destinations"),
                    [
                        Column("kode", text, _t("Kode", "Key")),
                        Column("nama", text, _t("Nama", "Name")),
                        Column("alamat", text, _t("Alamat", "Address")),
                        Column("lintang", "numeric", _t("Lintang", "Latitude"), "derajat"),
                        Column("bujur", "numeric", _t("Bujur", "Longitude"), "derajat"),
                        Column(
                            "tiket_hari_kerja",
                            "integer",
                            _t("Tiket hari kerja", "Ticket, weekdays"),
                            "rupiah",
                        ),
                        Column(
                            "tiket_akhir_pekan",
                            "integer",
                            _t("Tiket akhir pekan", "Ticket, weekends"),
                            "rupiah",
                        ),
                        Column(
                            "ramah_kursi_roda",
                            "boolean",
                            _t("Ramah kursi roda", "Wheelchair accessible"),
                        ),
                        Column("fasilitas", text, _t("Fasilitas", "Facilities")),
                    ],
                    destination_rows,
                ),
                Table(
                    "kunjungan",
                    _t("Kunjungan per bulan", "Visitors per month"),
                    [
                        Column("kode_destinasi", text, _t("Kode destinasi", "Destination key")),
                        Column("destinasi", text, _t("Destinasi", "Destination")),
                        Column(
                            "bulan",
                            "date",
                            _t("Bulan", "Month"),
                            definition=_t("Hari pertama bulan", "First day of the month"),
                        ),
                        Column("pengunjung", "integer", _t("Pengunjung", "Visitors"), "orang"),
                    ],
                    visitor_rows,
                ),
            ],
            tags=["pariwisata", "kunjungan-wisata"],
            priority=True,
        ),
        Dataset(
            "produk-unggulan",
            _t(f"Produk unggulan UMKM {region.name}", f"Local products (UMKM), {region.name}"),
            _t(
                "Produk UMKM yang dikurasi instansi daerah, dengan nomor sertifikat "
                "halal dan PIRT.",
                "Local businesses' products curated by the region, with halal and PIRT numbers.",
            ),
            Frequency.MONTHLY,
            "disbudpar",
            dimension="economy",
            tables=[
                Table(
                    "produk",
                    _t("Produk", "Products"),
                    [
                        Column("kode_usaha", text, _t("Kode usaha", "Business key")),
                        Column("usaha", text, _t("Nama usaha", "Business")),
                        Column("kategori", text, _t("Kategori", "Category")),
                        Column("produk", text, _t("Produk", "Product")),
                        Column("harga", "integer", _t("Harga", "Price"), "rupiah"),
                        Column(
                            "nomor_halal",
                            text,
                            _t("Nomor sertifikat halal", "Halal certificate number"),
                        ),
                        Column("nomor_pirt", text, _t("Nomor PIRT", "PIRT number")),
                        Column("lintang", "numeric", _t("Lintang", "Latitude"), "derajat"),
                        Column("bujur", "numeric", _t("Bujur", "Longitude"), "derajat"),
                    ],
                    product_rows,
                )
            ],
            tags=["umkm", "produk-unggulan"],
        ),
    ]


def public_pages(ctx: Ctx) -> list[str]:
    return queries.public_paths(ctx, reverse("agenda_wisata:index", args=[ctx.region.slug]))


__all__ = ["Status", "datasets", "events_this_week", "kpis", "map_layers", "public_pages"]
