"""What a restored installation answers, read in a process of its own.

Run as a script (``python backup_probe.py pages|readings``) with the restored database's
environment; the test runs ``pages`` in-process against the source too and compares.
"""

# ruff: noqa: S608  (the table names are the three fixed rollup levels)
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from typing import Any

# Public pages and API answers of the seeded demo that a restore must give back unchanged.
PAGES = [
    "/",
    "/apps/",
    "/r/semarang/",
    "/r/semarang/aduan-warga/",
    "/api/regions",
    "/api/regions/33.74/agencies",
    "/api/regions/33.74/apps",
    "/api/apps/sensor-kota/semarang/stations",
]
# Per-response tokens (CSRF, CSP nonces) differ between any two requests, restored or not.
_VOLATILE = re.compile(
    r'(csrfmiddlewaretoken" value="|nonce="|csrf-token" content="|"X-CSRFToken": ")[^"]*'
)


def pages(extra: list[str]) -> dict[str, Any]:
    from django.test import Client

    client = Client()
    out: dict[str, Any] = {}
    for url in [*PAGES, *extra]:
        response = client.get(url)
        body = response.content.decode()
        if response.get("Content-Type", "").startswith("application/json"):
            out[url] = [response.status_code, json.loads(body)]
        else:
            text = _VOLATILE.sub(r"\1-", body)
            out[url] = [response.status_code, hashlib.sha256(text.encode()).hexdigest(), len(text)]
    return out


def readings() -> dict[str, Any]:
    """The readings count and whether every rollup level adds up to the raw readings."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sensor_kota_reading")
        count = cursor.fetchone()[0]
        cursor.execute(
            "SELECT sensor_id, count(*), sum(value) FROM sensor_kota_reading GROUP BY sensor_id"
        )
        raw = {sid: (n, total) for sid, n, total in cursor.fetchall()}
        mismatches = []
        for level in ("minute", "hour", "day"):
            cursor.execute(
                f"SELECT sensor_id, sum(n), sum(vsum) FROM sensor_kota_rollup_{level} "
                "GROUP BY sensor_id"
            )
            rolled = {sid: (int(n), total) for sid, n, total in cursor.fetchall()}
            for sid in set(raw) | set(rolled):
                n_raw, sum_raw = raw.get(sid, (0, 0.0))
                n_roll, sum_roll = rolled.get(sid, (0, 0.0))
                if n_raw != n_roll or abs(float(sum_raw) - float(sum_roll)) > 1e-6 * max(
                    1.0, abs(float(sum_raw))
                ):
                    mismatches.append([level, sid, n_raw, n_roll])
        integrity = "not sqlite"
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            integrity = cursor.fetchone()[0]
    return {"count": count, "mismatches": mismatches, "integrity": integrity}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    what, extra = sys.argv[1], sys.argv[2:]
    print(json.dumps(pages(extra) if what == "pages" else readings()))
