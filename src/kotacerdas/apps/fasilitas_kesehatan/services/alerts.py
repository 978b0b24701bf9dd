"""Core alerts of Fasilitas Kesehatan.

* ``stale-<facility id>``: a facility's beds were not updated for ``stale_hours`` (one alert
  per facility, for Dinkes; technical, not public). Raised by the periodic job, cleared by
  the facility's next update.
* ``occupancy-icu`` / ``occupancy-igd``: region-wide occupancy of the class passed
  ``occupancy_alert_percent`` (public: families and ambulances should know). Region-wide,
  not per facility: one full ICU is daily routine, a full city is an emergency.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from kotacerdas.apps.fasilitas_kesehatan.config import APP_KEY, FasilitasKesehatanSettings
from kotacerdas.apps.fasilitas_kesehatan.models import Beds, Facility
from kotacerdas.contract import AppContext, Severity
from kotacerdas.core.alerts import clear_alert, raise_alert
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope

WIB = ZoneInfo("Asia/Jakarta")
WATCHED = {"icu": ("ICU", "ICU"), "igd": ("IGD", "emergency (IGD)")}


def stale_condition(facility: Facility) -> str:
    return f"stale-{facility.pk}"


def clear_stale(region: Region, facility: Facility) -> None:
    clear_alert(region, APP_KEY, stale_condition(facility))


def stale_before(config: FasilitasKesehatanSettings, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(hours=config.stale_hours)


def check_stale(region: Region, config: FasilitasKesehatanSettings) -> int:
    """Raise one alert per facility whose beds are older than the configured hours, clear
    the others; returns how many are stale. Facilities that never had beds are skipped."""
    limit = stale_before(config)
    rows = (
        Facility.objects.scoped(Scope.region_system(region.pk, "stale bed data check"))
        .filter(region=region, is_active=True, beds_updated_at__isnull=False)
        .only("pk", "name", "slug", "beds_updated_at")
    )
    stale = 0
    for f in rows:
        assert f.beds_updated_at is not None
        if f.beds_updated_at >= limit:
            clear_stale(region, f)
            continue
        stale += 1
        since = date_format(timezone.localtime(f.beds_updated_at, WIB), "j M Y H:i")
        raise_alert(
            region,
            APP_KEY,
            stale_condition(f),
            Severity.WARNING,
            f"Data tempat tidur {f.name} belum diperbarui sejak {since} WIB",
            title_en=f"Bed data of {f.name} not updated since {since} WIB",
            detail=f"Lebih dari {config.stale_hours} jam tanpa pembaruan.",
            detail_en=f"More than {config.stale_hours} hours without an update.",
            data={"facility": f.slug, "kind": "stale", "since": f.beds_updated_at.isoformat()},
        )
    return stale


def occupancy(region: Region) -> dict[str, tuple[int, int]]:
    """(occupied, total) region-wide for ICU and IGD, active facilities only."""
    sums = (
        Beds.objects.scoped(Scope.region_system(region.pk, "region occupancy"))
        .filter(region=region, facility__is_active=True)
        .aggregate(
            **{
                f"{k}_{f}": Sum(f, filter=Q(room_class=k))
                for k in WATCHED
                for f in ("occupied", "total")
            }
        )
    )
    return {k: (int(sums[f"{k}_occupied"] or 0), int(sums[f"{k}_total"] or 0)) for k in WATCHED}


def evaluate_occupancy(region: Region, config: FasilitasKesehatanSettings) -> None:
    for key, (occupied, total) in occupancy(region).items():
        condition = f"occupancy-{key}"
        percent = 100 * occupied / total if total else 0.0
        if total == 0 or percent < config.occupancy_alert_percent:
            clear_alert(region, APP_KEY, condition)
            continue
        label_id, label_en = WATCHED[key]
        severity = Severity.CRITICAL if percent >= 100 else Severity.WARNING
        raise_alert(
            region,
            APP_KEY,
            condition,
            severity,
            f"Keterisian {label_id} se-{region.name} {percent:.0f} %",
            title_en=f"{label_en} occupancy across {region.name} at {percent:.0f} %",
            detail=f"{occupied} dari {total} tempat tidur terisi.",
            detail_en=f"{occupied} of {total} beds occupied.",
            public=True,
            data={"class": key, "percent": round(percent, 1), "kind": "occupancy"},
        )


def run_checks(ctx: AppContext[FasilitasKesehatanSettings]) -> None:
    """The periodic job: stale facilities, then the region's occupancy."""
    check_stale(ctx.region, ctx.config)
    evaluate_occupancy(ctx.region, ctx.config)
