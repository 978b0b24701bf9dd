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


def datasets(ctx: AduanContext) -> list[Dataset]:
    base = f"/open311/v2/requests.json?jurisdiction_id={ctx.region.code}"
    return [
        Dataset(
            "aduan-warga",
            _("Citizen reports"),
            _(
                "Citizen reports of the last 90 days, without the reporters' personal data "
                "(Open311 GeoReport v2)."
            ),
            resources=[
                {"url": base, "format": "JSON", "name": "Open311 requests.json"},
                {
                    "url": base.replace(".json", ".xml"),
                    "format": "XML",
                    "name": "Open311 requests.xml",
                },
            ],
            tags=["aduan", "open311", "layanan-publik"],
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
