"""Services and requests as the spec names their fields; no personal data of the reporter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse

from kotacerdas.apps.aduan_warga.config import Category
from kotacerdas.apps.aduan_warga.models import CLOSED_STATES, Photo, Report, Status
from kotacerdas.core.calendar import WIB
from kotacerdas.core.tenancy import Scope


def service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.service_code,
        "service_name": category.name.id,
        "description": category.description,
        "metadata": bool(category.attributes),
        "type": "realtime",
        "keywords": ",".join(category.keywords),
        "group": category.group,
    }


def definition(category: Category) -> dict[str, Any]:
    attributes = []
    for order, attr in enumerate(category.attributes, start=1):
        entry: dict[str, Any] = {
            "variable": True,
            "code": attr.code,
            "datatype": attr.datatype,
            "required": attr.required,
            "datatype_description": attr.datatype_description,
            "order": order,
            "description": attr.description or attr.code,
        }
        if attr.values:
            entry["values"] = [{"key": v.key, "name": v.name} for v in attr.values]
        attributes.append(entry)
    return {"service_code": category.service_code, "attributes": attributes}


def when(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(WIB).isoformat(timespec="seconds")


# Read as plain rows, not model instances: a page of 1,000 requests stays cheap. Only public
# fields of the report: ``status_notes`` is the last public message staff wrote for citizens
# (``ReportAction.public_message``), never an internal note (tests/apps/aduan_warga/
# test_privacy.py); nothing of ``Reporter`` or ``ReportAction`` is read here.
FIELDS = (
    "id",
    "ticket",
    "status",
    "status_notes",
    "category_name",
    "service_code",
    "description",
    "agency__name",
    "created_at",
    "updated_at",
    "expected_at",
    "address",
    "lat",
    "lng",
    "media_url",
    "photo_id",
)


def status_labels() -> dict[str, str]:
    """Status labels in the request's language, looked up once per request."""
    return {value: str(label) for value, label in Status.choices}


def with_first_photo(rows: QuerySet[Report]) -> QuerySet[Report]:
    """Annotate each report with its first photo's id, in the same query (one round trip)."""
    photos = Photo.objects.scoped(Scope.public()).filter(report=OuterRef("pk")).order_by("pk")
    return rows.annotate(photo_id=Subquery(photos.values("pk")[:1]))


def service_request(row: dict[str, Any], labels: dict[str, str], media: str) -> dict[str, Any]:
    return {
        "service_request_id": row["ticket"],
        "status": "closed" if row["status"] in CLOSED_STATES else "open",
        "status_notes": row["status_notes"] or labels.get(row["status"], row["status"]),
        "service_name": row["category_name"],
        "service_code": row["service_code"],
        "description": row["description"],
        "agency_responsible": row["agency__name"] or "",
        "service_notice": "",
        "requested_datetime": when(row["created_at"]),
        "updated_datetime": when(row["updated_at"]),
        "expected_datetime": when(row["expected_at"]),
        "address": row["address"],
        "address_id": "",
        "zipcode": "",
        "lat": row["lat"],
        "long": row["lng"],
        "media_url": media or row["media_url"] or "",
    }


def service_requests(
    request: HttpRequest, region_slug: str, rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows read with ``with_first_photo(...).values(*FIELDS)``."""
    labels = status_labels()
    items = []
    for row in rows:
        media = ""
        if row["photo_id"]:
            path = reverse("aduan_warga:photo", args=[region_slug, row["photo_id"], "full"])
            media = request.build_absolute_uri(path)
        items.append(service_request(row, labels, media))
    return items
