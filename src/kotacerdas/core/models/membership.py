"""Role memberships: who may do what, where."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned, Role


class Membership(RegionOwned):
    """A user's role at one place: the platform, a province, a region or an agency.

    ``region`` is filled for region admins and agency staff (the agency's region), so the
    scoping filter finds them; province officers and platform admins have none and are
    visible only to platform admins.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    province = models.ForeignKey(
        "core.Province", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "core.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    agency = models.ForeignKey(
        "core.Agency", on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    # Deactivated per region: the role stays on record (and can be given back) but
    # ``Scope.for_user`` ignores it.
    is_active = models.BooleanField(_("active"), default=True, db_default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        place = self.agency or self.region or self.province or _("platform")
        return f"{self.user} · {self.get_role_display()} · {place}"

    def clean(self) -> None:
        needs = {
            Role.PLATFORM_ADMIN: set(),
            Role.PROVINCE_OFFICER: {"province"},
            Role.REGION_ADMIN: {"region"},
            Role.AGENCY_STAFF: {"agency", "region"},
        }[Role(self.role)]
        for name in ("province", "region", "agency"):
            has = getattr(self, f"{name}_id") is not None
            if name in needs and not has:
                raise ValidationError({name: _("This role needs a %(place)s.") % {"place": name}})
            if name not in needs and has:
                raise ValidationError({name: _("This role takes no %(place)s.") % {"place": name}})
        if self.agency is not None and self.agency.region_id != self.region_id:
            raise ValidationError({"agency": _("The agency belongs to another region.")})

    def save(self, *args: object, **kwargs: object) -> None:
        if self.agency_id is not None and self.region_id is None:
            self.region_id = self.agency.region_id  # type: ignore[union-attr]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class UserPreference(models.Model):
    """A user's own choices that follow them from device to device: the console language.

    Not region-owned: each user reads and writes only their own row.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or '-'}"
