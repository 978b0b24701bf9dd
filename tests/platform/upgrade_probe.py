"""What an upgraded installation holds and shows, read in a process of its own.

Run as a script (``python upgrade_probe.py``) with the upgraded installation's environment: it
prints one JSON object with row counts through today's models (the ORM, after the upgrade)
and the answers of a few public pages.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

REASON = "the upgrade test counts every region's rows"


def counts() -> dict[str, int]:
    from django.contrib.auth.models import User

    from kotacerdas.apps.aduan_warga.models import Report, ReportAction
    from kotacerdas.apps.harga_pangan.models import Price
    from kotacerdas.apps.sensor_kota.models import Reading, Sensor, Station
    from kotacerdas.core.models import Agency, Region

    prices = Price.objects.unscoped(REASON)
    return {
        "regions": Region.objects.count(),
        "agencies": Agency.objects.unscoped(REASON).count(),
        "users": User.objects.count(),
        "reports": Report.objects.unscoped(REASON).count(),
        "report_actions": ReportAction.objects.unscoped(REASON).count(),
        "prices": prices.count(),
        "markets": prices.values("region", "market").distinct().count(),
        "stations": Station.objects.unscoped(REASON).count(),
        "sensors": Sensor.objects.unscoped(REASON).count(),
        "readings": Reading.objects.count(),
    }


def pages() -> dict[str, Any]:
    from django.test import Client

    client = Client()
    out: dict[str, Any] = {}
    for url in ["/r/semarang/", "/r/semarang/aduan-warga/", "/r/semarang/harga-pangan/"]:
        response = client.get(url)
        out[url] = {"status": response.status_code, "html": response.content.decode()}
    response = client.get("/api/apps/sensor-kota/semarang/stations")
    out["stations"] = {
        "status": response.status_code,
        "codes": sorted(s["code"] for s in response.json()["stations"])
        if response.status_code == 200
        else [],
    }
    return out


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    print(json.dumps({"counts": counts(), "pages": pages()}))
