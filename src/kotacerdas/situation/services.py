"""Writes of the situation room: its settings and operators' actions on alerts."""

from __future__ import annotations

from django.db import transaction

from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import NotAllowed
from kotacerdas.situation.models import RoomSettings


def set_public_room(scope: Scope, region: Region, enabled: bool) -> RoomSettings:
    """Open or close the citizens' read-only room; only the region's admins may."""
    if not scope.can(Action.CHANGE, RoomSettings, region.pk):
        raise NotAllowed(f"you may not change the situation room of {region.name}")
    with transaction.atomic():
        rows = RoomSettings.objects.scoped(scope, Action.CHANGE).select_for_update()
        settings = rows.filter(region=region).first()
        if settings is None:
            return rows.create(region=region, public_room=enabled)
        settings.public_room = enabled
        settings.save(update_fields=["public_room", "updated_at"])
        return settings
