"""The public portal: search with facets and paging, the province page, a dataset's page
with its metadata, preview, chart, API calls and history; drafts and terbatas stay hidden."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from kotacerdas.apps.data_terbuka.models import OpenDataset, Release
from kotacerdas.apps.data_terbuka.services import review, uploads
from kotacerdas.core.models import Region
from tests.apps.data_terbuka.backend import agency_dataset, context_for, upload
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

SERIES = (
    "tanggal,titik,debit_m3\n"
    "2026-11-01,Hulu,12.5\n2026-11-01,Hilir,14.5\n"
    "2026-11-02,Hulu,11\n2026-11-03,Hulu,9.25\n"
)


def publish(
    region: Region,
    csv: str = SERIES,
    username: str = "dlh-semarang",
    admin: str | None = None,
    **metadata: Any,
) -> tuple[OpenDataset, Release]:
    """An agency's dataset with one uploaded resource, submitted and approved."""
    dataset = agency_dataset(region, username, **metadata)
    ctx = context_for(region, username)
    release = uploads.stage_upload(ctx, dataset, "Debit sungai", upload(csv))
    review.submit(ctx, release)
    review.approve(context_for(region, admin or f"admin-{region.slug}"), release)
    dataset.refresh_from_db()
    release.refresh_from_db()
    return dataset, release


def portal(region: Region) -> str:
    return f"/r/{region.slug}/data-terbuka/"


def text(response: Any) -> str:
    return str(response.content.decode())


def test_search_lists_a_published_dataset_with_agency_frequency_and_formats(demo: Demo) -> None:
    dataset, _release = publish(demo.semarang, title_id="Debit sungai Banjir Kanal", tags="air")
    page = Client().get(portal(demo.semarang), {"q": "banjir kanal"})
    assert page.status_code == 200
    body = text(page)
    assert f'data-dataset="{dataset.name}"' in body
    assert "Debit sungai Banjir Kanal" in body
    assert "DLH" in body  # the agency's short name
    assert "Bulanan" in body  # the frequency in Indonesian
    assert "CSV" in body and "XLSX" in body and "JSON" in body
    assert "WIB" in body


def test_facets_are_checkboxes_with_counts_and_filter_the_results(demo: Demo) -> None:
    first, _ = publish(demo.semarang, title_id="Debit sungai A", tags="air, sungai")
    second, _ = publish(demo.semarang, title_id="Debit sungai B", tags="air", frequency="tahunan")
    page = text(Client().get(portal(demo.semarang), {"q": "debit sungai"}))
    box = re.search(r'<input type="checkbox" name="tags" value="sungai"[^>]*>', page)
    assert box is not None
    assert re.search(r'value="air"[^>]*> <span>air</span> <span class="dt-count">2</span>', page)
    filtered = text(Client().get(portal(demo.semarang), {"q": "debit sungai", "tags": "sungai"}))
    assert f'data-dataset="{first.name}"' in filtered
    assert f'data-dataset="{second.name}"' not in filtered
    assert re.search(r'name="tags" value="sungai" checked', filtered)
    yearly = text(
        Client().get(portal(demo.semarang), {"q": "debit sungai", "frequency": "tahunan"})
    )
    assert f'data-dataset="{second.name}"' in yearly
    assert f'data-dataset="{first.name}"' not in yearly


def test_search_pages_and_survives_hostile_input(demo: Demo) -> None:
    for i in range(21):
        agency_dataset(demo.semarang, title_id=f"Tabel paging {i}")
    # Drafts are never listed: publish enough for two pages.
    OpenDataset.objects.unscoped("test publishes in bulk").filter(
        title_id__startswith="Tabel paging"
    ).update(state="published")
    from kotacerdas.apps.data_terbuka.services.metadata import sync_search

    for d in OpenDataset.objects.unscoped("test").filter(title_id__startswith="Tabel paging"):
        sync_search(d)
    first = text(Client().get(portal(demo.semarang), {"q": "paging"}))
    assert "21 dataset" in first
    assert 'rel="next"' in first
    second = text(Client().get(portal(demo.semarang), {"q": "paging", "page": "2"}))
    assert second.count('class="dt-item"') == 1
    assert 'rel="prev"' in second
    hostile: list[dict[str, str]] = [
        {"page": "abc"},
        {"q": "x" * 5000},
        {"q": "<script>alert(1)</script>"},
        {"tags": "<b>"},
        {"page": "99999999999"},
    ]
    for query in hostile:
        page = Client().get(portal(demo.semarang), query)
        assert page.status_code == 200, query
        assert "<script>alert(1)</script>" not in text(page)
    # Control characters are refused by the platform before the view, as a plain 400.
    for control in ("\x00", "bel\x07"):
        assert Client().get(portal(demo.semarang), {"q": control}).status_code == 400


def test_drafts_and_restricted_datasets_stay_hidden(demo: Demo) -> None:
    draft = agency_dataset(demo.semarang, title_id="Draf rahasia sekali")
    restricted, _ = publish(demo.semarang, title_id="Data terbatas sekali", access_level="terbatas")
    for who in (None, "dpu-semarang"):
        client = demo.client_for(who)
        listing = text(client.get(portal(demo.semarang), {"q": "sekali"}))
        assert draft.name not in listing and restricted.name not in listing
        for name in (draft.name, restricted.name):
            assert client.get(f"{portal(demo.semarang)}dataset/{name}/").status_code == 404


def test_dataset_page_shows_satu_data_metadata_preview_chart_api_and_history(
    demo: Demo,
) -> None:
    dataset, release = publish(
        demo.semarang,
        title_id="Debit sungai harian",
        title_en="Daily river discharge",
        notes_id="Debit per titik pantau.",
        contact_name="Seksi Pengendalian",
        priority=True,
        period_start="2026-11-01",
        period_end="2026-11-30",
    )
    url = f"{portal(demo.semarang)}dataset/{dataset.name}/"
    body = text(Client().get(url))
    for expected in (
        "Debit sungai harian",
        "Debit per titik pantau.",
        "Dinas Lingkungan Hidup",  # produsen data
        "Dinas Komunikasi dan Informatika",  # walidata
        "Seksi Pengendalian",
        "33.74",  # the Kemendagri region code
        "https://creativecommons.org/licenses/by/4.0/",
        "Terbuka",
        "Ya",  # priority data
    ):
        assert expected in body, expected
    # The preview: the rows of the published release.
    assert "Hilir" in body and "14,5" in body  # numbers in the page's language
    # The API calls to fetch it.
    resource = release.resource
    assert f"datastore_search?resource_id={resource.uuid}" in body
    assert f"package_show?id={dataset.name}" in body
    # The history: version, rows, approved by the walidata agency (never a person).
    history = body.split("dt-history", 1)[1]
    assert ">1<" in history and ">4<" in history and "Diskominfo" in history
    assert "admin-semarang" not in body
    # The chart's numbers come as JSON (json_script), one point per date (a mean).
    found = re.search(
        r'<script id="dt-chart-\d+-data" type="application/json">(.*?)</script>', body
    )
    assert found is not None
    chart = json.loads(found.group(1))
    assert chart["y"] == [13.5, 11.0, 9.25]
    assert len(chart["x"]) == 3 and chart["mean"] is True
    english = Client(headers={"Accept-Language": "en"})
    english.cookies["django_language"] = "en"
    assert "Daily river discharge" in text(english.get(url))


def test_dataset_page_advertises_dcat_alternates(demo: Demo) -> None:
    dataset, _ = publish(demo.semarang)
    body = text(Client().get(f"{portal(demo.semarang)}dataset/{dataset.name}/"))
    assert re.search(r'<link rel="alternate" type="application/ld\+json" href="[^"]+"', body)
    assert 'type="text/turtle"' in body


def test_user_text_is_rendered_as_text(demo: Demo) -> None:
    dataset, _ = publish(
        demo.semarang,
        csv="tanggal,catatan\n2026-11-01,<img src=x onerror=alert(1)>\n",
        title_id="Judul <script>alert(2)</script>",
    )
    body = text(Client().get(f"{portal(demo.semarang)}dataset/{dataset.name}/"))
    assert "<script>alert(2)</script>" not in body
    assert "<img src=x" not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body


def test_province_page_shows_every_region_of_the_province(demo: Demo) -> None:
    semarang, _ = publish(demo.semarang, title_id="Debit provinsi Semarang")
    kendal, _ = publish(demo.kendal, username="dlh-kendal", title_id="Debit provinsi Kendal")
    body = text(Client().get(f"{portal(demo.kendal)}provinsi/", {"q": "debit provinsi"}))
    assert semarang.name in body and kendal.name in body
    assert "Kota Semarang" in body and "Kabupaten Kendal" in body
    # The region page shows its own only.
    own = text(Client().get(portal(demo.kendal), {"q": "debit provinsi"}))
    assert kendal.name in own and semarang.name not in own
