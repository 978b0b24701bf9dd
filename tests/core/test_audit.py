"""Privileged actions write one audit entry each, with actor and region, in the action's own
transaction: an action that rolls back leaves no entry."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.core.alerts import acknowledge, close_by_operator, raise_alert
from kotacerdas.core.audit import entries_for, record
from kotacerdas.core.keys import issue_key, revoke_key
from kotacerdas.core.models import AppInstallation, AuditEntry, Membership
from kotacerdas.core.services.config_schema import ConfigInvalid
from kotacerdas.core.tenancy import Action, Role, Scope
from kotacerdas.platform.installations import enable_app, update_config
from tests.conftest import Demo

APP = "contoh-taman"
READ = Scope.system("test inspection of the audit log")


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def _after_the_demo(demo: Demo) -> None:
    """The demo's own seeding writes entries (its keys, configurations, roles): each test
    looks only at what it wrote itself."""
    global BASELINE
    BASELINE = AuditEntry.objects.scoped(READ).order_by("-id").values_list("id", flat=True).first()


BASELINE: int | None = None


def entries(action: str) -> list[AuditEntry]:
    rows = AuditEntry.objects.scoped(READ).filter(action=action, id__gt=BASELINE or 0)
    return list(rows.order_by("id"))


def config_of(demo: Demo) -> dict[str, object]:
    row = AppInstallation.objects.scoped(READ).get(region=demo.semarang, app_key=APP)
    return dict(row.config)


def test_config_change_names_the_changed_keys(demo: Demo) -> None:
    admin = demo.user("admin-semarang")
    config = config_of(demo)
    update_config(Scope.for_user(admin), demo.semarang, APP, {**config, "target_parks": 9})
    [entry] = entries("config.changed")
    assert entry.actor == admin and entry.region_id == demo.semarang.pk
    assert entry.app_key == APP and entry.detail == {"keys": ["target_parks"]}


def test_saving_an_unchanged_config_writes_nothing(demo: Demo) -> None:
    admin = demo.user("admin-semarang")
    update_config(Scope.for_user(admin), demo.semarang, APP, config_of(demo))
    assert entries("config.changed") == []


def test_config_change_through_the_console(demo: Demo) -> None:
    import json

    config = {**config_of(demo), "target_parks": 11}
    response = demo.client_for("admin-semarang").post(
        f"/console/semarang/apps/{APP}/", {"config": json.dumps(config)}
    )
    assert response.status_code == 302
    [entry] = entries("config.changed")
    assert entry.actor == demo.user("admin-semarang") and entry.region_id == demo.semarang.pk


def test_enabling_an_app_is_audited(demo: Demo) -> None:
    AppInstallation.objects.scoped(Scope.system("test setup"), Action.CHANGE).filter(
        region=demo.demak, app_key=APP
    ).delete()
    admin = demo.user("admin-demak")
    enable_app(Scope.for_user(admin), demo.demak, APP)
    [entry] = entries("app.enabled")
    assert entry.actor == admin and entry.region_id == demo.demak.pk and entry.app_key == APP


def test_system_changes_are_labelled_system(demo: Demo) -> None:
    update_config(Scope.system("test"), demo.semarang, APP, {**config_of(demo), "target_parks": 2})
    [entry] = entries("config.changed")
    assert entry.actor is None and entry.actor_label == "system"


def test_invalid_config_writes_no_entry(demo: Demo) -> None:
    admin = demo.user("admin-semarang")
    with pytest.raises(ConfigInvalid):
        update_config(
            Scope.for_user(admin), demo.semarang, APP, {**config_of(demo), "target_parks": -1}
        )
    assert entries("config.changed") == []


def test_a_rolled_back_config_change_writes_no_entry(demo: Demo) -> None:
    admin = demo.user("admin-semarang")
    with pytest.raises(Boom), transaction.atomic():
        update_config(
            Scope.for_user(admin), demo.semarang, APP, {**config_of(demo), "target_parks": 3}
        )
        assert len(entries("config.changed")) == 1
        raise Boom
    assert entries("config.changed") == []
    assert config_of(demo).get("target_parks") != 3


def test_alert_acknowledge_and_close(demo: Demo) -> None:
    alert, _ = raise_alert(demo.semarang, "uji-peringatan", "flood:9", "critical", "Awas banjir")
    operator = demo.user("admin-semarang")
    acknowledge(Scope.for_user(operator), alert.pk, operator)
    close_by_operator(Scope.for_user(operator), alert.pk, operator, "pompa sudah menyala")
    [acked] = entries("alert.acknowledged")
    [closed] = entries("alert.closed")
    for entry in (acked, closed):
        assert entry.actor == operator and entry.region_id == demo.semarang.pk
        assert entry.app_key == "uji-peringatan" and entry.target == "Awas banjir"
        assert entry.detail["alert_id"] == alert.pk
    assert closed.detail["reason"] == "pompa sudah menyala"


def test_a_rolled_back_acknowledge_writes_no_entry(demo: Demo) -> None:
    alert, _ = raise_alert(demo.semarang, "uji-peringatan", "flood:10", "warning", "Siaga")
    operator = demo.user("admin-semarang")
    with pytest.raises(Boom), transaction.atomic():
        acknowledge(Scope.for_user(operator), alert.pk, operator)
        raise Boom
    assert entries("alert.acknowledged") == []


def test_key_issue_and_revoke(demo: Demo) -> None:
    admin = demo.user("admin-semarang")
    scope = Scope.for_user(admin)
    row, _clear = issue_key(scope, demo.semarang, "harga-pangan", "gerbang pasar")
    revoke_key(scope, demo.semarang, "harga-pangan", row.pk)
    [issued] = entries("key.issued")
    [revoked] = entries("key.revoked")
    for entry in (issued, revoked):
        assert entry.actor == admin and entry.region_id == demo.semarang.pk
        assert entry.app_key == "harga-pangan" and entry.detail["key_id"] == row.pk
        assert _clear not in str(entry.detail) + entry.target


def test_role_change_in_the_admin_names_the_platform_admin(demo: Demo) -> None:
    staff = demo.user("dpu-semarang")
    membership = Membership.objects.scoped(READ).get(user=staff, role=Role.AGENCY_STAFF)
    response = demo.client_for("admin").post(
        f"/admin/core/membership/{membership.pk}/change/",
        {
            "user": staff.pk,
            "role": Role.REGION_ADMIN,
            "province": "",
            "region": demo.semarang.pk,
            "agency": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = [e for e in entries("role.changed") if e.detail["change"] == "changed"]
    assert entry.actor == demo.user("admin") and entry.region_id == demo.semarang.pk
    assert entry.detail["role"] == Role.REGION_ADMIN
    assert entry.detail["before"]["role"] == Role.AGENCY_STAFF
    assert entry.detail["user"] == "dpu-semarang"
    # The region admin reads it in the region's log.
    assert entry in entries_for(Scope.for_user(demo.user("admin-semarang")), demo.semarang)


def test_role_granted_and_revoked_outside_a_request_is_the_systems(demo: Demo) -> None:
    user = demo.user("provinsi")
    rows = Membership.objects.scoped(Scope.system("test setup"), Action.CHANGE)
    membership = rows.create(user=user, role=Role.REGION_ADMIN, region=demo.kendal)
    membership.delete()
    granted, revoked = entries("role.changed")
    assert [granted.detail["change"], revoked.detail["change"]] == ["granted", "revoked"]
    for entry in (granted, revoked):
        assert entry.actor is None and entry.actor_label == "system"
        assert entry.region_id == demo.kendal.pk


def test_a_rolled_back_role_change_writes_no_entry(demo: Demo) -> None:
    rows = Membership.objects.scoped(Scope.system("test setup"), Action.CHANGE)
    with pytest.raises(Boom), transaction.atomic():
        rows.create(user=demo.user("provinsi"), role=Role.REGION_ADMIN, region=demo.kendal)
        assert len(entries("role.changed")) == 1
        raise Boom
    assert entries("role.changed") == []


def test_deleting_a_region_with_members_is_not_blocked_by_the_log(demo: Demo) -> None:
    pk = demo.demak.pk
    demo.demak.delete()  # its memberships go with it; no entry points at a deleted region
    assert not AuditEntry.objects.scoped(READ).filter(region_id=pk).exists()


def test_adding_an_agency_in_the_console(demo: Demo) -> None:
    response = demo.client_for("admin-semarang").post(
        "/console/semarang/agencies/",
        {"name": "Dinas Arsip", "short_name": "Disarpus", "slug": "disarpus", "email": ""},
    )
    assert response.status_code == 302
    [entry] = entries("agency.changed")
    assert entry.actor == demo.user("admin-semarang") and entry.region_id == demo.semarang.pk
    assert entry.target == "Dinas Arsip" and entry.detail["slug"] == "disarpus"


def test_price_import_is_audited(demo: Demo) -> None:
    day = today().isoformat()
    text = f"pasar;komoditas;varian;tanggal;harga\npasar-johar;beras;medium-1;{day};12900\n"
    upload = SimpleUploadedFile("harga.csv", text.encode(), content_type="text/csv")
    response = demo.client_for("disdag-semarang").post(
        "/console/semarang/harga-pangan/impor/", {"file": upload}
    )
    assert response.status_code == 302
    [entry] = entries("prices.imported")
    assert entry.actor == demo.user("disdag-semarang") and entry.region_id == demo.semarang.pk
    assert entry.app_key == "harga-pangan" and entry.detail["rows"] == 1


def test_the_regions_admins_read_the_entries(demo: Demo) -> None:
    admin = demo.user("admin-semarang")
    issue_key(Scope.for_user(admin), demo.semarang, "harga-pangan", "gerbang")
    record("key.issued", region=demo.kendal, target="gerbang (kendal…)")
    for username in ("admin-semarang", "admin"):
        scope = Scope.for_user(demo.user(username))
        found = entries_for(scope, demo.semarang).filter(action="key.issued", id__gt=BASELINE)
        assert [e.target.split(" ")[0] for e in found] == ["gerbang"], username
        assert all(e.region_id == demo.semarang.pk for e in found)
