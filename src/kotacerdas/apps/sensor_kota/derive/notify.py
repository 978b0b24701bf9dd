"""Alerts through the core (deduplicated there) and e-mail to the region's subscribers."""

from __future__ import annotations

import logging
from typing import Any

from django.core.mail import send_mail
from django.utils import translation

from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.models import Station
from kotacerdas.contract import Severity
from kotacerdas.core.alerts import clear_alert, raise_alert
from kotacerdas.core.models import Agency, Region

KEY = "sensor-kota"
log = logging.getLogger(__name__)


def subscribers(region: Region, config: SensorKotaConfig, station: Station) -> list[str]:
    slug = config.flood_agency if station.kind == Station.Kind.WATER else config.air_agency
    emails = list(config.alert_emails)
    agency = (
        Agency.objects.unscoped("the alerting agency's address")
        .filter(region=region, slug=slug)
        .first()
    )
    if agency is not None and agency.email:
        emails.append(agency.email)
    return sorted(set(emails))


def open_alert(
    region: Region,
    config: SensorKotaConfig,
    station: Station,
    condition: str,
    severity: Severity,
    title: str | dict[str, str],
    detail: str = "",
    *,
    technical: bool = False,
    data: dict[str, Any] | None = None,
) -> None:
    """Raise (or update) the alert for ``condition`` and mail it when new.

    ``title`` is a text or ``{"id": …, "en": …}`` (see :func:`titles`): the alert's title is
    stored in Indonesian, both languages go in ``data["titles"]`` for pages in English.
    Technical alerts (a silent sensor) are for staff only; the others are as public as the
    station. ``data`` adds to what the alert carries (a flood alert its BPBD ``level``).
    """
    texts = title if isinstance(title, dict) else {"id": title, "en": title}
    title = texts["id"]
    _alert, created = raise_alert(
        region,
        KEY,
        condition,
        severity,
        title,
        detail=detail,
        public=station.public and not technical,
        # The station's place and name: a public warning raised from this alert (Darurat
        # 112, through the core alert row) draws its area round the station.
        data={
            "station": station.code,
            "station_name": station.name,
            "lat": station.lat,
            "lng": station.lng,
            "titles": texts,
            **(data or {}),
        },
    )
    if created:
        _mail(subscribers(region, config, station), title, detail)


def close_alert(region: Region, condition: str) -> None:
    clear_alert(region, KEY, condition)


def _mail(to: list[str], title: str, detail: str) -> None:
    if not to:
        return
    try:
        send_mail(f"[kotacerdas] {title}", detail or title, None, to)
    except Exception:  # a mail server outage must not stop ingestion; the alert is stored
        log.exception("sensor-kota: alert e-mail failed")


def indonesian(text_fn: Any, *args: Any) -> str:
    """Alert titles are stored once, in the platform's first language."""
    with translation.override("id"):
        return str(text_fn(*args))


def titles(text_fn: Any, *args: Any) -> dict[str, str]:
    """The alert's title in each language of the platform, Indonesian first."""
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = str(text_fn(*args))
    return out
