"""Creating and changing events; cancelling one date of a weekly event.

Every change bumps the event's SEQUENCE (RFC 5545), so subscribed calendars update it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.apps.agenda_wisata.models import Event, Status
from kotacerdas.apps.agenda_wisata.services import Invalid
from kotacerdas.apps.agenda_wisata.services.photos import CleanPhoto, store
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB, all_dates
from kotacerdas.core.tenancy import Action

if TYPE_CHECKING:
    from kotacerdas.apps.agenda_wisata.config import AgendaWisataSettings
    from kotacerdas.contract import AppContext

    Ctx = AppContext[AgendaWisataSettings]

FIELDS = (
    "title",
    "title_en",
    "description",
    "description_en",
    "category",
    "starts_at",
    "ends_at",
    "weekdays",
    "repeat_until",
    "repeat_count",
    "place_name",
    "lat",
    "lng",
    "organiser_id",
    "is_free",
    "price",
    "status",
)


def inside(ctx: Ctx, lat: float, lng: float) -> bool:
    west, south, east, north = ctx.region.bbox
    return south <= lat <= north and west <= lng <= east


def check(ctx: Ctx, data: dict[str, Any]) -> None:
    """Rules across fields; Invalid names the field. Types are the form's job."""
    if ctx.config.event_category(data["category"]) is None:
        raise Invalid("category", _("Choose one of the region's categories."))
    if data["ends_at"] <= data["starts_at"]:
        raise Invalid("end_date", _("The event must end after it starts."))
    if data["ends_at"] - data["starts_at"] > dt.timedelta(days=92):
        raise Invalid("end_date", _("An event lasts at most three months."))
    if not inside(ctx, data["lat"], data["lng"]):
        raise Invalid(
            "lat", _("The place must be inside %(region)s.") % {"region": ctx.region.name}
        )
    if data["weekdays"]:
        if data["ends_at"] - data["starts_at"] > dt.timedelta(days=1):
            raise Invalid("end_date", _("A weekly event lasts at most one day each time."))
        if data["repeat_until"] and data["repeat_count"]:
            raise Invalid("repeat_count", _("Give an end date or a number of times, not both."))
        first = data["starts_at"].astimezone(WIB).date()
        if data["repeat_until"] and data["repeat_until"] < first:
            raise Invalid("repeat_until", _("The repeats must end after the first date."))
    if not data["is_free"] and not data["price"]:
        raise Invalid("price", _("Give the price, or tick “free”."))


@transaction.atomic
def save_event(
    ctx: Ctx, data: dict[str, Any], photo: CleanPhoto | None = None, event: Event | None = None
) -> Event:
    check(ctx, data)
    rows = Event.objects.scoped(ctx.scope, Action.CHANGE)
    if not data["weekdays"]:
        data = {**data, "repeat_until": None, "repeat_count": None}
    if data["is_free"]:
        data = {**data, "price": None}
    if event is None:
        event = rows.create(region=ctx.region, **{f: data[f] for f in FIELDS})
    else:
        event = rows.select_for_update().get(pk=event.pk, region=ctx.region)
        for f in FIELDS:
            setattr(event, f, data[f])
        # Dates the rule no longer generates cannot stay cancelled.
        valid = {d.isoformat() for d in all_dates(event)}
        event.cancelled_dates = [d for d in event.cancelled_dates if d in valid]
        event.sequence += 1
    if photo is not None:
        event.image, event.thumbnail = store(ctx.region.code, photo)
    event.save()
    return event


@transaction.atomic
def cancel_date(ctx: Ctx, event: Event, day: dt.date) -> Event:
    """Cancel one date of a weekly event (an EXDATE); the other dates stay."""
    event = (
        Event.objects.scoped(ctx.scope, Action.CHANGE)
        .select_for_update()
        .get(pk=event.pk, region=ctx.region)
    )
    if not event.weekdays:
        raise Invalid("day", _("Only a weekly event has single dates to cancel."))
    if day not in all_dates(event):
        raise Invalid("day", _("The event does not take place on that date."))
    if day.isoformat() in event.cancelled_dates:
        raise Invalid("day", _("That date is already cancelled."))
    event.cancelled_dates = sorted([*event.cancelled_dates, day.isoformat()])
    event.sequence += 1
    event.save(update_fields=["cancelled_dates", "sequence", "updated_at"])
    return event


@transaction.atomic
def restore_date(ctx: Ctx, event: Event, day: dt.date) -> Event:
    event = (
        Event.objects.scoped(ctx.scope, Action.CHANGE)
        .select_for_update()
        .get(pk=event.pk, region=ctx.region)
    )
    if day.isoformat() in event.cancelled_dates:
        event.cancelled_dates = [d for d in event.cancelled_dates if d != day.isoformat()]
        event.sequence += 1
        event.save(update_fields=["cancelled_dates", "sequence", "updated_at"])
    return event


__all__ = ["Status", "cancel_date", "check", "restore_date", "save_event"]
