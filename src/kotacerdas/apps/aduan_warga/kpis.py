"""Numbers for the situation room and the maturity index, overall, per agency and category."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.aduan_warga.models import OPEN_STATES, Report
from kotacerdas.contract import KPI, MapLayer
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

WINDOW = dt.timedelta(days=90)


def _median_hours(pairs: list[tuple[dt.datetime, dt.datetime | None]]) -> float | None:
    spans = [(end - start).total_seconds() / 3600 for start, end in pairs if end is not None]
    return round(statistics.median(spans), 1) if spans else None


def _share(rows: list[dict[str, Any]]) -> float | None:
    done = [r for r in rows if r["resolved_at"] is not None and r["expected_at"] is not None]
    if not done:
        return None
    on_time = sum(1 for r in done if r["resolved_at"] <= r["expected_at"])
    return round(100 * on_time / len(done), 1)


def region_kpis(region: Region) -> list[KPI]:
    now = timezone.now()
    rows: list[dict[str, Any]] = [
        dict(r)
        for r in Report.objects.scoped(Scope.public())
        .filter(region=region, created_at__gte=now - WINDOW)
        .values(
            "status",
            "overdue",
            "created_at",
            "first_response_at",
            "resolved_at",
            "expected_at",
            "agency__short_name",
            "category_name",
        )
    ]
    # Open and overdue count every open report, however old; the rest look at 90 days.
    open_rows: list[dict[str, Any]] = [
        dict(r)
        for r in Report.objects.scoped(Scope.public())
        .filter(region=region, status__in=OPEN_STATES)
        .values("overdue", "agency__short_name", "category_name")
    ]
    overdue = sum(1 for r in open_rows if r["overdue"])
    share = _share(rows)
    kpis = [
        KPI("received", _("Reports received (90 days)"), len(rows), _("reports"), "governance"),
        KPI("open", _("Open reports"), len(open_rows), _("reports"), "governance"),
        KPI(
            "overdue",
            _("Overdue reports"),
            overdue,
            _("reports"),
            "governance",
            state="good" if overdue == 0 else "warning" if overdue < 10 else "bad",
        ),
        KPI(
            "first-response-hours",
            _("Median time to first response"),
            _median_hours([(r["created_at"], r["first_response_at"]) for r in rows]),
            _("hours"),
            "governance",
        ),
        KPI(
            "resolution-hours",
            _("Median time to resolution"),
            _median_hours([(r["created_at"], r["resolved_at"]) for r in rows]),
            _("hours"),
            "governance",
        ),
        KPI(
            "resolved-on-time",
            _("Resolved within the service standard"),
            share,
            "%",
            "governance",
            state="neutral" if share is None else "good" if share >= 80 else "warning",
        ),
    ]
    for label, field in (("agency", "agency__short_name"), ("category", "category_name")):
        late: Counter[str] = Counter(r[field] for r in open_rows if r["overdue"] and r[field])
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            if r[field]:
                groups[r[field]].append(r)
        for name in sorted(set(groups) | set(late)):
            kpis.append(
                KPI(
                    f"overdue.{label}.{name}",
                    _("Overdue · %(name)s") % {"name": name},
                    late[name],
                    _("reports"),
                    "governance",
                    state="good" if not late[name] else "warning",
                )
            )
            kpis.append(
                KPI(
                    f"resolved-on-time.{label}.{name}",
                    _("On time · %(name)s") % {"name": name},
                    _share(groups[name]),
                    "%",
                    "governance",
                )
            )
    return kpis


def open_reports_layer(region: Region) -> MapLayer:
    rows = (
        Report.objects.scoped(Scope.public())
        .filter(region=region, status__in=OPEN_STATES, lat__isnull=False)
        .values("ticket", "lat", "lng", "status", "category_name", "overdue")[:5000]
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lng"], r["lat"]]},
            "properties": {
                "ticket": r["ticket"],
                "status": r["status"],
                "category": r["category_name"],
                "overdue": r["overdue"],
                "url": f"/r/{region.slug}/aduan-warga/laporan/{r['ticket']}/",
            },
        }
        for r in rows
    ]
    return MapLayer(
        "open-reports", _("Open reports"), {"type": "FeatureCollection", "features": features}
    )
