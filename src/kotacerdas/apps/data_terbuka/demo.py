"""Demo data: every app's feeds written once for the demo regions, and in Semarang one
dataset uploaded by Disdik and published by the walidata plus one waiting for review.

Idempotent: the feeds write a release only when rows changed, the uploads are made once.
The feeds need the other apps' demo data: the platform seeds this app after them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kotacerdas.apps.data_terbuka.config import APP_KEY, DataTerbukaSettings
from kotacerdas.apps.data_terbuka.models import OpenDataset
from kotacerdas.contract import Access, AppContext
from kotacerdas.core.models import Agency, AppInstallation, Membership, Region
from kotacerdas.core.tenancy import Role, Scope

log = logging.getLogger(__name__)
SYSTEM = "demo seeding"

SCHOOLS = """Kecamatan;Jenjang;Jumlah Sekolah;Jumlah Siswa;Rasio Siswa per Guru;Tahun Ajaran
Semarang Tengah;SD;38;7.412;18,4;2025
Semarang Tengah;SMP;14;5.120;16,9;2025
Semarang Utara;SD;45;9.031;19,2;2025
Semarang Utara;SMP;12;4.388;17,5;2025
Semarang Selatan;SD;33;6.205;17,8;2025
Semarang Selatan;SMP;11;4.010;16,1;2025
Candisari;SD;29;5.540;18,0;2025
Candisari;SMP;9;3.215;15,7;2025
Gajahmungkur;SD;24;4.470;17,3;2025
Gajahmungkur;SMP;8;2.980;15,2;2025
Tembalang;SD;52;11.260;20,1;2025
Tembalang;SMP;19;7.905;18,6;2025
Banyumanik;SD;47;9.880;19,5;2025
Banyumanik;SMP;16;6.340;17,9;2025
Pedurungan;SD;58;12.705;20,4;2025
Pedurungan;SMP;20;8.115;18,8;2025
"""
TEACHERS = """kecamatan,jumlah_guru,guru_bersertifikat,tanggal_data
Semarang Tengah,812,655,31/12/2025
Semarang Utara,903,702,31/12/2025
Semarang Selatan,690,571,31/12/2025
Candisari,611,498,31/12/2025
Tembalang,1204,903,31/12/2025
Pedurungan,1320,1001,31/12/2025
"""


def context(region: Region, scope: Scope) -> AppContext[Any] | None:
    """This app's context in ``region`` for ``scope`` (demo code builds it itself)."""
    installation = (
        AppInstallation.objects.unscoped(SYSTEM)
        .filter(region=region, app_key=APP_KEY, enabled=True)
        .first()
    )
    if installation is None:
        return None
    return AppContext(
        APP_KEY,
        region,
        installation,
        DataTerbukaSettings(),
        scope,
        Access.of(scope, region.pk),
    )


def disdik_officer(region: Region) -> Any:
    """Semarang's Disdik agency and its demo officer ``disdik-<region>``."""
    agency, _created = Agency.objects.unscoped(SYSTEM).get_or_create(
        region=region,
        slug="disdik",
        defaults={"name": "Dinas Pendidikan", "short_name": "Disdik"},
    )
    user, created = get_user_model().objects.get_or_create(
        username=f"disdik-{region.slug}",
        defaults={"first_name": f"Petugas Data Disdik {region.name}"},
    )
    if created:
        user.set_password(f"demo-disdik-{region.slug}")
        user.save()
    members = Membership.objects.unscoped(SYSTEM)
    if not members.filter(user=user, role=Role.AGENCY_STAFF, agency=agency).exists():
        members.create(user=user, role=Role.AGENCY_STAFF, agency=agency, region=region)
    return user


def seed_uploads(region: Region) -> None:
    from kotacerdas.apps.data_terbuka.services.metadata import create_dataset
    from kotacerdas.apps.data_terbuka.services.review import approve, submit
    from kotacerdas.apps.data_terbuka.services.uploads import set_columns, stage_upload

    if OpenDataset.objects.unscoped(SYSTEM).filter(region=region, source="upload").exists():
        return
    user = disdik_officer(region)
    staff = context(region, Scope.for_user(user))
    admin = context(region, Scope.region_system(region.pk, SYSTEM))
    if staff is None or admin is None:
        return
    agency = Agency.objects.unscoped(SYSTEM).get(region=region, slug="disdik")
    schools = create_dataset(
        staff,
        {
            "title_id": "Jumlah sekolah per kecamatan",
            "title_en": "Schools per district",
            "notes_id": "Jumlah sekolah dasar dan menengah pertama, siswa dan rasio siswa per "
            "guru di setiap kecamatan, tahun ajaran 2025.",
            "notes_en": "Primary and junior secondary schools, pupils and the pupil-teacher "
            "ratio in each district, school year 2025.",
            "agency": agency.pk,
            "frequency": "tahunan",
            "dimension": "society",
            "period_start": "2025-07-01",
            "period_end": "2026-06-30",
            "contact_name": "Bidang Data Disdik",
            "tags": ["pendidikan", "sekolah", "kecamatan"],
            "priority": True,
        },
    )
    release = stage_upload(
        staff,
        schools,
        "Sekolah per kecamatan 2025",
        SimpleUploadedFile("sekolah-2025.csv", SCHOOLS.encode(), content_type="text/csv"),
    )
    columns = [dict(c) for c in release.columns]
    units = {
        "jumlah_sekolah": "sekolah",
        "jumlah_siswa": "siswa",
        "rasio_siswa_per_guru": "siswa/guru",
    }
    definitions = {
        "jumlah_sekolah": ("Banyaknya satuan pendidikan yang aktif", "Active schools"),
        "rasio_siswa_per_guru": ("Jumlah siswa dibagi jumlah guru", "Pupils divided by teachers"),
    }
    for c in columns:
        c["unit"] = units.get(c["name"], "")
        if c["name"] in definitions:
            c["definition"] = dict(zip(("id", "en"), definitions[c["name"]], strict=True))
    release = set_columns(staff, release, columns)
    release = submit(staff, release)
    approve(admin, release)

    teachers = create_dataset(
        staff,
        {
            "title_id": "Jumlah guru per kecamatan",
            "title_en": "Teachers per district",
            "notes_id": "Guru dan guru bersertifikat per kecamatan.",
            "agency": agency.pk,
            "frequency": "tahunan",
            "dimension": "society",
            "tags": ["pendidikan", "guru"],
        },
    )
    waiting = stage_upload(
        staff,
        teachers,
        "Guru per kecamatan 2025",
        SimpleUploadedFile("guru-2025.csv", TEACHERS.encode(), content_type="text/csv"),
    )
    submit(staff, waiting)


def seed(regions: list[Region]) -> None:
    """Nothing here: the portal's demo reads every other app's demo data, so it runs once
    they are all seeded, on ``demo_seeded`` (``apps.py``)."""


def seed_after_the_apps(
    sender: object = None, regions: list[Region] | None = None, **_: object
) -> None:
    from kotacerdas.apps.data_terbuka.services.feeds import refresh_region

    regions = regions or []

    # The demo's reports, readings and prices live in the first two regions; the others
    # are written by the hourly job (kept out here so seeding stays quick).
    for region in regions[:2]:
        ctx = context(region, Scope.region_system(region.pk, SYSTEM))
        if ctx is None:
            continue
        try:
            with transaction.atomic():
                refresh_region(ctx, force=True)
        except Exception:  # the demo of one region must not sink the others
            log.exception("open-data feeds of %s failed in the demo", region.slug)
        if region.slug == "semarang":
            with transaction.atomic():
                seed_uploads(region)
