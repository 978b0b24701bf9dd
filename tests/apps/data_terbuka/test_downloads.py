"""Downloads of a published resource: CSV and JSON streamed, XLSX a workbook; only public
releases, and never a column of personal data."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from kotacerdas.apps.data_terbuka.models import Release
from kotacerdas.apps.data_terbuka.services import review, uploads
from tests.apps.data_terbuka.backend import agency_dataset, context_for, upload
from tests.apps.data_terbuka.test_portal import SERIES, publish
from tests.conftest import Demo

pytestmark = pytest.mark.django_db


def url(dataset: Any, release: Release, fmt: str) -> str:
    return (
        f"/r/{dataset.region.slug}/data-terbuka/dataset/{dataset.name}/"
        f"{release.resource.uuid}.{fmt}"
    )


def content(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_csv_json_and_xlsx_carry_every_row(demo: Demo) -> None:
    dataset, release = publish(demo.semarang)
    got = Client().get(url(dataset, release, "csv"))
    assert got.status_code == 200 and got["Content-Type"].startswith("text/csv")
    assert "attachment" in got["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(content(got).decode("utf-8-sig"))))
    assert rows[0] == ["tanggal", "titik", "debit_m3"]
    assert rows[1:] == [
        ["2026-11-01", "Hulu", "12.5"],
        ["2026-11-01", "Hilir", "14.5"],
        ["2026-11-02", "Hulu", "11.0"],
        ["2026-11-03", "Hulu", "9.25"],
    ]
    data = json.loads(content(Client().get(url(dataset, release, "json"))))
    assert [f["id"] for f in data["fields"]] == ["tanggal", "titik", "debit_m3"]
    assert data["records"][1] == {"tanggal": "2026-11-01", "titik": "Hilir", "debit_m3": 14.5}
    assert len(data["records"]) == 4
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    xlsx = Client().get(url(dataset, release, "xlsx"))
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(content(xlsx)), read_only=True)
    sheet = book.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["tanggal", "titik", "debit_m3"]
    assert values[2] == ["2026-11-01", "Hilir", 14.5]
    assert len(values) == 5
    assert book["kolom"] is not None


def test_spreadsheet_formulas_are_never_written(demo: Demo) -> None:
    dataset, release = publish(demo.semarang, csv="tanggal,catatan\n2026-11-01,=HYPERLINK(1)\n")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content(Client().get(url(dataset, release, "xlsx")))))
    cell = book.worksheets[0]["B2"]
    assert cell.data_type != "f"


def test_only_published_public_rows_are_served(demo: Demo) -> None:
    dataset, release = publish(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    draft = uploads.stage_upload(
        ctx, dataset, "Debit sungai", upload(SERIES + "2026-11-04,Hulu,1\n")
    )
    # The draft's resource is the same one: the download stays at the published version.
    got = content(Client().get(url(dataset, release, "csv"))).decode("utf-8-sig")
    assert "2026-11-04" not in got
    review.submit(ctx, draft)
    assert "2026-11-04" not in content(Client().get(url(dataset, release, "csv"))).decode()
    restricted, rel = publish(demo.semarang, access_level="terbatas")
    assert Client().get(url(restricted, rel, "csv")).status_code == 404
    pending = agency_dataset(demo.semarang)
    staged = uploads.stage_upload(ctx, pending, "Data", upload(SERIES))
    assert Client().get(url(pending, staged, "csv")).status_code == 404
    assert Client().get(url(dataset, release, "exe")).status_code == 404


def test_no_personal_data_column_reaches_a_download(demo: Demo) -> None:
    csv_text = (
        "kecamatan,email_pelapor,nik,jumlah\n"
        "Tembalang,budi@example.com,3374010101900001,3\n"
        "Banyumanik,sari@example.com,3374010202900002,5\n"
    )
    dataset = agency_dataset(demo.semarang)
    ctx = context_for(demo.semarang, "dlh-semarang")
    release = uploads.stage_upload(ctx, dataset, "Data", upload(csv_text))
    flagged = {f["column"] for f in release.pii_flags}
    assert {"email_pelapor", "nik"} <= flagged
    with pytest.raises(Exception):  # noqa: B017 — the service refuses: flags are open
        review.submit(ctx, release)
    kept = [c for c in release.columns if c["name"] not in flagged]
    release = uploads.set_columns(ctx, release, kept)
    review.submit(ctx, release)
    review.approve(context_for(demo.semarang, "admin-semarang"), release)
    release.refresh_from_db()
    dataset.refresh_from_db()
    for fmt in ("csv", "json", "xlsx"):
        raw = content(Client().get(url(dataset, release, fmt)))
        if fmt == "xlsx":
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(raw))
            raw = repr(
                [list(r) for s in book.worksheets for r in s.iter_rows(values_only=True)]
            ).encode()
        text = raw.decode("utf-8", "replace")
        assert "example.com" not in text and "3374010101900001" not in text, fmt
        assert "Tembalang" in text
    page = Client().get(f"/r/semarang/data-terbuka/dataset/{dataset.name}/").content.decode()
    assert "example.com" not in page and "3374010101900001" not in page
