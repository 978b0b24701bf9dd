"""JSON API, mounted by the platform at /api/apps/fasilitas-kesehatan/{region}/.

Reading is public. ``POST /{region}/beds`` (SIRANAP-like: one facility, its room classes
with total, occupied, free, free by sex, waiting) takes a machine client's API key
(``Authorization: Bearer <key>``; a key narrowed to a facility writes only that facility)
or the console's signed-in session of an officer who may update the facility. Errors are
``{"detail", "field"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from kotacerdas.apps.fasilitas_kesehatan import queries
from kotacerdas.apps.fasilitas_kesehatan.models import Source
from kotacerdas.apps.fasilitas_kesehatan.services.beds import (
    BedsRefused,
    client_context,
    update_beds,
)
from kotacerdas.contract import KeyGrant, api_context

router = Router(tags=["fasilitas-kesehatan"])


class MachineClientKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> KeyGrant | None:
        return api_context(request).client


class OfficerSession(SessionAuth):
    def __call__(self, request: HttpRequest) -> Any:
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if not api_context(request).is_staff:
            raise HttpError(403, _("you may not update beds in this region"))
        return user


class Problem(Schema):
    detail: str
    field: str | None = None


class BedsProblem(Problem):
    errors: dict[str, str] = {}


# Whole numbers; the bounds (0–5000, free ≤ total − occupied) are the service's, which names
# the room class and field. (An ``int | str`` union here made the schema six anyOf fields
# deep for no gain: text is refused by the schema with the field named all the same.)
Count = int | None


class RoomIn(Schema):
    room_class: str
    total: Count = None
    occupied: Count = None
    free: Count = None
    free_male: Count = None
    free_female: Count = None
    waiting: Count = None


class BedsIn(Schema):
    facility: str
    beds: list[RoomIn]


class RoomOut(Schema):
    room_class: str
    total: int
    occupied: int
    free: int
    free_male: int | None
    free_female: int | None
    waiting: int
    updated_at: dt.datetime


class BedsOut(Schema):
    facility: str
    name: str
    updated_at: dt.datetime | None
    stale: bool
    beds: list[RoomOut]


def _beds_out(ctx: Any, slug: str) -> dict[str, Any] | None:
    found = queries.facility(ctx.region, slug)
    if found is None:
        return None
    rows = queries.beds_of(found)
    return {
        "facility": found.slug,
        "name": found.name,
        "updated_at": found.beds_updated_at,
        "stale": bool(rows) and queries.is_stale(ctx.config, found.beds_updated_at),
        "beds": [
            {
                "room_class": b.room_class,
                "total": b.total,
                "occupied": b.occupied,
                "free": b.free,
                "free_male": b.free_male,
                "free_female": b.free_female,
                "waiting": b.waiting,
                "updated_at": b.updated_at,
            }
            for b in rows
        ],
    }


@router.get("/{region}/facilities/{facility}/beds", response={200: BedsOut, 404: Problem})
def facility_beds(request: HttpRequest, region: str, facility: str) -> Any:
    """A facility's beds per room class now, with the time of its last update."""
    out = _beds_out(api_context(request), facility[:60])
    if out is None:
        return 404, {"detail": _("no such facility"), "field": "facility"}
    return out


@router.post(
    "/{region}/beds",
    response={200: BedsOut, 401: Problem, 403: BedsProblem, 404: Problem, 422: BedsProblem},
    auth=[MachineClientKey(), OfficerSession()],
)
def push_beds(request: HttpRequest, region: str, body: BedsIn) -> Any:
    """One facility's beds, every room class given at once; nothing is written when any
    class is refused (422, ``errors`` by ``<room class>.<field>``). 403: a facility the
    caller may not update (another facility's officer, or a key narrowed elsewhere)."""
    ctx = api_context(request)
    user: AbstractBaseUser | None = None
    if ctx.client is not None:
        ctx = client_context(ctx)
    else:
        user = request.auth  # type: ignore[attr-defined]
    found = queries.facility(ctx.region, body.facility)
    if found is None:
        return 404, {"detail": _("no such facility"), "field": "facility"}
    raw: dict[str, dict[str, Any]] = {}
    for row in body.beds:
        if row.room_class in raw:
            return 422, {
                "detail": _("room class %(c)s is given twice") % {"c": row.room_class[:20]},
                "field": f"beds.{row.room_class[:20]}",
                "errors": {},
            }
        raw[row.room_class[:20]] = row.dict(exclude={"room_class"})
    try:
        update_beds(ctx, user, found, raw, source=Source.API)
    except BedsRefused as exc:
        field, message = next(iter(exc.errors.items()))
        status = 403 if field == "facility" else 422
        return status, {
            "detail": f"{field}: {message}",
            "field": field if field == "facility" else f"beds.{field}",
            "errors": exc.errors,
        }
    return _beds_out(ctx, found.slug)
