"""Updating beds: validation, history, rollup, tenancy (a facility's officer changes only
their facility), and no half-written state."""

from __future__ import annotations

import pytest

from kotacerdas.apps.fasilitas_kesehatan.models import BedReport, Beds, DailyBeds, Facility
from kotacerdas.apps.fasilitas_kesehatan.services.beds import (
    BedsRefused,
    check_update,
    parse_count,
    update_beds,
)
from tests.apps.fasilitas_kesehatan.conftest import context_for, facility
from tests.conftest import Demo


def beds(f: Facility) -> dict[str, Beds]:
    return {b.room_class: b for b in Beds.objects.unscoped("tests").filter(facility=f)}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", None), (None, None), (" 12 ", 12), (0, 0), ("007", 7)],
)
def test_parse_count_accepts_whole_numbers(value: object, expected: int | None) -> None:
    assert parse_count(value) == expected


@pytest.mark.parametrize(
    "value", ["-1", -3, "1.5", "abc", "1e3", "99999999", 10**12, True, "1\x00"]
)
def test_parse_count_refuses_bad_values(value: object) -> None:
    with pytest.raises(ValueError):
        parse_count(value)


def test_free_computed_and_checked_against_total() -> None:
    clean = check_update({"icu": {"total": "10", "occupied": "7"}})
    assert clean["icu"].free == 3
    with pytest.raises(BedsRefused) as exc:
        check_update({"icu": {"total": "10", "occupied": "7", "free": "5"}})
    assert set(exc.value.errors) == {"icu.free"}
    with pytest.raises(BedsRefused) as exc:
        check_update({"icu": {"total": "10", "occupied": "11"}})
    assert set(exc.value.errors) == {"icu.occupied"}


def test_split_by_sex_must_add_up() -> None:
    clean = check_update(
        {"kelas-3": {"total": 20, "occupied": 12, "free_male": 3, "free_female": 5}}
    )
    assert (clean["kelas-3"].free, clean["kelas-3"].free_male) == (8, 3)
    with pytest.raises(BedsRefused) as exc:
        check_update({"kelas-3": {"total": 20, "occupied": 12, "free_male": 3}})
    assert "kelas-3.free_female" in exc.value.errors
    with pytest.raises(BedsRefused):
        check_update(
            {"kelas-3": {"total": 20, "occupied": 12, "free": 8, "free_male": 1, "free_female": 1}}
        )


def test_unknown_class_and_empty_update_refused() -> None:
    with pytest.raises(BedsRefused) as exc:
        check_update({"sauna": {"total": 1}})
    assert "sauna" in exc.value.errors
    with pytest.raises(BedsRefused) as exc:
        check_update({"icu": {}})
    assert "beds" in exc.value.errors


def test_update_writes_current_history_and_rollup(demo: Demo) -> None:
    ctx = context_for(demo.semarang, "faskes-kariadi")
    f = facility(demo.semarang, "rsup-kariadi")
    history = BedReport.objects.unscoped("tests").filter(facility=f).count()
    result = update_beds(
        ctx, None, f, {"icu": {"total": 36, "occupied": 30}, "igd": {"total": 40, "occupied": 40}}
    )
    now = beds(f)
    assert (now["icu"].free, now["igd"].free) == (6, 0)
    assert now["icu"].updated_at == result.at
    assert BedReport.objects.unscoped("tests").filter(facility=f).count() == history + 2
    f.refresh_from_db()
    assert f.beds_updated_at == result.at
    daily = DailyBeds.objects.unscoped("tests").get(
        facility=f, room_class="icu", day=result.at.astimezone().date()
    )
    assert daily.free_last == 6 and daily.reports >= 1


def test_refused_update_writes_nothing(demo: Demo) -> None:
    ctx = context_for(demo.semarang, "faskes-kariadi")
    f = facility(demo.semarang, "rsup-kariadi")
    before = {k: (b.total, b.occupied, b.free) for k, b in beds(f).items()}
    count = BedReport.objects.unscoped("tests").filter(facility=f).count()
    with pytest.raises(BedsRefused) as exc:
        update_beds(
            ctx, None, f, {"icu": {"total": 5, "occupied": 1}, "igd": {"total": 4, "occupied": 9}}
        )
    assert "igd.occupied" in exc.value.errors
    assert {k: (b.total, b.occupied, b.free) for k, b in beds(f).items()} == before
    assert BedReport.objects.unscoped("tests").filter(facility=f).count() == count


def test_facility_officer_changes_only_their_facility(demo: Demo) -> None:
    ctx = context_for(demo.semarang, "faskes-kariadi")
    other = facility(demo.semarang, "rs-telogorejo")
    before = beds(other)["icu"].occupied
    with pytest.raises(BedsRefused) as exc:
        update_beds(ctx, None, other, {"icu": {"total": 18, "occupied": 0}})
    assert "facility" in exc.value.errors
    assert beds(other)["icu"].occupied == before


def test_dinkes_and_admin_update_any_facility_other_staff_none(demo: Demo) -> None:
    f = facility(demo.semarang, "rs-telogorejo")
    update_beds(
        context_for(demo.semarang, "dinkes-semarang"),
        None,
        f,
        {"icu": {"total": 18, "occupied": 17}},
    )
    assert beds(f)["icu"].free == 1
    update_beds(
        context_for(demo.semarang, "admin-semarang"),
        None,
        f,
        {"icu": {"total": 18, "occupied": 16}},
    )
    assert beds(f)["icu"].free == 2
    with pytest.raises(BedsRefused):
        update_beds(
            context_for(demo.semarang, "dpu-semarang"),
            None,
            f,
            {"icu": {"total": 18, "occupied": 0}},
        )


def test_other_region_facility_out_of_reach(demo: Demo) -> None:
    kendal = facility(demo.kendal, "rsud-soewondo")
    for user in ("faskes-kariadi", "dinkes-semarang", "admin-semarang"):
        with pytest.raises(BedsRefused):
            update_beds(
                context_for(demo.semarang, user), None, kendal, {"icu": {"total": 1, "occupied": 0}}
            )
        with pytest.raises(BedsRefused):
            update_beds(
                context_for(demo.kendal, user), None, kendal, {"icu": {"total": 1, "occupied": 0}}
            )


def _form(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Klinik Pratama Uji",
        "slug": "klinik-uji",
        "kind": "clinic",
        "owner": "swasta",
        "lat": "-7.0",
        "lng": "110.42",
        "phone": "0247000000",
        "services": ["rawat-jalan"],
        "accepts_bpjs": "on",
        "is_active": "on",
    }
    data.update(over)
    return data


def test_registry_form_for_dinkes_only_and_place_inside_region(demo: Demo) -> None:
    url = "/console/semarang/fasilitas-kesehatan/faskes/baru/"
    officer = demo.client_for("faskes-kariadi")
    assert officer.post(url, _form()).status_code == 403
    dinkes = demo.client_for("dinkes-semarang")
    outside = dinkes.post(url, _form(lat="-6.0", lng="106.8"))  # Jakarta
    assert outside.status_code == 200 and "field-error" in outside.content.decode()
    hostile = dinkes.post(url, _form(name="Klinik\x07<script>"))
    assert hostile.status_code in (200, 400)
    assert not Facility.objects.unscoped("t").filter(slug="klinik-uji").exists()
    assert dinkes.post(url, _form()).status_code == 302
    made = Facility.objects.unscoped("t").get(region=demo.semarang, slug="klinik-uji")
    assert made.kind == "clinic" and made.services == ["rawat-jalan"]
