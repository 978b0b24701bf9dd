"""Threshold and rate-of-rise rules from the region's configuration, per sensor."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.config import RateOfRiseRule, SensorKotaConfig, ThresholdRule
from kotacerdas.apps.sensor_kota.derive.notify import close_alert, open_alert, titles
from kotacerdas.apps.sensor_kota.models import Sensor, Station
from kotacerdas.core.models import Region

HOUR = 3_600_000
MIN_SPAN = 10 * 60_000  # a rise over less than ten minutes is noise, not a trend


def check(
    region: Region,
    config: SensorKotaConfig,
    station: Station,
    sensors: list[Sensor],
    latest: dict[int, tuple[int, float]],
) -> None:
    for sensor in sensors:
        if sensor.pk not in latest:
            continue
        ts, value = latest[sensor.pk]
        for rule in config.threshold_rules:
            if rule.quantity == sensor.quantity:
                _threshold(region, config, station, sensor, value, rule)
        for rate_rule in config.rate_of_rise_rules:
            if rate_rule.quantity == sensor.quantity:
                _rate(region, config, station, sensor, ts, value, rate_rule)


def _threshold(
    region: Region,
    config: SensorKotaConfig,
    station: Station,
    sensor: Sensor,
    value: float,
    rule: ThresholdRule,
) -> None:
    condition = f"threshold:{sensor.code}"
    above, below = rule.above, rule.below
    breached = (above is not None and value > above) or (below is not None and value < below)
    if not breached:
        close_alert(region, condition)
        return
    title = titles(
        lambda: (
            _("%(quantity)s at %(station)s is %(value)s %(unit)s")
            % {
                "quantity": sensor.get_quantity_display(),
                "station": station.name,
                "value": round(value, 1),
                "unit": sensor.unit,
            }
        )
    )
    open_alert(region, config, station, condition, rule.severity, title)


def rise_per_hour(sensor_id: int, ts: int, value: float) -> float | None:
    """Change per hour between the latest reading and the last one about an hour before."""
    past = store.series([sensor_id], ts - HOUR - 5 * 60_000, ts - MIN_SPAN, "minute", "last")
    points = past[sensor_id]
    if not points:
        return None
    then_ts, then_value = points[0]
    return (value - then_value) / ((ts - then_ts) / HOUR)


def _rate(
    region: Region,
    config: SensorKotaConfig,
    station: Station,
    sensor: Sensor,
    ts: int,
    value: float,
    rule: RateOfRiseRule,
) -> None:
    condition = f"rise:{sensor.code}"
    rate = rise_per_hour(sensor.pk, ts, value)
    if rate is None or rate < rule.per_hour:
        close_alert(region, condition)
        return
    title = titles(
        lambda: (
            _("%(quantity)s at %(station)s rising %(rate)s %(unit)s per hour")
            % {
                "quantity": sensor.get_quantity_display(),
                "station": station.name,
                "rate": round(rate, 1),
                "unit": sensor.unit,
            }
        )
    )
    open_alert(region, config, station, condition, rule.severity, title)
