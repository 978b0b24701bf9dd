"""The scoping mechanism itself: unscoped querysets refuse every database operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kotacerdas.core.models import Agency, Membership
from kotacerdas.core.tenancy import Action, Scope, UnscopedQueryError
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
    assert Agency.objects.scoped(public).filter(region=demo.kendal).count() == 11
    assert Membership.objects.scoped(public).count() == 0
