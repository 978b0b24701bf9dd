"""The contract hooks: KPIs, the map layer, datasets and the console's counts.

KPIs are numbers for the situation room and the maturity index, overall, per agency and
category.

Read from the rollup (``ReportTally``, ``ReportSpan``), which database triggers keep in
step with every report write, so the cost depends on days × agencies × categories, not on
the number of reports (100,000 reports: a few milliseconds instead of seconds).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.config import AduanContext
from kotacerdas.apps.aduan_warga.models import (
    OPEN_STATES,
    Report,
    ReportSpan,
    ReportTally,
    Status,
)
from kotacerdas.apps.aduan_warga.queries import average_rating
from kotacerdas.contract import KPI, Access, Dataset, KpiState, MapLayer
from kotacerdas.core.calendar import local_date
from kotacerdas.core.models import Agency

WINDOW = dt.timedelta(days=90)


def window_start(now: dt.datetime) -> dt.date:
    """The first WIB day of the 90-day window (the rollup counts whole days received)."""
    return local_date(now - WINDOW)


def minute_bucket(minutes: int) -> int:
    """The ``ReportSpan`` bucket of a span in whole minutes (the triggers' SQL, in Python)."""
    if minutes < 16:
        return max(minutes, 0)
    e = minutes.bit_length() - 1
    if e > 25:  # 2^26 minutes (127 years) and more share the last bucket
        return 8 * 22 + 15
    return 8 * (e - 3) + (minutes >> (e - 3))


def bucket_edges(bucket: int) -> tuple[int, int]:
    """First minute and width in minutes of a bucket: the inverse of :func:`minute_bucket`."""
    if bucket < 16:
        return bucket, 1
    e = bucket // 8 + 2
    return (bucket % 8 + 8) << (e - 3), 1 << (e - 3)


def median_hours(histogram: list[tuple[int, int]]) -> float | None:
    """The median of (bucket, count) pairs in hours, spreading each bucket's count evenly."""
    total = sum(n for _, n in histogram)
    if total <= 0:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the one or two middle positions, 0-based
    values: list[float] = []
    seen = 0
    for bucket, n in sorted(histogram):
        start, width = bucket_edges(bucket)
        while wanted and wanted[0] < seen + n:
            values.append(start + width * (wanted.pop(0) - seen + 0.5) / n)
        seen += n
    return round(statistics.fmean(values) / 60, 1)


def _share(done: int, on_time: int) -> float | None:
    return round(100 * on_time / done, 1) if done else None


def kpis(ctx: AduanContext) -> list[KPI]:
    region, scope = ctx.region, ctx.scope
    since = window_start(timezone.now())
    tallies = ReportTally.objects.scoped(scope).filter(region=region)
    # Received in the window, by agency, category and whether resolved within the standard.
    window: list[dict[str, Any]] = [
        dict(r)
        for r in tallies.filter(day__gte=since)
        .values("agency_id", "category_name", "on_time")
        .annotate(n=Sum("count"))
    ]
    # Open and overdue count every open report, however old; the rest look at 90 days.
    open_rows: list[dict[str, Any]] = [
        dict(r)
        for r in tallies.filter(is_open=True)
        .values("agency_id", "category_name", "overdue")
        .annotate(n=Sum("count"))
    ]
    spans: dict[int, list[tuple[int, int]]] = {}
    for row in (
        ReportSpan.objects.scoped(scope)
        .filter(region=region, day__gte=since)
        .values("metric", "bucket")
        .annotate(n=Sum("count"))
    ):
        spans.setdefault(row["metric"], []).append((row["bucket"], row["n"]))
    agencies = dict(
        Agency.objects.scoped(scope).filter(region=region).values_list("pk", "short_name")
    )

    def named(row: dict[str, Any], field: str) -> str | None:
        if field == "agency":
            return agencies.get(row["agency_id"]) if row["agency_id"] else None
        return str(row["category_name"]) or None

    received = sum(r["n"] for r in window)
    done = sum(r["n"] for r in window if r["on_time"] in (0, 1))
    share = _share(done, sum(r["n"] for r in window if r["on_time"] == 1))
    overdue = sum(r["n"] for r in open_rows if r["overdue"])
    kpis = [
        KPI("received", _("Reports received (90 days)"), received, _("reports"), "governance"),
        KPI("open", _("Open reports"), sum(r["n"] for r in open_rows), _("reports"), "governance"),
        KPI(
            "overdue",
            _("Overdue reports"),
            overdue,
            _("reports"),
            "governance",
            state=(
                KpiState.GOOD
                if overdue == 0
                else KpiState.WARNING
                if overdue < 10
                else KpiState.BAD
            ),
        ),
        KPI(
            "first-response-hours",
            _("Median time to first response"),
            median_hours(spans.get(ReportSpan.FIRST_RESPONSE, [])),
            _("hours"),
            "governance",
        ),
        KPI(
            "resolution-hours",
            _("Median time to resolution"),
            median_hours(spans.get(ReportSpan.RESOLUTION, [])),
            _("hours"),
            "governance",
        ),
        KPI(
            "resolved-on-time",
            _("Resolved within the service standard"),
            share,
            "%",
            "governance",
            state=(
                KpiState.NEUTRAL
                if share is None
                else KpiState.GOOD
                if share >= 80
                else KpiState.WARNING
            ),
        ),
    ]
    # The reporters' own verdict (FixMyStreet's questionnaire, LAPOR!'s rating): 90 days.
    mean, _rated = average_rating(region.pk, timezone.now() - WINDOW)
    kpis.append(
        KPI(
            "rating",
            _("Reporters' rating of the handling"),
            mean,
            _("of 5"),
            "governance",
            state=(
                KpiState.NEUTRAL
                if mean is None
                else KpiState.GOOD
                if mean >= 4
                else KpiState.WARNING
                if mean >= 3
                else KpiState.BAD
            ),
        )
    )
    # Reports keep the category's Indonesian name; the tiles say it in the page language.
    language = get_language() or "id"
    spoken = {c.name.id: c.name.label(language) for c in ctx.config.categories}
    for label in ("agency", "category"):
        late: Counter[str] = Counter()
        for r in open_rows:
            name = named(r, label)
            if r["overdue"] and name:
                late[name] += r["n"]
        finished: Counter[str] = Counter()
        in_time: Counter[str] = Counter()
        present: set[str] = set()
        for r in window:
            name = named(r, label)
            if not name or not r["n"]:
                continue
            present.add(name)
            if r["on_time"] in (0, 1):
                finished[name] += r["n"]
            if r["on_time"] == 1:
                in_time[name] += r["n"]
        for name in sorted(present | set(late)):
            kpis.append(
                KPI(
                    f"overdue.{label}.{name}",
                    _("Overdue · %(name)s") % {"name": spoken.get(name, name)},
                    late[name],
                    _("reports"),
                    "governance",
                    state=KpiState.GOOD if not late[name] else KpiState.WARNING,
                )
            )
            kpis.append(
                KPI(
                    f"resolved-on-time.{label}.{name}",
                    _("On time · %(name)s") % {"name": spoken.get(name, name)},
                    _share(finished[name], in_time[name]),
                    "%",
                    "governance",
                )
            )
    return kpis


def map_layers(ctx: AduanContext) -> list[MapLayer]:
    region = ctx.region
    rows = (
        Report.objects.scoped(ctx.scope)
        .filter(region=region, status__in=OPEN_STATES, lat__isnull=False)
        .values_list("ticket", "lat", "lng", "status", "category_name", "overdue")[:5000]
    )
    base = f"/r/{region.slug}/aduan-warga/laporan/"
    # Tuples, not dicts per row: up to 5,000 points are built whenever a report changes.
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lng, lat]},
            "properties": {
                "ticket": ticket,
                "status": status,
                "category": category,
                "overdue": overdue,
                "url": f"{base}{ticket}/",
            },
        }
        for ticket, lat, lng, status, category, overdue in rows
    ]
    return [
        MapLayer(
            "open-reports", _("Open reports"), {"type": "FeatureCollection", "features": features}
        )
    ]


# Personal data a citizen may have typed into a public description is masked before the
# description is published as open data (the portal refuses any table that still has it).
_PERSONAL = (
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    r"(?<!\d)(?:\+62|62|0)[\s.-]?8(?:[\s.-]?\d){7,11}(?!\d)",
    r"(?<!\d)\d{16}(?!\d)",
)


def _masked(text: str) -> str:
    import re

    for pattern in _PERSONAL:
        text = re.sub(pattern, "[…]", text)
    return text


def _month_rows(ctx: AduanContext) -> Any:
    """Reports per WIB month × category × agency × kecamatan (when the report names one)."""
    from django.db.models import Count, Q
    from django.db.models.fields.json import KT
    from django.db.models.functions import TruncMonth

    rows = (
        Report.objects.scoped(ctx.scope)
        .filter(region=ctx.region)
        .annotate(month=TruncMonth("created_at"), kecamatan=KT("attributes__kecamatan"))
        .values("month", "service_code", "category_name", "agency__name", "kecamatan")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATES)),
            overdue=Count("pk", filter=Q(overdue=True)),
        )
        .order_by("month", "service_code", "agency__name", "kecamatan")
    )
    for r in rows.iterator(chunk_size=2000):
        month = r["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        yield (
            month,
            r["service_code"],
            r["category_name"],
            r["agency__name"] or "",
            str(r["kecamatan"] or "")[:100],
            r["total"],
            r["open"],
            r["overdue"],
        )


def _resolution_rows(ctx: AduanContext) -> Any:
    """Resolution hours per WIB month (received) × category: median, mean, on-time share."""
    from collections import defaultdict

    hours: dict[tuple[dt.date, str], list[float]] = defaultdict(list)
    names: dict[str, str] = {}
    resolved = (
        Report.objects.scoped(ctx.scope)
        .filter(region=ctx.region, resolved_at__isnull=False)
        .values_list("created_at", "resolved_at", "service_code", "category_name")
    )
    for created, done, code, name in resolved.iterator(chunk_size=5000):
        if done is None:
            continue
        month = local_date(created).replace(day=1)
        hours[(month, code)].append(max(0.0, (done - created).total_seconds() / 3600))
        names[code] = name
    on_time: dict[tuple[dt.date, str], list[int]] = defaultdict(lambda: [0, 0])
    tallies = (
        ReportTally.objects.scoped(ctx.scope)
        .filter(region=ctx.region, on_time__in=(0, 1))
        .values_list("day", "category_name", "on_time", "count")
    )
    by_name = {v: k for k, v in names.items()}
    for day, category_name, flag, count in tallies.iterator(chunk_size=5000):
        found = by_name.get(category_name)
        if found is None:
            continue
        cell = on_time[(day.replace(day=1), found)]
        cell[0] += count if flag == 1 else 0
        cell[1] += count
    for (month, code), values in sorted(hours.items()):
        ok, total = on_time.get((month, code), (0, 0))
        yield (
            month,
            code,
            names[code],
            len(values),
            round(statistics.median(values), 2),
            round(statistics.fmean(values), 2),
            round(ok / total * 100, 1) if total else None,
        )


def _report_rows(ctx: AduanContext) -> Any:
    """Each report as Open311 publishes it: never the reporter (nothing of ``Reporter``)."""
    from kotacerdas.apps.aduan_warga.models import CLOSED_STATES

    rows = (
        Report.objects.scoped(ctx.scope)
        .filter(region=ctx.region)
        .order_by("created_at", "pk")
        .values_list(
            "ticket",
            "service_code",
            "category_name",
            "status",
            "agency__name",
            "created_at",
            "updated_at",
            "lat",
            "lng",
            "description",
        )
    )
    for ticket, code, name, status, agency, created, updated, lat, lng, text in rows.iterator(
        chunk_size=2000
    ):
        yield (
            ticket,
            code,
            name,
            "closed" if status in CLOSED_STATES else "open",
            status,
            agency or "",
            created,
            updated,
            None if lat is None else round(lat, 5),
            None if lng is None else round(lng, 5),
            _masked(text or ""),
        )


def datasets(ctx: AduanContext) -> list[Dataset]:
    from kotacerdas.contract import Column, Frequency, Link, Table

    region = ctx.region
    base = f"/open311/v2/requests.json?jurisdiction_id={region.code}"

    def t(id_: str, en: str) -> dict[str, str]:
        return {"id": id_, "en": en}

    month = Column(
        "bulan",
        "date",
        t("Bulan", "Month"),
        "",
        t("Hari pertama bulan (WIB) laporan diterima", "First day of the month (WIB) received"),
    )
    code = Column(
        "kode_kategori",
        "text",
        t("Kode kategori", "Category code"),
        "",
        t("service_code Open311", "Open311 service_code"),
    )
    category = Column("kategori", "text", t("Kategori", "Category"))
    counts = Table(
        "laporan-per-bulan",
        t(
            "Laporan per bulan, kategori, instansi dan kecamatan",
            "Reports per month, category, agency and district",
        ),
        [
            month,
            code,
            category,
            Column("instansi", "text", t("Instansi penanggung jawab", "Responsible agency")),
            Column(
                "kecamatan",
                "text",
                t("Kecamatan", "District"),
                "",
                t("Kosong bila laporan tidak menyebut kecamatan", "Empty when not given"),
            ),
            Column("jumlah", "integer", t("Jumlah laporan", "Reports"), "laporan"),
            Column("masih_terbuka", "integer", t("Masih terbuka", "Still open"), "laporan"),
            Column("terlambat", "integer", t("Melewati tenggat", "Overdue"), "laporan"),
        ],
        lambda: _month_rows(ctx),
    )
    times = Table(
        "waktu-penyelesaian",
        t("Waktu penyelesaian per bulan dan kategori", "Resolution times per month and category"),
        [
            month,
            code,
            category,
            Column("selesai", "integer", t("Laporan selesai", "Reports resolved"), "laporan"),
            Column(
                "median_jam",
                "numeric",
                t("Median waktu penyelesaian", "Median resolution time"),
                "jam",
                t(
                    "Median jam dari diterima sampai selesai",
                    "Median hours from received to resolved",
                ),
            ),
            Column(
                "rata_rata_jam",
                "numeric",
                t("Rata-rata waktu penyelesaian", "Mean resolution time"),
                "jam",
            ),
            Column(
                "tepat_waktu_persen",
                "numeric",
                t("Selesai tepat waktu", "Resolved on time"),
                "%",
                t(
                    "Bagian laporan yang selesai dalam standar layanan",
                    "Share of reports resolved within the service standard",
                ),
            ),
        ],
        lambda: _resolution_rows(ctx),
    )
    reports = Table(
        "laporan",
        t("Laporan warga (seperti Open311)", "Citizen reports (as in Open311)"),
        [
            Column("service_request_id", "text", t("Nomor laporan", "Request id")),
            code,
            category,
            Column(
                "status",
                "text",
                t("Status Open311", "Open311 status"),
                "",
                t("open atau closed", "open or closed"),
            ),
            Column("tahap", "text", t("Tahap", "Stage")),
            Column("instansi", "text", t("Instansi penanggung jawab", "Responsible agency")),
            Column("requested_datetime", "timestamp", t("Diterima", "Requested")),
            Column("updated_datetime", "timestamp", t("Diperbarui", "Updated")),
            Column("lat", "numeric", t("Lintang", "Latitude"), "derajat"),
            Column("long", "numeric", t("Bujur", "Longitude"), "derajat"),
            Column(
                "description",
                "text",
                t("Uraian", "Description"),
                "",
                t(
                    "Uraian publik laporan; nomor telepon dan surel disamarkan",
                    "The report's public description; phone numbers and e-mails masked",
                ),
            ),
        ],
        lambda: _report_rows(ctx),
    )
    return [
        Dataset(
            "aduan-warga",
            t(f"Aduan warga {region.name}", f"Citizen reports, {region.name}"),
            t(
                "Laporan warga per bulan, kategori, instansi dan kecamatan, waktu penyelesaian, "
                "dan setiap laporan seperti diterbitkan Open311 GeoReport v2, tanpa data "
                "pribadi pelapor.",
                "Citizen reports per month, category, agency and district, resolution times, "
                "and each report as Open311 GeoReport v2 publishes it, without the reporters' "
                "personal data.",
            ),
            Frequency.DAILY,
            "diskominfo",
            tables=[counts, times, reports],
            links=[
                Link(base, "JSON", t("Open311 requests.json", "Open311 requests.json")),
                Link(
                    base.replace(".json", ".xml"),
                    "XML",
                    t("Open311 requests.xml", "Open311 requests.xml"),
                ),
            ],
            tags=["aduan", "open311", "layanan-publik"],
            dimension="governance",
            priority=True,
        )
    ]


def new_reports_count(ctx: AduanContext) -> int:
    """The console's "New reports" count, one indexed count (region, status, due_at): for
    the coordinating admin the reports waiting for verification, for agency staff the
    reports newly disposed to their agency (the received ones are not theirs to see)."""
    rows = Report.objects.scoped(ctx.scope).filter(region=ctx.region)
    if ctx.is_admin:
        return rows.filter(status=Status.RECEIVED).count()
    if ctx.access == Access.STAFF:
        return rows.filter(status=Status.DISPOSED, agency_id__in=ctx.agencies).count()
    return 0


def work_count(ctx: AduanContext) -> int:
    """The console's "Tugas saya" count: the reports in the caller's work queue."""
    from kotacerdas.apps.aduan_warga.work_queue import work_count as count

    return count(ctx)


def agency_open_work(ctx: AduanContext, agency: Agency) -> int:
    """Reports assigned to ``agency`` and not yet closed (open, or resolved and waiting for
    the reporter, who may reopen them): what deactivating the agency would strand."""
    from kotacerdas.apps.aduan_warga.services.workflow import open_work

    return open_work(ctx, agency).count()


def reassign_agency_work(ctx: AduanContext, agency: Agency, to_agency: Agency) -> int:
    """Move those reports to ``to_agency`` (a ``reassign`` step on each, audited)."""
    from kotacerdas.apps.aduan_warga.services.workflow import reassign_agency

    return reassign_agency(ctx, agency, to_agency)
