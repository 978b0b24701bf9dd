"""Data Terbuka bench fixtures, shared by the store bench and the datastore_search bench.

``make_big_csv(path, n)`` writes an ``n``-row CSV of sensor-like readings
(``station,quantity,ts,value,flag``: 50 stations × 4 quantities, a timestamp a minute
apart per series, a value, a flag); ``make_big_resource(n)`` loads one through
``stage_upload`` into a published dataset of Semarang's DLH (the demo must be seeded)
and returns ``(release, seconds the load took)``: the release is the resource's current
one, its datastore table ``release.table_name``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

QUANTITIES = ("pm25", "pm10", "suhu", "kelembapan")
STATIONS = 50


def make_big_csv(path: Path, n: int) -> Path:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    series = STATIONS * len(QUANTITIES)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("station,quantity,ts,value,flag\n")
        lines = []
        for i in range(n):
            s, minute = i % series, i // series
            station, quantity = s // len(QUANTITIES), QUANTITIES[s % len(QUANTITIES)]
            ts = (start + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")
            value = round(10 + (i * 7919 % 1000) / 10, 1)
            flag = "suspect" if i % 97 == 0 else "ok"
            lines.append(f"stasiun-{station:02d},{quantity},{ts},{value},{flag}\n")
            if len(lines) >= 50_000:
                f.writelines(lines)
                lines = []
        f.writelines(lines)
    return path


def make_big_resource(n: int, *, folder: Path | None = None) -> tuple[Any, float]:
    """A published resource with ``n`` rows loaded through ``stage_upload`` (see above)."""
    import tempfile

    from django.core.files import File

    from kotacerdas.apps.data_terbuka.demo import context
    from kotacerdas.apps.data_terbuka.services.metadata import create_dataset
    from kotacerdas.apps.data_terbuka.services.review import publish
    from kotacerdas.apps.data_terbuka.services.uploads import stage_upload
    from kotacerdas.core.models import Agency, Region
    from kotacerdas.core.tenancy import Scope

    region = Region.objects.get(slug="semarang")
    ctx = context(region, Scope.region_system(region.pk, "bench"))
    assert ctx is not None, "data-terbuka is not enabled in Semarang: seed the demo first"
    dlh = Agency.objects.unscoped("bench").get(region=region, slug="dlh")
    dataset = create_dataset(
        ctx,
        {
            "title_id": f"Pembacaan sensor {n} baris",
            "frequency": "harian",
            "dimension": "environment",
            "agency": dlh.pk,
        },
    )
    path = make_big_csv(Path(folder or tempfile.mkdtemp()) / f"big-{n}.csv", n)
    with path.open("rb") as f:
        started = time.perf_counter()
        release = stage_upload(ctx, dataset, "Pembacaan", File(f, name=path.name))
        seconds = time.perf_counter() - started
    publish(release)
    return release, seconds
