"""A dataset's Satu Data metadata: create, update, validate, and the search fields.

``create_dataset`` / ``update_dataset`` take a plain dict (a form's cleaned data or a JSON
body) with the keys of :data:`FIELDS`; unknown keys are ignored. Bad values raise
:class:`Invalid` with every field's message at once (``errors``: field → message).
Defaults: licence CC-BY-4.0, walidata the region's Diskominfo agency, access terbuka.

:func:`sync_search` keeps ``DatasetTag`` rows and ``search_text`` (lower-cased titles,
descriptions, tags and agency names: what ``package_search``'s ``q`` reads) in step; every
save of a dataset here and in the feeds calls it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.apps.data_terbuka.models import (
    ACCESS_CHOICES,
    FREQUENCY_CHOICES,
    DatasetState,
    DatasetTag,
    OpenDataset,
    Source,
)
from kotacerdas.apps.data_terbuka.services import Refused
from kotacerdas.apps.data_terbuka.services.access import require_producer
from kotacerdas.contract import AppContext
from kotacerdas.core import audit
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.tenancy import Action
from kotacerdas.dimensions import DIMENSIONS

Ctx = AppContext[Any]

WALIDATA_OPD = "diskominfo"
LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODC-BY-1.0", "ODbL-1.0", "OGL-ID")
FIELDS = (
    "name",
    "title_id",
    "title_en",
    "notes_id",
    "notes_en",
    "agency",
    "contact_name",
    "contact_email",
    "frequency",
    "next_release",
    "access_level",
    "period_start",
    "period_end",
    "licence",
    "priority",
    "dimension",
    "tags",
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
TAG_RE = re.compile(r"^[\w .-]{1,100}$", re.UNICODE)


class Invalid(Refused):
    """Several fields at fault; ``errors`` maps each to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(message, field, "invalid")
        self.errors = errors


def walidata_of(region: Region) -> Agency | None:
    """The region's walidata: its Diskominfo agency (core/opd.py code ``diskominfo``)."""
    return (
        Agency.objects.unscoped("the walidata is public reference data")
        .filter(region=region, slug=WALIDATA_OPD)
        .first()
    )


def agency_by_opd(region: Region, opd: str) -> Agency | None:
    return (
        Agency.objects.unscoped("agencies are public reference data")
        .filter(region=region, slug=opd, is_active=True)
        .first()
    )


def _text(data: dict[str, Any], key: str, limit: int, errors: dict[str, str]) -> str:
    value = data.get(key)
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        errors[key] = _("At most %(n)d characters.") % {"n": limit}
    elif CONTROL.search(text):
        errors[key] = _("This value holds control characters.")
    return text


def _date(data: dict[str, Any], key: str, errors: dict[str, str]) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        errors[key] = _("Enter a date as YYYY-MM-DD.")
        return None


def unique_name(base: str, exclude: int | None = None) -> str:
    """``base`` made a unique dataset name (CKAN's: installation-wide)."""
    base = slugify(base)[:90].strip("-") or "dataset"
    names = OpenDataset.objects.unscoped("dataset names are unique installation-wide")
    if exclude is not None:
        names = names.exclude(pk=exclude)
    name, n = base, 2
    while names.filter(name=name).exists():
        name = f"{base}-{n}"
        n += 1
    return name


def clean(ctx: Ctx, data: dict[str, Any], dataset: OpenDataset | None = None) -> dict[str, Any]:
    """Validated metadata from ``data`` (missing keys keep ``dataset``'s values); raises
    :class:`Invalid` listing every bad field."""
    errors: dict[str, str] = {}
    current: dict[str, Any] = {}
    if dataset is not None:
        current = {f: getattr(dataset, f) for f in FIELDS if f not in ("agency", "tags")}
        current["agency"] = dataset.agency_id
        current["tags"] = list(
            DatasetTag.objects.scoped(ctx.scope)
            .filter(dataset=dataset)
            .values_list("name", flat=True)
        )
    merged = {**current, **{k: v for k, v in data.items() if k in FIELDS}}
    out: dict[str, Any] = {}
    out["title_id"] = _text(merged, "title_id", 200, errors)
    if not out["title_id"] and "title_id" not in errors:
        errors["title_id"] = _("Give the dataset a title in Indonesian.")
    out["title_en"] = _text(merged, "title_en", 200, errors)
    out["notes_id"] = _text(merged, "notes_id", 10_000, errors)
    out["notes_en"] = _text(merged, "notes_en", 10_000, errors)
    out["contact_name"] = _text(merged, "contact_name", 120, errors)
    out["contact_email"] = _text(merged, "contact_email", 254, errors)
    if out["contact_email"] and not EMAIL.match(out["contact_email"]):
        errors["contact_email"] = _("Enter a valid e-mail address.")
    frequency = str(merged.get("frequency") or "")
    if frequency not in {k for k, _label in FREQUENCY_CHOICES}:
        errors["frequency"] = _("Choose how often the dataset is released.")
    out["frequency"] = frequency
    access = str(merged.get("access_level") or "terbuka")
    if access not in {k for k, _label in ACCESS_CHOICES}:
        errors["access_level"] = _("Choose an access level.")
    out["access_level"] = access
    out["next_release"] = _date(merged, "next_release", errors)
    out["period_start"] = _date(merged, "period_start", errors)
    out["period_end"] = _date(merged, "period_end", errors)
    if out["period_start"] and out["period_end"] and out["period_start"] > out["period_end"]:
        errors["period_end"] = _("The period ends before it starts.")
    licence = str(merged.get("licence") or "CC-BY-4.0")
    if licence not in LICENCES:
        errors["licence"] = _("Choose one of the open licences offered.")
    out["licence"] = licence
    priority = merged.get("priority", False)
    out["priority"] = priority in (True, 1, "1", "true", "on", "ya", "yes")
    dimension = str(merged.get("dimension") or "governance")
    if dimension not in {d.key for d in DIMENSIONS}:
        errors["dimension"] = _("Choose one of the six smart dimensions.")
    out["dimension"] = dimension
    agency_id = merged.get("agency")
    if isinstance(agency_id, Agency):
        agency_id = agency_id.pk
    agency = None
    if agency_id in (None, ""):
        if ctx.is_admin:
            agency = None
        elif len(ctx.agencies) == 1:
            agency = Agency.objects.scoped(ctx.scope).filter(pk=next(iter(ctx.agencies))).first()
        else:
            errors["agency"] = _("Choose the agency that produces the data.")
    else:
        try:
            agency = (
                Agency.objects.scoped(ctx.scope)
                .filter(pk=int(agency_id), region_id=ctx.region_id, is_active=True)
                .first()
            )
        except (TypeError, ValueError):
            agency = None
        if agency is None:
            errors["agency"] = _("Choose one of the region's agencies.")
        elif not ctx.is_admin and agency.pk not in ctx.agencies:
            errors["agency"] = _("You may only publish data of your own agency.")
    out["agency"] = agency
    tags_in = merged.get("tags") or []
    if isinstance(tags_in, str):
        tags_in = [t for t in re.split(r"[,;]", tags_in)]
    tags: list[str] = []
    if not isinstance(tags_in, list | tuple):
        errors["tags"] = _("Tags are a list of words.")
    else:
        for tag in tags_in:
            tag = str(tag).strip().lower()
            if not tag:
                continue
            if not TAG_RE.match(tag):
                errors["tags"] = _("A tag has letters, digits, spaces, dots or dashes only.")
                break
            if tag not in tags:
                tags.append(tag)
        if len(tags) > 30:
            errors["tags"] = _("At most 30 tags.")
    out["tags"] = tags
    name = str(merged.get("name") or "").strip()
    if name and not re.match(r"^[a-z0-9][a-z0-9_-]{1,99}$", name):
        errors["name"] = _("Use lower-case letters, digits, - and _ (2 to 100).")
    elif name:
        taken = OpenDataset.objects.unscoped("dataset names are unique installation-wide").filter(
            name=name
        )
        if dataset is not None:
            taken = taken.exclude(pk=dataset.pk)
        if taken.exists():
            errors["name"] = _("This name is taken; choose another.")
    out["name"] = name
    if errors:
        raise Invalid(errors)
    return out


def sync_search(dataset: OpenDataset, tags: list[str] | None = None) -> None:
    """Rewrite the dataset's tag rows (when ``tags`` is given) and ``search_text``."""
    rows = DatasetTag.objects.unscoped("tags follow their dataset's write")
    if tags is not None:
        rows.filter(dataset=dataset).exclude(name__in=tags).delete()
        have = set(rows.filter(dataset=dataset).values_list("name", flat=True))
        rows.bulk_create(
            [
                DatasetTag(region_id=dataset.region_id, dataset=dataset, name=t)
                for t in tags
                if t not in have
            ]
        )
    else:
        tags = list(rows.filter(dataset=dataset).values_list("name", flat=True))
    agencies = Agency.objects.unscoped("agency names are public").filter(
        pk__in=[p for p in (dataset.agency_id, dataset.walidata_id) if p]
    )
    parts = [
        dataset.title_id,
        dataset.title_en,
        dataset.notes_id,
        dataset.notes_en,
        " ".join(tags),
        " ".join(f"{a.name} {a.short_name}" for a in agencies),
        dataset.name,
    ]
    text = " ".join(p for p in parts if p).lower()
    OpenDataset.objects.unscoped("the search text follows the dataset's write").filter(
        pk=dataset.pk
    ).update(search_text=text)
    dataset.search_text = text


def _apply(dataset: OpenDataset, values: dict[str, Any]) -> None:
    for key, value in values.items():
        if key in ("tags", "name"):
            continue
        setattr(dataset, key, value)


def create_dataset(ctx: Ctx, data: dict[str, Any]) -> OpenDataset:
    """A new uploaded dataset (state draft) of the caller's agency (or any, for the admin)."""
    if not ctx.is_staff:
        raise Refused(
            _("Only agency staff and the region admin may add datasets."), "", "forbidden"
        )
    values = clean(ctx, data)
    with transaction.atomic():
        dataset = OpenDataset(region=ctx.region, source=Source.UPLOAD, state=DatasetState.DRAFT)
        _apply(dataset, values)
        dataset.name = values["name"] or unique_name(f"{values['title_id']}-{ctx.region.slug}")
        dataset.walidata = walidata_of(ctx.region)
        if dataset.agency is None:
            dataset.agency = dataset.walidata
        require_producer(ctx, dataset)
        if not ctx.scope.can(Action.CHANGE, OpenDataset, ctx.region_id):
            raise Refused(_("You may not add datasets in this region."), "", "forbidden")
        dataset.save()
        sync_search(dataset, values["tags"])
        audit.record(
            "data.dataset_created",
            region=ctx.region,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=dataset.name,
        )
    return dataset


def update_dataset(ctx: Ctx, dataset: OpenDataset, data: dict[str, Any]) -> OpenDataset:
    """Change a dataset's metadata (its producer or the admin); ``metadata_modified`` moves."""
    with transaction.atomic():
        dataset = (
            OpenDataset.objects.scoped(ctx.scope, Action.CHANGE).filter(pk=dataset.pk).first()
            or _missing()
        )
        require_producer(ctx, dataset)
        if dataset.source == Source.APP:
            raise Refused(
                _("This dataset is fed by an app: change it in the app."), "", "forbidden"
            )
        values = clean(ctx, data, dataset)
        before = {k: str(getattr(dataset, k, "")) for k in values if k not in ("tags", "agency")}
        _apply(dataset, values)
        if values["name"]:
            dataset.name = values["name"]
        if dataset.agency is None:
            dataset.agency = dataset.walidata or walidata_of(ctx.region)
        require_producer(ctx, dataset)  # staff may not hand it to another agency
        dataset.save()
        sync_search(dataset, values["tags"])
        changed = sorted(k for k, v in before.items() if str(getattr(dataset, k, "")) != v)
        audit.record(
            "data.dataset_changed",
            region=ctx.region,
            actor_id=ctx.user_id,
            app_key=ctx.app_key,
            target=dataset.name,
            detail={"fields": changed},
        )
    return dataset


def touch(dataset: OpenDataset) -> None:
    """Bump ``metadata_modified`` (a new release was published)."""
    now = timezone.now()
    OpenDataset.objects.unscoped("metadata_modified follows the dataset's write").filter(
        pk=dataset.pk
    ).update(metadata_modified=now)
    dataset.metadata_modified = now


def _missing() -> OpenDataset:
    raise Refused(_("This dataset does not exist."), "dataset", "not_found")
