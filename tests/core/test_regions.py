"""Onboarding a kabupaten/kota by Kemendagri code, and where it lies: each refusal by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from kotacerdas.core.models import AuditEntry, Province, Region
from kotacerdas.core.services.regions import (
    JAVA,
    NotAllowed,
    RegionError,
    add_region,
    set_region_place,
)
from kotacerdas.core.tenancy import Scope
from kotacerdas.core.wilayah import WilayahError, kab_kota, province_name, search_kab_kota
from tests.conftest import Demo
from tests.core.test_geojson import L_SHAPE, polygon


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The messages are asserted in English; Indonesian is the default language.
    with translation.override("en"):
        yield


def test_the_kemendagri_list_by_code_and_by_name() -> None:
    magelang = kab_kota("3308")
    assert (magelang.code, magelang.name, magelang.kind) == (
        "33.08",
        "Kabupaten Magelang",
        "kabupaten",
    )
    assert magelang.short_name == "Magelang" and magelang.province_name == "Jawa Tengah"
    assert kab_kota("33.71").kind == "kota"
    assert [k.code for k in search_kab_kota("magelang")] == ["33.08", "33.71"]
    assert [k.code for k in search_kab_kota("3374")] == ["33.74"]
    assert search_kab_kota("kecamatan salaman") == []  # kab/kota only, never a kecamatan
    assert province_name("33.08") == "Jawa Tengah"
    for code, message in [
        ("99.99", "no region with code 99.99"),
        ("33", "is the province Jawa Tengah"),
        ("33.08.01", "a kecamatan or village"),
        ("Magelang", "not a Kemendagri code"),
        ("33.08; DROP TABLE", "not a Kemendagri code"),
    ]:
        with pytest.raises(WilayahError, match=message):
            kab_kota(code)


def test_platform_admin_onboards_magelang_then_places_it(demo: Demo) -> None:
    admin = Scope.for_user(demo.user("admin"))
    region = add_region(admin, "3308")
    assert (region.code, region.name, region.kind, region.slug) == (
        "33.08",
        "Kabupaten Magelang",
        "kabupaten",
        "magelang",
    )
    assert region.province.code == "33" and Province.objects.filter(code="33").count() == 1
    # No place given: provisional, the union of Jawa Tengah's other regions, not confirmed.
    others = Region.objects.filter(province__code="33").exclude(pk=region.pk)
    assert not region.place_confirmed and region.boundary is None
    assert region.bbox_west == min(r.bbox_west for r in others)
    assert region.bbox_north == max(r.bbox_north for r in others)
    entry = AuditEntry.objects.unscoped("test").get(action="region.added")
    assert entry.region_id == region.pk and entry.detail["slug"] == "magelang"

    # Kota Magelang's plain slug is taken now: "kota-magelang", as the docs say.
    kota = add_region(admin, "33.71", centre=(-7.48, 110.22))
    assert kota.slug == "kota-magelang" and kota.place_confirmed

    # The region's admin would be refused; the platform admin sets the L-shaped boundary.
    with pytest.raises(NotAllowed):
        set_region_place(
            Scope.for_user(demo.user("admin-semarang")), region, None, None, polygon(L_SHAPE)
        )
    set_region_place(admin, region, None, None, polygon(L_SHAPE))
    region.refresh_from_db()
    assert region.place_confirmed and region.bbox == (110.0, -7.7, 110.4, -7.3)
    assert region.contains(-7.6, 110.3)
    # Inside the bbox but outside the boundary is outside the region.
    assert not region.contains(-7.4, 110.3)
    assert region.outline() == polygon(L_SHAPE)
    # New numbers keep the boundary unless it is removed; then the bbox is the outline.
    set_region_place(admin, region, (-7.5, 110.1), (110.0, -7.7, 110.4, -7.3), remove_boundary=True)
    region.refresh_from_db()
    assert region.boundary is None and region.contains(-7.4, 110.3)
    assert region.outline()["coordinates"][0][0] == [110.0, -7.7]
    assert AuditEntry.objects.unscoped("test").filter(action="region.placed").count() == 2


REFUSALS: list[tuple[str | None, str, type[Exception] | str]] = [
    ("admin-semarang", "33.08", NotAllowed),
    ("provinsi", "33.08", NotAllowed),
    (None, "33.08", NotAllowed),
    ("admin", "99.99", "no region with code 99.99"),
    ("admin", "33", "is the province Jawa Tengah, not a kabupaten/kota"),
    ("admin", "33.08.01", "a kecamatan or village"),
    ("admin", "33.74", r"Kota Semarang \(33.74\) exists already, with slug semarang"),
]


def test_refusals_leave_nothing_behind(demo: Demo) -> None:
    before = Region.objects.count(), Province.objects.count()
    for user, code, refusal in REFUSALS:
        scope = Scope.for_user(demo.user(user)) if user else Scope.public()
        if isinstance(refusal, str):
            with pytest.raises(RegionError, match=refusal):
                add_region(scope, code)
        else:
            with pytest.raises(refusal):
                add_region(scope, code)
    assert (Region.objects.count(), Province.objects.count()) == before
    assert not AuditEntry.objects.unscoped("test").filter(action="region.added").exists()


def test_new_province_and_bad_places(db: None) -> None:
    system = Scope.system("test")
    # Jawa Timur has no region yet: it is created, and the region sits on Java for now.
    region = add_region(system, "35.07")
    assert region.province.name == "Jawa Timur" and region.bbox == JAVA
    for kwargs, message in [
        ({"centre": (110.2, -7.5)}, "not in Indonesia"),
        ({"bbox": (110.5, -7.7, 110.0, -7.3)}, "west < east"),
        ({"bbox": (100.0, -7.7, 115.0, -7.3)}, "wider than 10 degrees"),
        ({"centre": (-7.0, 111.0), "bbox": (110.0, -7.7, 110.5, -7.3)}, "outside the extent"),
        ({"boundary": b'{"type": "Point", "coordinates": [110, -7]}'}, "holds a Point"),
    ]:
        with pytest.raises(RegionError, match=message):
            add_region(system, "33.09", **kwargs)  # type: ignore[arg-type]
    assert not Region.objects.filter(code="33.09").exists()
    placed = add_region(system, "33.09", boundary=polygon(L_SHAPE))
    assert placed.place_confirmed and placed.contains(*placed_centre(placed))


def placed_centre(region: Region) -> tuple[float, float]:
    return region.centre_lat, region.centre_lng
