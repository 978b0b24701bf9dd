"""Periodic jobs: staleness (a sensor silent for N× its interval) and raw retention per
region, and the storage work that belongs to no region (PostgreSQL partitions prepared for
the coming months, whole months dropped once past every region's retention)."""

from __future__ import annotations

import logging
import time

from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig, typed_config
from kotacerdas.apps.sensor_kota.derive.evaluate import KEY, evaluate
from kotacerdas.apps.sensor_kota.derive.notify import close_alert, open_alert, titles
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.contract import AppContext, Severity
from kotacerdas.core.models import AppInstallation
from kotacerdas.core.services.config_schema import ConfigInvalid

Ctx = AppContext[SensorKotaConfig]
DAY_MS = 86_400_000
log = logging.getLogger(__name__)


def check_staleness(ctx: Ctx, now_ms: int | None = None) -> int:
    """Raise a staleness alert per silent sensor of the region, clear it when data returns;
    also refresh every station's status, catching what per-batch throttling skipped."""
    now_ms = now_ms or int(time.time() * 1000)
    region, config = ctx.region, ctx.config
    factor = config.staleness_factor
    raised = 0
    for station in Station.objects.scoped(ctx.scope).filter(region=region, retired_at=None):
        sensors = list(Sensor.objects.scoped(ctx.scope).filter(station=station))
        latest = store.latest([s.pk for s in sensors])
        for sensor in sensors:
            condition = f"stale:{sensor.code}"
            seen = latest.get(sensor.pk)
            if seen is not None and now_ms - seen[0] <= factor * sensor.interval_seconds * 1000:
                close_alert(region, condition)
                continue
            title = titles(
                lambda s=sensor, st=station: (
                    _("Sensor %(sensor)s at %(station)s sends no data")
                    % {"sensor": s.code, "station": st.name}
                )
            )
            # A silent sensor is a technical matter for staff, not news for citizens.
            open_alert(region, config, station, condition, Severity.WARNING, title, technical=True)
            raised += 1
        if latest:
            evaluate(region, config, station)
    return raised


def prune_raw(ctx: Ctx, now_ms: int | None = None) -> int:
    """Delete the region's raw readings past its retention; rollups keep the history."""
    now_ms = now_ms or int(time.time() * 1000)
    ids = list(
        Sensor.objects.scoped(ctx.scope).filter(region=ctx.region).values_list("pk", flat=True)
    )
    return store.prune_raw(now_ms - ctx.config.raw_retention_days * DAY_MS, ids)


def longest_retention_days() -> int | None:
    """The longest raw retention of any region running the app; ``None`` when none does or
    a configuration is broken (then nothing is dropped wholesale: its retention is unknown)."""
    rows = AppInstallation.objects.unscoped(
        "storage maintenance is global: whole months go only past every region's retention"
    ).filter(app_key=KEY, enabled=True)
    longest = None
    for stored in rows.values_list("config", flat=True):
        try:
            days = typed_config(dict(stored)).raw_retention_days
        except ConfigInvalid:
            log.warning("sensor-kota storage: a broken configuration; no months are dropped")
            return None
        longest = days if longest is None else max(longest, days)
    return longest


def maintain_storage(now_ms: int | None = None) -> list[str]:
    """Global storage work: the coming months' partitions made ready, and raw months past
    every region's retention dropped at once (PostgreSQL; nothing to do on SQLite)."""
    now_ms = now_ms or int(time.time() * 1000)
    done = store.prepare_ahead(now_ms)
    longest = longest_retention_days()
    if longest is not None:
        done += store.drop_raw_before(now_ms - longest * DAY_MS)
    return done
