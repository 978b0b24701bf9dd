"""The scoping mechanism itself: unscoped querysets refuse every database operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from kotacerdas.core.models import Agency, AlertRecord, AppInstallation, Membership, Region
from kotacerdas.core.tenancy import Action, RegionOwned, Scope, UnscopedQueryError
from tests.conftest import Demo

UNSCOPED_OPERATIONS: dict[str, Callable[[], Any]] = {
    "iterate": lambda: list(Agency.objects.all()),
    "filter then iterate": lambda: list(Agency.objects.filter(slug="dpu")),
    "get": lambda: Agency.objects.get(pk=1),
    "first": lambda: Agency.objects.first(),
    "count": lambda: Agency.objects.count(),
    "exists": lambda: Agency.objects.exists(),
    "values": lambda: list(Agency.objects.values("name")),
    "aggregate": lambda: Agency.objects.aggregate(
        n=__import__("django.db.models").db.models.Count("id")
    ),
    "update": lambda: Agency.objects.filter(slug="dpu").update(name="x"),
    "delete": lambda: Agency.objects.filter(slug="dpu").delete(),
    "iterator": lambda: list(Agency.objects.iterator()),
    "aiterator": lambda: Agency.objects.aiterator(),
    "bulk_update": lambda: Agency.objects.bulk_update([Agency(pk=1, name="x")], ["name"]),
    "get_or_create": lambda: Agency.objects.get_or_create(region_id=1, slug="x"),
    "update_or_create": lambda: Agency.objects.update_or_create(region_id=1, slug="x"),
    "create": lambda: Agency.objects.create(region_id=1, slug="x", name="x"),
    "related manager": lambda: list(
        __import__("kotacerdas.core.models").core.models.Region.objects.first().agencies.all()
    ),
}


@pytest.mark.parametrize("operation", list(UNSCOPED_OPERATIONS))
def test_unscoped_queryset_refuses(demo: Demo, operation: str) -> None:
    with pytest.raises(UnscopedQueryError):
        UNSCOPED_OPERATIONS[operation]()


def test_scoped_queryset_survives_chaining(demo: Demo) -> None:
    scope = Scope.for_user(demo.user("admin-semarang"))
    chained = Membership.objects.scoped(scope).filter(role="region_admin").order_by("pk")[:5]
    assert {m.region_id for m in chained} == {demo.semarang.pk}


def test_unscoped_needs_a_reason(demo: Demo) -> None:
    with pytest.raises(UnscopedQueryError):
        Agency.objects.unscoped("")


def test_scoped_create_refuses_a_region_outside_the_scope(demo: Demo) -> None:
    scope = Scope.for_user(demo.user("admin-semarang"))
    with pytest.raises(UnscopedQueryError):
        Agency.objects.scoped(scope, Action.CHANGE).create(
            region=demo.kendal, slug="sneaky", name="Sneaky"
        )
    assert not Agency.objects.scoped(Scope.system("check")).filter(slug="sneaky").exists()


@pytest.mark.parametrize(
    ("username", "readable", "changeable"),
    [
        ("admin", {"semarang", "kendal", "demak"}, {"semarang", "kendal", "demak"}),
        ("provinsi", {"semarang", "kendal", "demak"}, set()),
        ("admin-semarang", {"semarang"}, {"semarang"}),
        ("dpu-semarang", {"semarang"}, set()),
    ],
)
def test_scope_per_role(
    demo: Demo, username: str, readable: set[str], changeable: set[str]
) -> None:
    scope = Scope.for_user(demo.user(username))
    regions = {"semarang": demo.semarang, "kendal": demo.kendal, "demak": demo.demak}
    assert {s for s, r in regions.items() if scope.can_read_private(r.pk)} == readable
    assert {s for s, r in regions.items() if scope.can(Action.CHANGE, Agency, r.pk)} == changeable


def test_public_scope_reads_public_models_only(demo: Demo) -> None:
    public = Scope.public()
    every = Agency.objects.unscoped("test counts Kendal's agencies").filter(region=demo.kendal)
    assert Agency.objects.scoped(public).filter(region=demo.kendal).count() == every.count() > 0
    assert Membership.objects.scoped(public).count() == 0


# --- Writes need a scope for changing --------------------------------------------------------
#
# A queryset scoped for reading (Action.VIEW) reaches rows its caller may only read: a province
# officer's whole province, every region's public rows for a citizen, an agency's region for
# its staff. None of them may write through it, nor save or delete what it loaded.

TEST = "tests of the scoping mechanism"

# (scope's user or None for the public, model, region slug of the row written): each of these
# scopes may read the row and not change it.
READ_ONLY = {
    "province officer, agency": ("provinsi", Agency, "kendal"),
    "province officer, enabled app": ("provinsi", AppInstallation, "semarang"),
    "province officer, membership": ("provinsi", Membership, "semarang"),
    "public, agency": (None, Agency, "semarang"),
    "public, enabled app": (None, AppInstallation, "kendal"),
    "agency staff, agency": ("dpu-semarang", Agency, "semarang"),
    "agency staff, membership": ("dpu-semarang", Membership, "semarang"),
    "region admin, another region's agency": ("admin-semarang", Agency, "kendal"),
}


def _scope(demo: Demo, username: str | None) -> Scope:
    return Scope.public() if username is None else Scope.for_user(demo.user(username))


def _region(demo: Demo, slug: str) -> Region:
    return {"semarang": demo.semarang, "kendal": demo.kendal, "demak": demo.demak}[slug]


def _stored(model: type[RegionOwned], pk: int) -> RegionOwned | None:
    return model.objects.unscoped(TEST).filter(pk=pk).first()


@pytest.fixture
def alert(demo: Demo) -> AlertRecord:
    return AlertRecord.objects.unscoped(TEST).create(
        region=demo.semarang,
        app_key="contoh-taman",
        condition="flood",
        severity="warning",
        title="Banjir",
    )


# A field each model may have written, for the update attempts.
FIELD = {
    Agency: ("name", "changed"),
    AppInstallation: ("app_version", "9"),
    Membership: ("role", "x"),
}


@pytest.mark.parametrize("case", list(READ_ONLY))
def test_read_scoped_queryset_update_and_delete_refuse(demo: Demo, case: str) -> None:
    username, model, slug = READ_ONLY[case]
    rows = model.objects.scoped(_scope(demo, username)).filter(region=_region(demo, slug))
    target = rows.first()
    assert target is not None, "the scope reads the row"
    name, value = FIELD[model]
    with pytest.raises(UnscopedQueryError, match=r"Action\.CHANGE"):
        rows.filter(pk=target.pk).update(**{name: value})
    with pytest.raises(UnscopedQueryError, match=r"Action\.CHANGE"):
        rows.filter(pk=target.pk).delete()
    stored = _stored(model, target.pk)
    assert stored is not None and getattr(stored, name) != value


@pytest.mark.parametrize("case", list(READ_ONLY))
def test_read_scoped_instance_save_and_delete_refuse(demo: Demo, case: str) -> None:
    username, model, slug = READ_ONLY[case]
    row = model.objects.scoped(_scope(demo, username)).filter(region=_region(demo, slug)).first()
    assert row is not None
    with pytest.raises(UnscopedQueryError, match="may not save"):
        row.save()
    with pytest.raises(UnscopedQueryError, match="may not delete"):
        row.delete()
    assert _stored(model, row.pk) is not None


@pytest.mark.parametrize("case", list(READ_ONLY))
def test_read_scoped_queryset_refuses_every_other_write(demo: Demo, case: str) -> None:
    username, model, slug = READ_ONLY[case]
    region = _region(demo, slug)
    rows = model.objects.scoped(_scope(demo, username))
    row = rows.filter(region=region).first()
    assert row is not None
    if model is Agency:
        params: dict[str, Any] = {"region": region, "slug": "read-only", "name": "Read only"}
        fields = ["name"]
    elif model is AppInstallation:
        params = {"region": region, "app_key": "read-only", "app_version": "1"}
        fields = ["app_version"]
    else:
        params = {"region": region, "user": demo.user("admin"), "role": "region_admin"}
        fields = ["created_at"]
    attempts: dict[str, Callable[[], Any]] = {
        "create": lambda: rows.create(**params),
        "bulk_create": lambda: rows.bulk_create([model(**params)]),
        "bulk_update": lambda: rows.bulk_update([row], fields),
        "get_or_create": lambda: rows.get_or_create(**params),
        "update_or_create": lambda: rows.update_or_create(**params),
        "select_for_update": lambda: list(rows.select_for_update()),
        "select_for_update before scoping": lambda: list(
            model.objects.select_for_update().scoped(_scope(demo, username))
        ),
    }
    count = model.objects.unscoped(TEST).count()
    for name, attempt in attempts.items():
        with pytest.raises(UnscopedQueryError):
            attempt()
            pytest.fail(f"{name} went through a read scope")
    assert model.objects.unscoped(TEST).count() == count


def test_read_scoped_writes_leave_the_rows_alone(demo: Demo) -> None:
    before = list(Agency.objects.unscoped(TEST).order_by("pk").values_list("pk", "name"))
    for username in ("provinsi", None, "dpu-semarang", "admin-semarang"):
        rows = Agency.objects.scoped(_scope(demo, username))
        with pytest.raises(UnscopedQueryError):
            rows.update(name="x")
        with pytest.raises(UnscopedQueryError):
            rows.delete()
    assert list(Agency.objects.unscoped(TEST).order_by("pk").values_list("pk", "name")) == before


def test_staff_write_model_read_scope_still_refuses_queryset_writes(
    demo: Demo, alert: AlertRecord
) -> None:
    scope = _scope(demo, "dpu-semarang")
    with pytest.raises(UnscopedQueryError, match=r"Action\.CHANGE"):
        AlertRecord.objects.scoped(scope).update(state="acknowledged")
    # ...but an alert it loaded for reading in a region it may change can be saved.
    row = AlertRecord.objects.scoped(scope).get(pk=alert.pk)
    row.state = AlertRecord.State.ACKNOWLEDGED
    row.save()
    assert AlertRecord.objects.unscoped(TEST).get(pk=alert.pk).state == "acknowledged"


def test_read_scoped_instance_of_a_changeable_region_saves(demo: Demo) -> None:
    scope = _scope(demo, "admin-semarang")
    row = Agency.objects.scoped(scope).get(region=demo.semarang, slug="dpu")
    row.short_name = "DPU Kota"
    row.save()
    assert Agency.objects.unscoped(TEST).get(pk=row.pk).short_name == "DPU Kota"


def test_read_scoped_instance_cannot_be_moved_into_a_changeable_region(demo: Demo) -> None:
    # Read Kendal's agency (public), point it at Semarang (which this admin may change): the
    # row still lives in Kendal, so the save is refused.
    scope = _scope(demo, "admin-semarang")
    row = Agency.objects.scoped(scope).get(region=demo.kendal, slug="bappeda")
    row.region = demo.semarang
    with pytest.raises(UnscopedQueryError, match="region"):
        row.save()
    assert Agency.objects.unscoped(TEST).get(pk=row.pk).region_id == demo.kendal.pk


def test_rows_joined_by_select_related_are_read_only(demo: Demo) -> None:
    scope = _scope(demo, "provinsi")
    membership = (
        Membership.objects.scoped(scope)
        .select_related("agency")
        .filter(agency__isnull=False)
        .first()
    )
    assert membership is not None and membership.agency is not None
    with pytest.raises(UnscopedQueryError):
        membership.agency.save()


def test_select_for_update_on_a_read_scope_refuses_at_once(demo: Demo) -> None:
    with pytest.raises(UnscopedQueryError):
        Agency.objects.scoped(Scope.public()).select_for_update()


# --- Writes through a scope for changing ---------------------------------------------------


def test_change_scope_updates_and_deletes_in_its_own_region(demo: Demo) -> None:
    scope = _scope(demo, "admin-semarang")
    rows = Agency.objects.scoped(scope, Action.CHANGE)
    assert rows.filter(slug="dpu").update(short_name="DPU!") == 1
    assert Agency.objects.unscoped(TEST).get(region=demo.semarang, slug="dpu").short_name == "DPU!"
    made = rows.create(region=demo.semarang, slug="baru", name="Dinas Baru")
    deleted, _ = rows.filter(pk=made.pk).delete()
    assert deleted == 1
    made = rows.create(region=demo.semarang, slug="baru", name="Dinas Baru")
    made.name = "Dinas Baru Sekali"
    made.save()
    made.delete()
    assert not Agency.objects.unscoped(TEST).filter(slug="baru").exists()


def test_change_scope_filters_out_other_regions(demo: Demo) -> None:
    scope = _scope(demo, "admin-semarang")
    rows = Agency.objects.scoped(scope, Action.CHANGE)
    kendal = Agency.objects.unscoped(TEST).filter(region=demo.kendal)
    before = list(kendal.order_by("pk").values_list("pk", "name"))
    assert rows.filter(region=demo.kendal).update(name="x") == 0
    assert rows.filter(region=demo.kendal).delete()[0] == 0
    assert rows.filter(pk=before[0][0]).first() is None
    assert list(kendal.order_by("pk").values_list("pk", "name")) == before


def test_change_scope_refuses_moving_rows_to_another_region(demo: Demo) -> None:
    scope = _scope(demo, "admin-semarang")
    rows = Agency.objects.scoped(scope, Action.CHANGE)
    row = rows.get(slug="dpu")
    row.region = demo.kendal
    with pytest.raises(UnscopedQueryError, match="region"):
        row.save()
    for kwargs in ({"region": demo.kendal}, {"region_id": demo.kendal.pk}):
        with pytest.raises(UnscopedQueryError, match="move"):
            rows.filter(slug="dpu").update(**kwargs)
    with pytest.raises(UnscopedQueryError):
        rows.bulk_update([row], ["region"])
    assert Agency.objects.unscoped(TEST).get(pk=row.pk).region_id == demo.semarang.pk
    # Within the region the caller may change, bulk_update goes through.
    row.region, row.short_name = demo.semarang, "DPU Semarang"
    assert rows.bulk_update([row], ["region", "short_name"]) == 1


def test_change_scope_get_or_create_and_update_or_create(demo: Demo, alert: AlertRecord) -> None:
    scope = _scope(demo, "dpu-semarang")
    rows = AlertRecord.objects.scoped(scope, Action.CHANGE)
    found, created = rows.get_or_create(pk=alert.pk)
    assert (found.pk, created) == (alert.pk, False)
    _, created = rows.update_or_create(pk=alert.pk, defaults={"title": "Banjir besar"})
    assert not created and AlertRecord.objects.unscoped(TEST).get(pk=alert.pk).title == (
        "Banjir besar"
    )
    with transaction.atomic():
        assert [a.pk for a in rows.select_for_update().filter(pk=alert.pk)] == [alert.pk]
    # Kendal's rows are not there to update, and creating one there is refused.
    with pytest.raises(UnscopedQueryError):
        rows.update_or_create(
            region=demo.kendal,
            app_key="contoh-taman",
            condition="fire",
            defaults={"severity": "warning", "title": "Api"},
        )
    assert not AlertRecord.objects.unscoped(TEST).filter(condition="fire").exists()


def test_staff_change_scope_reaches_staff_write_models_only(demo: Demo, alert: AlertRecord) -> None:
    scope = _scope(demo, "dpu-semarang")
    assert AlertRecord.objects.scoped(scope, Action.CHANGE).filter(pk=alert.pk).count() == 1
    assert not Agency.objects.scoped(scope, Action.CHANGE).exists()


# --- System code -----------------------------------------------------------------------------


def test_unscoped_querysets_and_their_instances_still_write(demo: Demo) -> None:
    rows = Agency.objects.unscoped(TEST)
    assert rows.filter(region=demo.kendal, slug="dpu").update(short_name="DPU K") == 1
    row = rows.get(region=demo.kendal, slug="dpu")
    row.region = demo.demak
    row.slug = "dpu-moved"
    row.save()
    row.delete()
    assert rows.filter(region=demo.demak, slug="dpu-bis").delete()[0] == 0
    made, created = rows.get_or_create(region=demo.kendal, slug="tmp", defaults={"name": "T"})
    assert created
    rows.update_or_create(region=demo.kendal, slug="tmp", defaults={"name": "U"})
    with transaction.atomic():
        assert list(rows.select_for_update().filter(pk=made.pk)) == [made]


def test_a_scoped_queryset_made_unscoped_is_system_code_again(demo: Demo) -> None:
    rows = Agency.objects.scoped(Scope.public()).unscoped(TEST)
    row = rows.get(region=demo.kendal, slug="dpu")
    row.short_name = "DPU"
    row.save()
    assert rows.filter(pk=row.pk).update(short_name="DPU Kendal") == 1


def test_directly_constructed_instances_save_as_system_code(demo: Demo) -> None:
    row = Agency(region=demo.kendal, slug="langsung", name="Dinas Langsung")
    row.save()
    row.delete()


def test_system_scope_writes_only_when_scoped_for_change(demo: Demo) -> None:
    # Even system code says when it means to write: a read scope refuses, as for everyone.
    every = Agency.objects.unscoped(TEST).filter(slug="dpu").count()
    with pytest.raises(UnscopedQueryError, match="scoped for reading"):
        Agency.objects.scoped(Scope.system(TEST)).filter(slug="dpu").update(short_name="DPU")
    rows = Agency.objects.scoped(Scope.system(TEST), Action.CHANGE)
    assert rows.filter(slug="dpu").update(short_name="DPU") == every > 1
    row = rows.get(region=demo.kendal, slug="dpu")
    row.save()


def test_values_are_not_instances(demo: Demo) -> None:
    rows = Agency.objects.scoped(Scope.public()).filter(region=demo.kendal)
    assert {"name"} == set(rows.values("name").first() or {})
    every = Agency.objects.unscoped("test counts Kendal's agencies").filter(region=demo.kendal)
    assert rows.values_list("pk", flat=True).count() == every.count() > 0
