"""Agreements (PKS) in the console: create, renew, end; each refusal names its field; every
change is audited; the public list keeps working."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kotacerdas.catalog.models import Agreement
from kotacerdas.catalog.services import agreements
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.catalog.services.visibility import today
from kotacerdas.core.models import Region
from kotacerdas.core.models.audit import AuditEntry
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import NotAllowed
from tests.catalog.test_scope import other_province_region
from tests.conftest import Demo

URL = "/console/semarang/catalog/agreements/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "pks.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def form(demo: Demo, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "number": "010/PKS/DISKOMINFO/XII/2026",
        "title": "Kerja sama aplikasi taman kota",
        "signed_on": "2026-01-05",
        "parties": [demo.demak.pk],
        "app_keys": ["contoh-taman"],
        "valid_from": "2026-01-05",
        "valid_until": "2030-01-04",
        "document": pdf(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.unscoped("test").filter(action=action))


def test_console_lists_the_regions_agreements_and_is_private(demo: Demo) -> None:
    page = demo.client_for("admin-kendal").get("/console/kendal/catalog/agreements/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "001/PKS/DISKOMINFO/VI/2018" in text  # recorded by Semarang, Kendal is a party
    assert "001/PKS/DISKOMINFO-KDL/III/2019" in text
    assert "002/PKS/DISKOMINFO/VI/2018" not in text  # Semarang–Demak: not Kendal's
    assert demo.client_for(None).get(URL).status_code == 302
    assert demo.client_for("admin-kendal").get(URL).status_code == 403
    staff = demo.client_for("dpu-semarang")
    assert staff.get(URL).status_code == 200
    assert staff.post(URL, form(demo)).status_code == 403
    assert not Agreement.objects.unscoped("t").filter(number="010/PKS/DISKOMINFO/XII/2026")


def test_create_with_document_is_audited_and_public(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    response = client.post(URL, form(demo))
    assert response.status_code == 302, response.content.decode()
    row = Agreement.objects.unscoped("t").get(number="010/PKS/DISKOMINFO/XII/2026")
    assert row.region == demo.semarang and row.app_keys == ["contoh-taman"]
    assert set(Region.objects.filter(agreements=row)) == {demo.semarang, demo.demak}
    assert row.valid_until == dt.date(2030, 1, 4)
    with default_storage.open(row.document.name, "rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    [entry] = audit("agreement.created")
    assert entry.region == demo.semarang and entry.target == row.number
    assert entry.actor == demo.user("admin-semarang")
    assert entry.detail["parties"] == ["33.21", "33.74"]
    public = demo.client_for(None)
    listing = public.get("/catalog/agreements/").content.decode()
    assert "010/PKS/DISKOMINFO/XII/2026" in listing
    document = public.get(f"/catalog/agreements/{row.pk}/document")
    assert document.status_code == 200
    assert b"".join(document.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    api = public.get("/api/catalog/agreements").json()
    assert "010/PKS/DISKOMINFO/XII/2026" in {a["number"] for a in api}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"valid_until": "2025-01-01"}, "valid_until", "cannot end before it starts"),
        ({"signed_on": "2099-01-01"}, "signed_on", "cannot be in the future"),
        ({"signed_on": "not a date"}, "signed_on", "valid date"),
        ({"document": pdf("pks.pdf", b"GIF89a not a pdf")}, "document", "not a PDF"),
        ({"parties": []}, "parties", "required"),
        ({"number": "   "}, "number", "required"),
        ({"app_keys": ["no-such-app"]}, "app_keys", "valid choice"),
    ],
)
def test_create_refusals_name_the_field(
    demo: Demo, changes: dict[str, object], field: str, message: str
) -> None:
    response = demo.client_for("admin-semarang").post(
        URL, form(demo, **changes), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not Agreement.objects.unscoped("t").filter(number__startswith="010/")
    assert not audit("agreement.created")


def test_oversize_document_is_refused(demo: Demo) -> None:
    big = pdf("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = demo.client_for("admin-semarang").post(
        URL, form(demo, document=big), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "larger than 10 MB" in " ".join(response.context["form"].errors["document"])
    assert not Agreement.objects.unscoped("t").filter(number__startswith="010/")


def test_foreign_parties_and_duplicates_are_refused(demo: Demo) -> None:
    yogya = other_province_region()
    client = demo.client_for("admin-semarang")
    response = client.post(URL, form(demo, parties=[yogya.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "parties" in response.context["form"].errors
    scope = Scope.for_user(demo.user("admin-semarang"))
    base = {
        "number": "011/PKS",
        "title": "t",
        "signed_on": dt.date(2026, 1, 1),
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": None,
    }
    with pytest.raises(CatalogError, match="Kota Yogyakarta") as refused:
        agreements.create(scope, demo.semarang, parties=[demo.demak, yogya], **base)  # type: ignore[arg-type]
    assert refused.value.field == "parties"
    with pytest.raises(CatalogError) as refused:
        agreements.create(scope, demo.semarang, parties=[], **base)  # type: ignore[arg-type]
    assert refused.value.field == "parties"
    duplicate = form(demo, number="001/PKS/DISKOMINFO/VI/2018")
    response = client.post(URL, duplicate, HTTP_ACCEPT_LANGUAGE="en")
    assert "already recorded" in " ".join(response.context["form"].errors["number"])
    with pytest.raises(NotAllowed):
        agreements.create(
            Scope.for_user(demo.user("admin-kendal")),
            demo.semarang,
            parties=[demo.demak],
            **base,  # type: ignore[arg-type]
        )
    assert not Agreement.objects.unscoped("t").filter(number="011/PKS")


def agreement_with_kendal() -> Agreement:
    return Agreement.objects.unscoped("t").get(number="001/PKS/DISKOMINFO/VI/2018")


def test_renew_extends_with_a_reason(demo: Demo) -> None:
    row = agreement_with_kendal()
    url = f"/console/semarang/catalog/agreements/{row.pk}/renew/"
    client = demo.client_for("admin-semarang")
    assert client.get(url).status_code == 200
    earlier = client.post(
        url, {"valid_until": "2027-01-01", "reason": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "must be after the current one" in " ".join(
        earlier.context["form"].errors["valid_until"]
    )
    no_reason = client.post(url, {"valid_until": "2033-06-04", "reason": ""})
    assert "reason" in no_reason.context["form"].errors
    not_pdf = client.post(
        url,
        {"valid_until": "2033-06-04", "reason": "x", "document": pdf("r.pdf", b"hello")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "not a PDF" in " ".join(not_pdf.context["form"].errors["document"])
    assert agreement_with_kendal().valid_until == dt.date(2028, 6, 4)
    assert not audit("agreement.renewed")
    done = client.post(
        url, {"valid_until": "2033-06-04", "reason": "Diperpanjang lima tahun", "document": pdf()}
    )
    assert done.status_code == 302
    renewed = agreement_with_kendal()
    assert renewed.valid_until == dt.date(2033, 6, 4) and renewed.document.name
    [entry] = audit("agreement.renewed")
    assert entry.detail["valid_until"] == ["2028-06-04", "2033-06-04"]
    assert entry.detail["reason"] == "Diperpanjang lima tahun"
    # Only the region that keeps the record changes it.
    kendal = demo.client_for("admin-kendal")
    assert kendal.get(f"/console/kendal/catalog/agreements/{row.pk}/renew/").status_code == 404
    staff = demo.client_for("dpu-semarang")
    assert staff.post(url, {"valid_until": "2040-01-01", "reason": "x"}).status_code == 403


def test_end_sets_the_last_day_with_a_reason(demo: Demo) -> None:
    row = agreement_with_kendal()
    url = f"/console/semarang/catalog/agreements/{row.pk}/end/"
    client = demo.client_for("admin-semarang")
    later = client.post(url, {"ended_on": "2030-01-01", "reason": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "already ends on 2028-06-04" in " ".join(later.context["form"].errors["ended_on"])
    before = client.post(url, {"ended_on": "2017-01-01", "reason": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "before the agreement started" in " ".join(before.context["form"].errors["ended_on"])
    assert not audit("agreement.ended")
    ended_on = today() - dt.timedelta(days=1)
    done = client.post(url, {"ended_on": ended_on.isoformat(), "reason": "Tidak diperpanjang"})
    assert done.status_code == 302
    assert agreement_with_kendal().valid_until == ended_on
    assert not agreement_with_kendal().is_active(today())
    [entry] = audit("agreement.ended")
    assert entry.detail == {
        "valid_until": ["2028-06-04", ended_on.isoformat()],
        "reason": "Tidak diperpanjang",
    }
    page = client.get(URL).content.decode()
    assert "Tidak diperpanjang" in page  # the history, from the audit log
