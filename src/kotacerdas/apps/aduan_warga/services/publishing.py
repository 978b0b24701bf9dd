"""Events for the situation room: only the report's public fields, never the reporter."""

from __future__ import annotations

from typing import Any

from kotacerdas.apps.aduan_warga.models import Report
from kotacerdas.core.events import publish

KEY = "aduan-warga"


def public_payload(report: Report) -> dict[str, Any]:
    return {
        "ticket": report.ticket,
        "status": report.status,
        "service_code": report.service_code,
        "category": report.category_name,
        "agency": report.agency.short_name if report.agency else None,
        "lat": report.lat,
        "lng": report.lng,
        "overdue": report.overdue,
        "updated_at": report.updated_at.isoformat(),
    }


def announce(report: Report, kind: str) -> None:
    publish(report.region_id, KEY, kind, public_payload(report), public=True)
