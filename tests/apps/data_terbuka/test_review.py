"""Submitting, returning and approving an uploaded release; metadata rules and audit."""

from __future__ import annotations

import pytest
from django.utils import translation

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.models import (
    DatasetState,
    DatasetTag,
    OpenDataset,
    Release,
    ReleaseState,
)
from kotacerdas.apps.data_terbuka.services import Refused
from kotacerdas.apps.data_terbuka.services.metadata import Invalid, create_dataset, update_dataset
from kotacerdas.apps.data_terbuka.services.review import approve, return_release, submit
from kotacerdas.apps.data_terbuka.services.uploads import confirm_not_personal, stage_upload
from kotacerdas.core.models import AuditEntry
from tests.apps.data_terbuka.backend import agency_dataset, context_for, upload
from tests.conftest import Demo

pytestmark = pytest.mark.django_db
T = "test"
CSV = "kecamatan,jumlah\nTugu,4\nNgaliyan,7\n"


def staged(demo: Demo, content: str = CSV) -> Release:
    dataset = agency_dataset(demo.semarang, tags=["Air", "sungai"])
    return stage_upload(
        context_for(demo.semarang, "dlh-semarang"), dataset, "Data", upload(content)
    )


def test_submit_approve_publishes_and_supersedes(demo: Demo) -> None:
    staff = context_for(demo.semarang, "dlh-semarang")
    walidata = context_for(demo.semarang, "admin-semarang")
    first = staged(demo)
    dataset = first.resource.dataset
    modified = OpenDataset.objects.unscoped(T).get(pk=dataset.pk).metadata_modified
    submit(staff, first)
    assert OpenDataset.objects.unscoped(T).get(pk=dataset.pk).state == DatasetState.SUBMITTED
    approve(walidata, first)
    dataset.refresh_from_db()
    assert dataset.state == DatasetState.PUBLISHED and dataset.metadata_modified > modified
    assert first.resource.__class__.objects.unscoped(T).get(pk=first.resource_id).current_id == (
        first.pk
    )
    second = stage_upload(staff, dataset, "Data", upload(CSV + "Mijen,2\n"))
    assert second.version == 2 and second.resource_id == first.resource_id
    approve(walidata, submit(staff, second))
    states = dict(
        Release.objects.unscoped(T).filter(resource=first.resource).values_list("version", "state")
    )
    assert states == {1: ReleaseState.SUPERSEDED, 2: ReleaseState.PUBLISHED}
    assert datastore.table_exists(first.table_name)  # kept in the history
    actions = set(
        AuditEntry.objects.unscoped(T)
        .filter(target__startswith=dataset.name)
        .values_list("action", flat=True)
    )
    assert {"data.upload_staged", "data.release_submitted", "data.release_approved"} <= actions


def test_returned_release_carries_the_note_and_can_be_resubmitted(demo: Demo) -> None:
    staff = context_for(demo.semarang, "dlh-semarang")
    walidata = context_for(demo.semarang, "admin-semarang")
    release = submit(staff, staged(demo))
    with pytest.raises(Refused) as refused:
        return_release(walidata, release, "  ")
    assert refused.value.field == "note"
    back = return_release(walidata, release, "Tambahkan satuan kolom jumlah.")
    assert back.state == ReleaseState.RETURNED
    assert Release.objects.unscoped(T).get(pk=release.pk).review_note == (
        "Tambahkan satuan kolom jumlah."
    )
    assert submit(staff, back).state == ReleaseState.SUBMITTED


def test_only_the_walidata_reviews_and_only_the_producer_submits(demo: Demo) -> None:
    release = staged(demo)
    with pytest.raises(Refused) as refused:
        submit(context_for(demo.semarang, "dpu-semarang"), release)
    assert refused.value.code == "forbidden"
    submit(context_for(demo.semarang, "dlh-semarang"), release)
    with pytest.raises(Refused) as refused:
        approve(context_for(demo.semarang, "dlh-semarang"), release)
    assert refused.value.code == "forbidden"
    with pytest.raises(Refused):
        approve(context_for(demo.kendal, "admin-kendal"), release)
    assert Release.objects.unscoped(T).get(pk=release.pk).state == ReleaseState.SUBMITTED


def test_personal_data_and_row_errors_block_submission(demo: Demo) -> None:
    staff = context_for(demo.semarang, "dlh-semarang")
    flagged = staged(demo, "kecamatan,telepon\nTugu,081234567890\nMijen,081298765432\n")
    with pytest.raises(Refused) as refused:
        submit(staff, flagged)
    assert refused.value.field == "pii_flags"
    confirm_not_personal(staff, flagged, "telepon", "Nomor pengaduan resmi kelurahan, bukan warga")
    assert submit(staff, flagged).state == ReleaseState.SUBMITTED
    dataset = flagged.resource.dataset
    declared = [{"name": "kecamatan", "type": "text"}, {"name": "jumlah", "type": "integer"}]
    bad = stage_upload(staff, dataset, "b", upload("kecamatan,jumlah\nTugu,x\n"), columns=declared)
    with pytest.raises(Refused) as refused:
        submit(staff, bad)
    assert refused.value.field == "row_errors"


def test_metadata_defaults_validation_and_search_text(demo: Demo) -> None:
    staff = context_for(demo.semarang, "dlh-semarang")
    dataset = agency_dataset(demo.semarang, tags=["Air Bersih", "air bersih", "sungai"])
    assert dataset.licence == "CC-BY-4.0" and dataset.access_level == "terbuka"
    assert dataset.walidata is not None and dataset.walidata.slug == "diskominfo"
    assert dataset.agency is not None and dataset.agency.slug == "dlh"
    assert dataset.name.endswith("-semarang")
    tags = set(
        DatasetTag.objects.unscoped(T).filter(dataset=dataset).values_list("name", flat=True)
    )
    assert tags == {"air bersih", "sungai"}
    assert "kualitas air sungai" in dataset.search_text and "lingkungan" in dataset.search_text
    with translation.override("en"), pytest.raises(Invalid) as invalid:
        update_dataset(
            staff,
            dataset,
            {
                "frequency": "weekly",
                "contact_email": "x",
                "period_start": "2026-02-01",
                "period_end": "2026-01-01",
                "dimension": "nope",
                "title_id": "",
            },
        )
    assert set(invalid.value.errors) == {
        "frequency",
        "contact_email",
        "period_end",
        "dimension",
        "title_id",
    }
    updated = update_dataset(staff, dataset, {"title_en": "River water", "tags": ["banjir"]})
    assert "river water" in updated.search_text and "banjir" in updated.search_text
    assert set(
        DatasetTag.objects.unscoped(T).filter(dataset=dataset).values_list("name", flat=True)
    ) == {"banjir"}


def test_staff_may_not_take_another_agencys_dataset(demo: Demo) -> None:
    staff = context_for(demo.semarang, "dlh-semarang")
    dataset = agency_dataset(demo.semarang)
    from kotacerdas.core.models import Agency

    dpu = Agency.objects.unscoped(T).get(region=demo.semarang, slug="dpu")
    with pytest.raises(Invalid) as invalid:
        update_dataset(staff, dataset, {"agency": dpu.pk})
    assert "agency" in invalid.value.errors
    with pytest.raises(Refused):
        update_dataset(context_for(demo.semarang, "dpu-semarang"), dataset, {"title_id": "x"})
    with pytest.raises(Invalid):
        create_dataset(staff, {"title_id": "x", "frequency": "harian", "agency": dpu.pk})
    admin = context_for(demo.semarang, "admin-semarang")
    assert update_dataset(admin, dataset, {"agency": dpu.pk}).agency_id == dpu.pk
