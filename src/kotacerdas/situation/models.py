"""What a region decides about its own situation room."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.tenancy import RegionOwned


class RoomSettings(RegionOwned):
    """One row per region that changed a setting; no row means every default (room private)."""

    # Whether a region shows a public room is itself public: citizens' requests read it.
    tenancy_public_read: ClassVar[bool] = True

    region = models.OneToOneField(
        "core.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    public_room = models.BooleanField(
        _("public room"),
        default=False,
        help_text=_(
            "Citizens may open a read-only room without signing in: KPI tiles, public map "
            "layers and public alerts only."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("situation room settings")
        verbose_name_plural = _("situation room settings")

    def __str__(self) -> str:
        return f"{self.region_id}: public={self.public_room}"
