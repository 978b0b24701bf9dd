"""Adding and changing facilities of the registry (Dinkes and the region admin)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.apps.fasilitas_kesehatan.models import Facility
from kotacerdas.apps.fasilitas_kesehatan.services.access import Ctx, manages_registry
from kotacerdas.core.tenancy import Action, Scope

FIELDS = (
    "slug",
    "name",
    "kind",
    "kemenkes_code",
    "hospital_class",
    "owner",
    "address",
    "district",
    "district_code",
    "village_code",
    "lat",
    "lng",
    "phone",
    "igd_24h",
    "services",
    "opening_hours",
    "accepts_bpjs",
    "is_active",
)


class RegistryRefused(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def save_facility(ctx: Ctx, facility: Facility | None, data: dict[str, Any]) -> Facility:
    """Create or change a facility from cleaned form data; the place must lie in the region."""
    if not manages_registry(ctx):
        raise RegistryRefused({"facility": _("only Dinkes and the region admin edit the registry")})
    if not ctx.region.contains(float(data["lat"]), float(data["lng"])):
        raise RegistryRefused({"lat": _("this place lies outside %(r)s") % {"r": ctx.region.name}})
    others = Facility.objects.scoped(Scope.public()).filter(region=ctx.region, slug=data["slug"])
    if facility is not None:
        others = others.exclude(pk=facility.pk)
    if others.exists():
        raise RegistryRefused({"slug": _("another facility has this short code")})
    if data.get("kind") != "hospital":
        data["hospital_class"] = ""
    with transaction.atomic():
        rows = Facility.objects.scoped(ctx.scope, Action.CHANGE)
        values = {k: data[k] for k in FIELDS if k in data}
        if facility is None:
            return rows.create(region=ctx.region, **values)
        target = rows.select_for_update().get(pk=facility.pk)
        for key, value in values.items():
            setattr(target, key, value)
        target.save()
        return target
