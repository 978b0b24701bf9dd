"""The console as produsen data and walidata: a dataset's metadata form (errors by field),
an upload with its column page, row report and personal-data flags, submitting, the
walidata's queue with approve / return with a note, and who may do what where."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.apps.data_terbuka.models import OpenDataset, Release
from kotacerdas.apps.data_terbuka.services import review, uploads
from tests.apps.data_terbuka.backend import agency_dataset, context_for, upload
from tests.apps.data_terbuka.test_portal import publish
from tests.conftest import Demo

pytestmark = pytest.mark.django_db

CONSOLE = "/console/semarang/data-terbuka/"
METADATA = {
    "title_id": "Panjang jalan per kecamatan",
    "title_en": "Road length per district",
    "notes_id": "Panjang jalan kota.",
    "frequency": "tahunan",
    "access_level": "terbuka",
    "dimension": "living",
    "tags": "jalan, infrastruktur",
    "period_start": "2026-01-01",
    "period_end": "2026-12-31",
}


def body(response: Any) -> str:
    return str(response.content.decode())


def agency_id(demo: Demo, slug: str) -> int:
    from kotacerdas.core.models import Agency
    from kotacerdas.core.tenancy import Scope

    return int(Agency.objects.scoped(Scope.public()).get(region=demo.semarang, slug=slug).pk)


def staged(demo: Demo, csv: str, username: str = "dlh-semarang") -> Release:
    dataset = agency_dataset(demo.semarang, username)
    return uploads.stage_upload(context_for(demo.semarang, username), dataset, "Data", upload(csv))


def test_the_menu_shows_the_agency_pages_and_the_walidata_queue_with_its_count(
    demo: Demo,
) -> None:
    from kotacerdas.apps.data_terbuka.views.console import waiting_for_review

    before = waiting_for_review(context_for(demo.semarang, "admin-semarang"))
    release = staged(demo, "kecamatan,panjang_km\nTembalang,12.5\n")
    review.submit(context_for(demo.semarang, "dlh-semarang"), release)
    officer = body(demo.client_for("dlh-semarang").get(CONSOLE))
    assert "Dataset instansi" in officer and "Tinjauan walidata" not in officer
    walidata = body(demo.client_for("admin-semarang").get(CONSOLE))
    badge = re.search(r'Tinjauan walidata <span class="badge"[^>]*>(\d+)<', walidata)
    assert badge is not None and int(badge.group(1)) == before + 1


def test_new_dataset_form_names_each_bad_field(demo: Demo) -> None:
    client = demo.client_for("dpu-semarang")
    assert client.get(f"{CONSOLE}baru/").status_code == 200
    bad = {
        **METADATA,
        "title_id": "",
        "agency": agency_id(demo, "dpu"),
        "contact_email": "not-an-address",
        "frequency": "setiap-saat",
        "period_start": "2026-12-31",
        "period_end": "2026-01-01",
        "next_release": "2026-13-45",
    }
    page = client.post(f"{CONSOLE}baru/", bad)
    assert page.status_code == 200
    html = body(page)
    for field in ("title_id", "contact_email", "frequency", "period_end", "next_release"):
        assert f'data-field="{field}"' in html, field
    assert (
        not OpenDataset.objects.scoped(context_for(demo.semarang).scope)
        .filter(title_en=METADATA["title_en"])
        .exists()
    )
    # Control characters never reach the form: the platform refuses them with a 400.
    assert client.post(f"{CONSOLE}baru/", {**METADATA, "title_en": "bel\x07"}).status_code == 400


def test_an_officer_creates_a_dataset_only_for_their_own_agency(demo: Demo) -> None:
    client = demo.client_for("dpu-semarang")
    other = client.post(f"{CONSOLE}baru/", {**METADATA, "agency": agency_id(demo, "dlh")})
    assert other.status_code == 200 and 'data-field="agency"' in body(other)
    made = client.post(f"{CONSOLE}baru/", {**METADATA, "agency": agency_id(demo, "dpu")})
    assert made.status_code == 302
    found = OpenDataset.objects.scoped(context_for(demo.semarang).scope).get(
        title_id=METADATA["title_id"]
    )
    assert found.agency_id == agency_id(demo, "dpu") and found.state == "draft"
    assert made["Location"].endswith(f"dataset/{found.name}/unggah/")
    listing = body(client.get(CONSOLE))
    assert found.name in listing


def test_upload_then_fix_a_column_type_and_submit(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang, "dpu-semarang", title_id="Jalan rusak")
    client = demo.client_for("dpu-semarang")
    url = f"{CONSOLE}dataset/{dataset.name}/unggah/"
    assert client.get(url).status_code == 200
    csv = b"kecamatan,kode,panjang_km\nTembalang,01,12.5\nBanyumanik,02,8\n"
    sent = client.post(
        url,
        {"file": SimpleUploadedFile("jalan.csv", csv, "text/csv"), "resource_title": "Jalan"},
    )
    assert sent.status_code == 302
    release = Release.objects.scoped(context_for(demo.semarang).scope).get(
        resource__dataset=dataset
    )
    page = f"{CONSOLE}rilis/{release.pk}/"
    html = body(client.get(page))
    assert "Tembalang" in html and "Banyumanik" in html
    names = [c["name"] for c in release.columns]
    assert names == ["kecamatan", "kode", "panjang_km"]
    form: dict[str, str] = {"step": "columns"}
    for i, column in enumerate(release.columns):
        form[f"col-c{i}-type"] = column["type"]
        form[f"col-c{i}-title_id"] = column["title"].get("id", "")
        form[f"col-c{i}-title_en"] = ""
        form[f"col-c{i}-unit"] = "km" if column["name"] == "panjang_km" else ""
        form[f"col-c{i}-definition_id"] = "Panjang ruas jalan" if i == 2 else ""
        form[f"col-c{i}-definition_en"] = ""
    form["col-c1-type"] = "text"  # "01" is a code, not a number
    assert client.post(page, form).status_code == 302
    release.refresh_from_db()
    assert [c["type"] for c in release.columns][1] == "text"
    assert release.columns[2]["unit"] == "km"
    assert "01" in body(client.get(page))
    assert client.post(page, {"step": "submit"}).status_code == 302
    release.refresh_from_db()
    assert release.state == "submitted"
    # The console shell still knows who is signed in on the dataset's page.
    shown = body(client.get(f"{CONSOLE}dataset/{dataset.name}/"))
    assert "Petugas perangkat daerah" in shown and "dt-state-submitted" in shown


def test_a_broken_file_gets_the_services_message_on_the_file_field(demo: Demo) -> None:
    dataset = agency_dataset(demo.semarang, "dpu-semarang")
    client = demo.client_for("dpu-semarang")
    url = f"{CONSOLE}dataset/{dataset.name}/unggah/"
    for name, content in (
        ("rusak.xlsx", b"PK\x03\x04 this is no workbook"),
        ("kosong.csv", b""),
        ("gambar.png", b"\x89PNG"),
    ):
        page = client.post(
            url,
            {"file": SimpleUploadedFile(name, content), "resource_title": "Data"},
        )
        assert page.status_code == 200, name
        assert 'data-field="file"' in body(page), name
    assert (
        not Release.objects.scoped(context_for(demo.semarang).scope)
        .filter(resource__dataset=dataset)
        .exists()
    )


def test_personal_data_columns_are_flagged_and_must_be_settled(demo: Demo) -> None:
    release = staged(
        demo,
        "kecamatan,telepon,jumlah\nTembalang,081234567890,3\nBanyumanik,082198765432,5\n",
    )
    client = demo.client_for("dlh-semarang")
    page = f"{CONSOLE}rilis/{release.pk}/"
    html = body(client.get(page))
    assert 'data-flag="telepon"' in html
    assert re.search(r'<button class="btn btn-primary" type="submit" disabled>', html)
    assert client.post(page, {"step": "submit"}).status_code == 302
    release.refresh_from_db()
    assert release.state == "draft"  # refused with the service's message
    # Keeping it needs a reason.
    kept = client.post(page, {"step": "pii", "pii-p0-action": "keep", "pii-p0-reason": ""})
    assert kept.status_code == 200 and 'data-field="p0-reason"' in body(kept)
    removed = client.post(page, {"step": "pii", "pii-p0-action": "remove"})
    assert removed.status_code == 302
    release.refresh_from_db()
    assert [c["name"] for c in release.columns] == ["kecamatan", "jumlah"]
    assert not uploads.open_flags(release)
    assert "081234567890" not in body(client.get(page))


def test_walidata_returns_with_a_note_the_agency_sees_it_then_approves(demo: Demo) -> None:
    release = staged(demo, "kecamatan,jumlah\nTembalang,3\n")
    review.submit(context_for(demo.semarang, "dlh-semarang"), release)
    walidata = demo.client_for("admin-semarang")
    queue = body(walidata.get(f"{CONSOLE}tinjauan/"))
    assert f'data-release="{release.pk}"' in queue
    url = f"{CONSOLE}tinjauan/{release.pk}/"
    assert "Tembalang" in body(walidata.get(url))
    empty_note = walidata.post(url, {"decision": "return", "note": ""})
    assert empty_note.status_code == 200 and 'data-field="note"' in body(empty_note)
    assert (
        walidata.post(url, {"decision": "return", "note": "Satuan belum diisi"}).status_code == 302
    )
    release.refresh_from_db()
    assert release.state == "returned"
    officer = demo.client_for("dlh-semarang")
    assert "Satuan belum diisi" in body(officer.get(CONSOLE))
    assert "Satuan belum diisi" in body(officer.get(f"{CONSOLE}rilis/{release.pk}/"))
    review.submit(context_for(demo.semarang, "dlh-semarang"), release)
    assert walidata.post(url, {"decision": "approve", "note": ""}).status_code == 302
    release.refresh_from_db()
    assert release.state == "published"
    dataset = release.resource.dataset
    public = demo.client_for(None).get(f"/r/semarang/data-terbuka/dataset/{dataset.name}/")
    assert public.status_code == 200


def test_an_agency_officer_cannot_review(demo: Demo) -> None:
    release = staged(demo, "kecamatan,jumlah\nTembalang,3\n")
    review.submit(context_for(demo.semarang, "dlh-semarang"), release)
    officer = demo.client_for("dlh-semarang")
    assert officer.get(f"{CONSOLE}tinjauan/").status_code == 403
    assert (
        officer.post(f"{CONSOLE}tinjauan/{release.pk}/", {"decision": "approve"}).status_code == 403
    )
    release.refresh_from_db()
    assert release.state == "submitted"


def test_tenancy_other_agencies_and_other_regions_get_nothing(demo: Demo) -> None:
    dataset, release = publish(demo.semarang)
    draft = staged(demo, "kecamatan,jumlah\nTembalang,3\n")
    # Another agency of the same region: the dataset and its releases are not theirs.
    dpu = demo.client_for("dpu-semarang")
    assert dpu.get(f"{CONSOLE}dataset/{dataset.name}/").status_code == 404
    assert dpu.get(f"{CONSOLE}rilis/{draft.pk}/").status_code == 404
    assert dpu.get(f"{CONSOLE}dataset/{dataset.name}/unggah/").status_code == 404
    # Another region's officer, in their own region's console: 404.
    kendal = demo.client_for("dlh-kendal")
    assert kendal.get(f"/console/kendal/data-terbuka/dataset/{dataset.name}/").status_code == 404
    assert kendal.get(f"/console/kendal/data-terbuka/rilis/{release.pk}/").status_code == 404
    assert kendal.get(f"/console/kendal/data-terbuka/tinjauan/{release.pk}/").status_code == 403
    admin_kendal = demo.client_for("admin-kendal")
    assert admin_kendal.get(f"/console/kendal/data-terbuka/tinjauan/{draft.pk}/").status_code == 404
    # And in the other region's console: refused by the platform.
    assert kendal.get(CONSOLE).status_code == 403
    # A citizen: sign in first.
    assert demo.client_for(None).get(CONSOLE).status_code == 302
