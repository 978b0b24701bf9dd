"""App feeds: every enabled app's ``datasets()`` written into the region's portal.

``refresh_region(ctx)`` (the hourly per-region job, the demo, tests) asks the platform for
the region's datasets (``platform_services().region_datasets``) and, for each one that is
due by its frequency (real-time: every run; harian: once a WIB day; bulanan: once a month
…), upserts the ``OpenDataset`` (source app, Satu Data metadata from the app, the
producing agency found by its OPD code, else the walidata; published, terbuka), a
``Resource`` per table and per link, and for each table a new published ``Release`` only
when its rows changed (a digest of the rows). The last ``KEEP_RELEASE_TABLES`` superseded
tables stay; older ones are dropped, their ``Release`` rows (version, row count) kept.

Every table is checked for personal data on every row (:class:`pii.Scanner`, strict): a
table that trips it is refused, logged and audited, and its dataset keeps what it had.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from kotacerdas.apps.data_terbuka import datastore
from kotacerdas.apps.data_terbuka.config import APP_KEY
from kotacerdas.apps.data_terbuka.models import (
    DatasetState,
    OpenDataset,
    Release,
    ReleaseState,
    Resource,
    Source,
)
from kotacerdas.apps.data_terbuka.services import pii
from kotacerdas.apps.data_terbuka.services.metadata import (
    agency_by_opd,
    sync_search,
    unique_name,
    walidata_of,
)
from kotacerdas.apps.data_terbuka.services.review import publish
from kotacerdas.contract import AppContext, get_app
from kotacerdas.contract.datasets import Column, Dataset, Frequency, Table
from kotacerdas.contract.services import platform_services
from kotacerdas.core import audit
from kotacerdas.core.tenancy import Action

log = logging.getLogger(__name__)
Ctx = AppContext[Any]


class FeedRefused(ValueError):
    """An app's table that cannot be published (personal data, bad columns or values)."""


@dataclass
class FeedReport:
    datasets: int = 0
    skipped: int = 0  # not due by their frequency
    releases: int = 0  # new releases written
    unchanged: int = 0  # tables whose rows had not changed
    refused: list[str] = field(default_factory=list)  # "<app>/<dataset>/<table>: why"
    withdrawn: int = 0


# -- when a dataset is due --------------------------------------------------------------------


def _period(frequency: str, moment: datetime) -> tuple[int, ...]:
    local = timezone.localtime(moment, datastore.WIB)
    if frequency == Frequency.DAILY:
        return (local.year, local.month, local.day)
    if frequency == Frequency.MONTHLY:
        return (local.year, local.month)
    if frequency == Frequency.QUARTERLY:
        return (local.year, (local.month - 1) // 3)
    if frequency == Frequency.SEMIANNUAL:
        return (local.year, (local.month - 1) // 6)
    if frequency == Frequency.YEARLY:
        return (local.year,)
    return (local.year, local.month, local.day, local.hour, local.minute)


def is_due(frequency: str, last: datetime | None, now: datetime) -> bool:
    """Real-time datasets are due every run; the others once per WIB day, month, quarter,
    half year or year."""
    if last is None or frequency == Frequency.REALTIME:
        return True
    return _period(frequency, now) != _period(frequency, last)


def next_release(frequency: str, now: datetime) -> date | None:
    today = timezone.localtime(now, datastore.WIB).date()
    if frequency == Frequency.REALTIME:
        return today
    if frequency == Frequency.DAILY:
        return today + timedelta(days=1)
    months = {
        Frequency.MONTHLY: 1,
        Frequency.QUARTERLY: 3,
        Frequency.SEMIANNUAL: 6,
        Frequency.YEARLY: 12,
    }.get(Frequency(frequency), 1)
    index = today.year * 12 + (today.month - 1) // months * months + months
    return date(index // 12, index % 12 + 1, 1)


# -- rows ------------------------------------------------------------------------------------


def column_dicts(columns: Sequence[Column]) -> list[dict[str, Any]]:
    out = []
    for c in columns:
        out.append(
            {
                "name": c.name,
                "type": c.type,
                "title": {"id": c.title.get("id", c.name), "en": c.title.get("en", "")},
                "unit": c.unit,
                "definition": {
                    "id": c.definition.get("id", ""),
                    "en": c.definition.get("en", ""),
                },
            }
        )
    datastore.check_columns(out)
    return out


def _coerce(kind: str, value: Any) -> Any:
    """An app's value as the column's Python type; ``FeedRefused`` when it is not one."""
    if value is None:
        return None
    if kind == "text":
        return value if isinstance(value, str) else str(value)
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
            raise FeedRefused(f"{value!r} is not an integer")
        return int(value)
    if kind == "numeric":
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise FeedRefused(f"{value!r} is not a number")
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            return None
        return number
    if kind == "date":
        if isinstance(value, datetime):
            return timezone.localtime(value, datastore.WIB).date() if value.tzinfo else value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError as exc:
            raise FeedRefused(f"{value!r} is not a date") from exc
    if kind == "timestamp":
        if isinstance(value, datetime):
            return value
        try:
            return datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise FeedRefused(f"{value!r} is not a timestamp") from exc
    if kind == "boolean":
        return bool(value)
    raise FeedRefused(f"unknown type {kind}")


# Values already of the column's type pass without a call (the common case).
_NATIVE: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "integer": (int,),
    "numeric": (float,),
    "date": (date,),
    "timestamp": (datetime,),
    "boolean": (bool,),
}


def _typed(table: Table, kinds: Sequence[str], scanner: pii.Scanner, h: Any) -> Iterator[list[Any]]:
    """The table's rows as the columns' types, fed to the personal-data scanner and the
    digest on the way."""
    width = len(kinds)
    plan = [(i, k, _NATIVE[k]) for i, k in enumerate(kinds)]
    n = 0
    for row in table.rows():
        if len(row) != width:
            raise FeedRefused(f"a row has {len(row)} values for {width} columns")
        out = list(row)
        for i, kind, native in plan:
            v = out[i]
            if v is None:
                continue
            t = type(v)
            if t in native:
                continue
            if t is int and kind == "numeric":
                out[i] = float(v)
                continue
            out[i] = _coerce(kind, v)
        n += 1
        scanner.feed(out, n)
        h.update(repr(out).encode())
        yield out


def _refuse_flags(scanner: pii.Scanner) -> None:
    flags = scanner.flags()
    if flags:
        raise FeedRefused("; ".join(f"{f['column']}: {f['kind']}" for f in flags))


# -- upserting -------------------------------------------------------------------------------


def _dimension(app_key: str, dataset: Dataset) -> str:
    if dataset.dimension:
        return dataset.dimension
    app = get_app(app_key)
    return app.manifest.dimension if app is not None else "governance"


def _same(found: OpenDataset, key: str, value: Any) -> bool:
    if key in ("agency", "walidata"):
        return bool(getattr(found, f"{key}_id") == (value.pk if value is not None else None))
    return bool(getattr(found, key) == value)


def _upsert_dataset(ctx: Ctx, app_key: str, ds: Dataset, now: datetime) -> OpenDataset:
    region = ctx.region
    rows = OpenDataset.objects.scoped(ctx.scope, Action.CHANGE)
    found = rows.filter(region=region, app_key=app_key, app_dataset=ds.name).first()
    walidata = walidata_of(region)
    agency = agency_by_opd(region, ds.opd) or walidata
    values: dict[str, Any] = {
        "title_id": ds.title.get("id", ds.name)[:200],
        "title_en": ds.title.get("en", "")[:200],
        "notes_id": ds.notes.get("id", ""),
        "notes_en": ds.notes.get("en", ""),
        "agency": agency,
        "walidata": walidata,
        "frequency": str(ds.frequency),
        "next_release": next_release(str(ds.frequency), now),
        "access_level": "terbuka",
        "period_start": ds.period[0] if ds.period else None,
        "period_end": ds.period[1] if ds.period else None,
        "licence": ds.licence,
        "priority": ds.priority,
        "dimension": _dimension(app_key, ds),
        "state": DatasetState.PUBLISHED,
        "source": Source.APP,
    }
    if found is None:
        found = rows.create(
            region=region,
            name=unique_name(f"{ds.name}-{region.slug}"),
            app_key=app_key,
            app_dataset=ds.name,
            refreshed_at=now,
            **values,
        )
    else:
        changed = [k for k, v in values.items() if k != "next_release" and not _same(found, k, v)]
        for k, v in values.items():
            setattr(found, k, v)
        found.refreshed_at = now
        if changed:
            found.save()
        else:
            rows.filter(pk=found.pk).update(refreshed_at=now, next_release=values["next_release"])
    sync_search(found, [str(t).strip().lower()[:100] for t in ds.tags if str(t).strip()])
    return found


def _resource(
    ctx: Ctx,
    dataset: OpenDataset,
    name: str,
    title: dict[str, str],
    position: int,
    *,
    url: str = "",
    fmt: str = "CSV",
) -> Resource:
    rows = Resource.objects.scoped(ctx.scope, Action.CHANGE)
    values = {
        "title_id": title.get("id", name)[:200],
        "title_en": title.get("en", "")[:200],
        "url": url[:500],
        "format": fmt[:20],
        "position": position,
    }
    found = rows.filter(dataset=dataset, name=name).first()
    if found is None:
        return rows.create(region=dataset.region, dataset=dataset, name=name, **values)
    if any(getattr(found, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(found, k, v)
        found.save()
    return found


def _write_table(
    ctx: Ctx, resource: Resource, table: Table, report: FeedReport, where: str
) -> None:
    """Read the table once for its digest and the personal-data check; when the digest
    differs from the current release's, load it into a new published release."""
    columns = column_dicts(table.columns)
    kinds = [c["type"] for c in columns]
    names = [c["name"] for c in columns]
    scanner = pii.Scanner(names, kinds, strict=True)
    _refuse_flags(scanner)  # headers first: nothing is read for a refused header
    h = hashlib.sha256(repr([(c["name"], c["type"]) for c in columns]).encode())
    count = sum(1 for _row in _typed(table, kinds, scanner, h))
    _refuse_flags(scanner)
    content_hash = h.hexdigest()
    current = resource.current
    if (
        current is not None
        and current.content_hash == content_hash
        and datastore.table_exists(current.table_name)
    ):
        report.unchanged += 1
        return
    releases = Release.objects.scoped(ctx.scope, Action.CHANGE)
    last = releases.filter(resource=resource).aggregate(v=Max("version"))["v"] or 0
    release = releases.create(
        region=resource.region,
        resource=resource,
        version=last + 1,
        state=ReleaseState.DRAFT,
        columns=columns,
        content_hash=content_hash,
    )
    datastore.create_table(release)
    again = hashlib.sha256(repr([(c["name"], c["type"]) for c in columns]).encode())
    loaded = datastore.load_rows(
        release, _typed(table, kinds, pii.Scanner(names, kinds, strict=True), again)
    )
    if loaded != count or again.hexdigest() != content_hash:
        raise FeedRefused(f"{where}: the rows changed while they were read")
    release.row_count = loaded
    release.save(update_fields=["table_name", "row_count"])
    publish(release)
    report.releases += 1


def refresh_dataset(
    ctx: Ctx, app_key: str, ds: Dataset, report: FeedReport, *, force: bool = False
) -> OpenDataset | None:
    """Write one app dataset (when due, or ``force``); its own transaction."""
    now = timezone.now()
    existing = (
        OpenDataset.objects.scoped(ctx.scope)
        .filter(region=ctx.region, app_key=app_key, app_dataset=ds.name)
        .values_list("refreshed_at", flat=True)
        .first()
    )
    if not force and existing is not None and not is_due(str(ds.frequency), existing, now):
        report.skipped += 1
        return None
    with transaction.atomic():
        dataset = _upsert_dataset(ctx, app_key, ds, now)
        position = 0
        keep: set[str] = set()
        for table in ds.tables:
            name = slugify(table.name)[:100] or f"table-{position}"
            keep.add(name)
            resource = _resource(ctx, dataset, name, table.title, position)
            where = f"{app_key}/{ds.name}/{table.name}"
            try:
                with transaction.atomic():
                    _write_table(ctx, resource, table, report, where)
            except FeedRefused as exc:
                report.refused.append(f"{where}: {exc}")
                log.warning("open-data feed refused: %s: %s", where, exc)
                audit.record(
                    "data.feed_refused",
                    region=ctx.region,
                    app_key=APP_KEY,
                    target=where[:200],
                    detail={"why": str(exc)[:500]},
                )
            position += 1
        for i, link in enumerate(ds.links):
            name = (slugify(link.title.get("id", "")) or f"link-{i}")[:90]
            if name in keep:
                name = f"{name}-{i}"
            keep.add(name)
            _resource(ctx, dataset, name, link.title, position, url=link.url, fmt=link.format)
            position += 1
        stale = (
            Resource.objects.scoped(ctx.scope, Action.CHANGE)
            .filter(dataset=dataset)
            .exclude(name__in=keep)
        )
        for resource in stale:
            for release in Release.objects.scoped(ctx.scope, Action.CHANGE).filter(
                resource=resource
            ):
                datastore.drop_table(release)
            resource.delete()
    report.datasets += 1
    return dataset


def refresh_region(ctx: Ctx, *, force: bool = False) -> FeedReport:
    """Refresh every app dataset of ``ctx.region`` that is due (all of them with ``force``).
    One dataset's failure is logged and does not stop the others."""
    report = FeedReport()
    found = platform_services().region_datasets(ctx.region)
    seen: set[tuple[str, str]] = set()
    for app_key, ds in found:
        if app_key == APP_KEY:
            continue
        seen.add((app_key, ds.name))
        try:
            refresh_dataset(ctx, app_key, ds, report, force=force)
        except Exception as exc:  # an app's bug must not stop the other feeds
            log.exception("open-data feed %s/%s failed", app_key, ds.name)
            report.refused.append(f"{app_key}/{ds.name}: {exc}")
    # Datasets of apps the region no longer runs (or that dropped them) are withdrawn.
    with transaction.atomic():
        rows = OpenDataset.objects.scoped(ctx.scope, Action.CHANGE).filter(
            region=ctx.region, source=Source.APP, state=DatasetState.PUBLISHED
        )
        for pk, app_key, name in rows.values_list("pk", "app_key", "app_dataset"):
            if (app_key, name) not in seen:
                rows.filter(pk=pk).update(state=DatasetState.WITHDRAWN)
                report.withdrawn += 1
    return report


def refresh_job(ctx: Ctx) -> FeedReport:
    """The periodic job's body (``contract.periodic_jobs``)."""
    report = refresh_region(ctx)
    if report.refused:
        log.warning("open-data feeds of %s refused: %s", ctx.region.slug, report.refused)
    return report
