"""A small open-data world for the CKAN API, search and DCAT tests (on the seeded demo).

Semarang: two public datasets with tables, a draft, a restricted one, and ``FILLERS``
public datasets for paging; Kendal: one public dataset. The demo's own datasets are
removed first (inside the test's transaction), so counts are the world's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import OpenDataset, Release, Resource
from kotacerdas.apps.data_terbuka.search import forget_organizations
from kotacerdas.apps.data_terbuka.services.metadata import sync_search
from kotacerdas.apps.data_terbuka.views.ckan import forget_regions
from kotacerdas.core.models import Agency, Region

FILLERS = 23
AIR_ROWS = 250
STATIONS = ("tugu", "banyumanik", "genuk", "pedurungan", "candisari")
QUANTITIES = ("pm25", "pm10")

AIR_COLUMNS = [
    {"name": "station", "type": "text", "title": {"id": "Stasiun", "en": "Station"}},
    {"name": "quantity", "type": "text", "title": {"id": "Besaran", "en": "Quantity"}},
    {"name": "day", "type": "date", "title": {"id": "Tanggal", "en": "Day"}},
    {"name": "value", "type": "numeric", "title": {"id": "Nilai", "en": "Value"}, "unit": "µg/m³"},
    {"name": "good", "type": "boolean", "title": {"id": "Baik", "en": "Good"}},
]


def air_rows() -> list[tuple[Any, ...]]:
    start = dt.date(2026, 1, 1)
    return [
        (
            STATIONS[i % len(STATIONS)],
            QUANTITIES[(i // len(STATIONS)) % 2],
            start + dt.timedelta(days=i // 10),
            float((i * 37) % 101),
            (i * 37) % 101 < 50,
        )
        for i in range(AIR_ROWS)
    ]


@dataclass
class World:
    semarang: Region
    kendal: Region
    air: OpenDataset
    roads: OpenDataset
    draft: OpenDataset
    restricted: OpenDataset
    kendal_prices: OpenDataset
    air_resource: Resource
    draft_resource: Resource
    kendal_resource: Resource

    @property
    def public_semarang(self) -> int:
        return 2 + FILLERS


def _agency(region: Region, slug: str) -> Agency:
    return Agency.objects.unscoped("test").get(region=region, slug=slug)


def _dataset(region: Region, name: str, *, tags: list[str], **fields: Any) -> OpenDataset:
    values: dict[str, Any] = {
        "source": "upload",
        "title_id": name.replace("-", " ").title(),
        "frequency": "bulanan",
        "dimension": "governance",
        "state": "published",
        "access_level": "terbuka",
        "walidata": _agency(region, "diskominfo") if _has(region, "diskominfo") else None,
    }
    values.update(fields)
    dataset = OpenDataset.objects.unscoped("test").create(region=region, name=name, **values)
    sync_search(dataset, tags)
    return dataset


def _has(region: Region, slug: str) -> bool:
    return Agency.objects.unscoped("test").filter(region=region, slug=slug).exists()


def _table(
    dataset: OpenDataset, name: str, columns: list[dict[str, Any]], rows: list[tuple[Any, ...]]
) -> Resource:
    resource = Resource.objects.unscoped("test").create(
        region=dataset.region, dataset=dataset, name=name, title_id=name.title(), title_en=name
    )
    release = Release.objects.unscoped("test").create(
        region=dataset.region,
        resource=resource,
        version=1,
        state="published",
        columns=columns,
        published_at=timezone.now(),
    )
    datastore.create_table(release)
    release.row_count = datastore.load_rows(release, rows)
    release.save()
    resource.current = release
    resource.save()
    return resource


def build(semarang: Region, kendal: Region) -> World:
    """The world, alone: the demo's own datasets are removed inside the test's transaction."""
    forget_organizations()
    forget_regions()
    OpenDataset.objects.unscoped("test").all().delete()
    air = _dataset(
        semarang,
        "uji-kualitas-udara",
        tags=["udara", "ispu"],
        title_id="Kualitas udara harian",
        title_en="Daily air quality",
        notes_id="Nilai PM2.5 dan PM10 per stasiun",
        notes_en="PM2.5 and PM10 per station",
        agency=_agency(semarang, "dlh"),
        dimension="environment",
        frequency="harian",
        contact_name="Bidang Pengendalian Pencemaran",
        contact_email="data@dlh.example.id",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 25),
        priority=True,
    )
    air_resource = _table(air, "udara", AIR_COLUMNS, air_rows())
    roads = _dataset(
        semarang,
        "uji-jalan-rusak",
        tags=["jalan", "udara"],
        title_id="Laporan jalan rusak",
        title_en="Damaged road reports",
        agency=_agency(semarang, "dpu"),
        dimension="living",
    )
    Resource.objects.unscoped("test").create(
        region=semarang,
        dataset=roads,
        name="open311",
        title_id="Open311",
        format="JSON",
        url="https://example.id/open311/requests.json",
    )
    draft = _dataset(
        semarang,
        "uji-rahasia-draf",
        tags=["udara"],
        title_id="Kualitas udara draf",
        agency=_agency(semarang, "dlh"),
        state="draft",
    )
    draft_resource = _table(draft, "draf", AIR_COLUMNS, air_rows()[:5])
    restricted = _dataset(
        semarang,
        "uji-terbatas",
        tags=["udara"],
        title_id="Kualitas udara terbatas",
        agency=_agency(semarang, "dlh"),
        access_level="terbatas",
    )
    for n in range(FILLERS):
        _dataset(
            semarang,
            f"uji-isi-{n:02d}",
            tags=["isi"],
            title_id=f"Dataset isi {n}",
            agency=_agency(semarang, "dpu" if n % 2 else "dlh"),
            dimension="economy" if n % 3 else "society",
        )
    kendal_prices = _dataset(
        kendal,
        "uji-kendal-harga",
        tags=["udara", "harga"],
        title_id="Harga pangan Kendal udara",
        agency=_agency(kendal, "dlh"),
        dimension="economy",
    )
    kendal_resource = _table(kendal_prices, "harga", AIR_COLUMNS, air_rows()[:10])
    return World(
        semarang,
        kendal,
        air,
        roads,
        draft,
        restricted,
        kendal_prices,
        air_resource,
        draft_resource,
        kendal_resource,
    )
