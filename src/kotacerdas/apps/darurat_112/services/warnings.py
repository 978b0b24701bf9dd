"""Public warnings: checking what an officer typed, publishing CAP messages, the core alert.

The region's BPBD (the agency named ``warning_agency`` in the configuration, ``bpbd`` by
default) and the region's admins issue warnings. A published warning raises one public
core alert per chain (condition ``warning:<first identifier>``), so the situation room
and every page that shows public alerts show it; an Update changes that alert in place and
a Cancel (or the warning's expiry, :func:`expire_warnings`) clears it. Each publication is
also an event (``warning.published``) and an audit entry.

A warning can start from an active Sensor Kota flood alert: the core's alert row is read
(``app_key`` ``sensor-kota``, ``data["level"]`` Waspada/Siaga/Awas), never that app.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.apps.darurat_112.models_warnings import (
    CapCertainty,
    CapSeverity,
    CapUrgency,
    EventType,
    MsgType,
    Warning,
    WarningArea,
    WarningStatus,
)
from kotacerdas.contract import Access, AppContext
from kotacerdas.core import audit
from kotacerdas.core.alerts import OPEN, clear_alert, raise_alert
from kotacerdas.core.events import publish
from kotacerdas.core.models import Agency, AlertRecord, AppInstallation, Region
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.core.vocab import Severity, flood_level

APP_KEY = "darurat-112"
SENSOR_APP = "sensor-kota"
WIB = ZoneInfo("Asia/Jakarta")
SYSTEM = "a region's warnings, published by its own jobs and demo"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_DAYS = 14
MAX_POINTS = 500
# Cancels stay in the feed this long, so readers of the feed learn of them.
CANCEL_VISIBLE = dt.timedelta(hours=24)

# A BPBD flood level, as CAP's severity, urgency and certainty.
LEVEL_CAP: dict[str, tuple[str, str, str]] = {
    "waspada": (CapSeverity.MODERATE, CapUrgency.EXPECTED, CapCertainty.LIKELY),
    "siaga": (CapSeverity.SEVERE, CapUrgency.EXPECTED, CapCertainty.LIKELY),
    "awas": (CapSeverity.EXTREME, CapUrgency.IMMEDIATE, CapCertainty.OBSERVED),
}
SEVERITY_LEVEL = {v[0]: k for k, v in LEVEL_CAP.items()}
CORE_SEVERITY = {
    CapSeverity.EXTREME: Severity.CRITICAL,
    CapSeverity.SEVERE: Severity.CRITICAL,
    CapSeverity.MODERATE: Severity.WARNING,
    CapSeverity.MINOR: Severity.INFO,
}
EVENT_NAMES = {
    EventType.FLOOD: {"id": "Banjir", "en": "Flood"},
    EventType.FIRE: {"id": "Kebakaran", "en": "Fire"},
    EventType.WEATHER: {"id": "Cuaca ekstrem", "en": "Extreme weather"},
    EventType.OTHER: {"id": "Bahaya lain", "en": "Other hazard"},
}
# CAP's <category> of each event.
EVENT_CATEGORY = {
    EventType.FLOOD: "Met",
    EventType.FIRE: "Fire",
    EventType.WEATHER: "Met",
    EventType.OTHER: "Other",
}
# Field name → longest length (characters).
LIMITS = {
    "headline_id": 160,
    "headline_en": 160,
    "description_id": 2000,
    "description_en": 2000,
    "instruction_id": 1000,
    "instruction_en": 1000,
    "area_desc": 200,
    "note": 300,
}
ONE_LINE = {"headline_id", "headline_en", "area_desc", "note"}
FIELDS = [
    "event_type",
    "severity",
    "urgency",
    "certainty",
    *LIMITS,
    "area_kind",
    "circle_lat",
    "circle_lng",
    "circle_km",
    "polygon",
    "onset",
    "expires",
]

Ctx = AppContext[Any]


class WarningRefused(PermissionError):
    """The caller may not issue, change or cancel the region's warnings."""


class WarningInvalid(ValueError):
    """What was typed cannot be published: ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class Draft:
    """A checked warning, ready to write."""

    event_type: str
    severity: str
    urgency: str
    certainty: str
    headline_id: str
    description_id: str
    area_desc: str
    onset: dt.datetime
    expires: dt.datetime
    headline_en: str = ""
    description_en: str = ""
    instruction_id: str = ""
    instruction_en: str = ""
    note: str = ""
    area_kind: str = WarningArea.REGION
    polygon: list[list[float]] = field(default_factory=list)
    circle_lat: float | None = None
    circle_lng: float | None = None
    circle_km: float | None = None


# ---------------------------------------------------------------- who may issue


def warning_agency_slug(ctx: Ctx) -> str:
    return str(getattr(ctx.config, "warning_agency", "") or "bpbd")


def issuing_agency(ctx: Ctx) -> Agency | None:
    return (
        Agency.objects.scoped(ctx.scope)
        .filter(region_id=ctx.region_id, slug=warning_agency_slug(ctx))
        .first()
    )


def may_issue(ctx: Ctx) -> bool:
    """Region admins, and staff of the issuing agency (BPBD)."""
    if ctx.is_admin:
        return True
    if not ctx.is_staff:
        return False
    agency = issuing_agency(ctx)
    return agency is not None and agency.pk in ctx.agencies


def _require(ctx: Ctx) -> None:
    if not may_issue(ctx):
        raise WarningRefused(_("Only the region's BPBD and its admins may issue warnings."))


# ---------------------------------------------------------------- checking input


def wib(value: dt.datetime) -> dt.datetime:
    return value.astimezone(WIB)


def local_input(value: dt.datetime | None) -> str:
    """A time as the form's ``datetime-local`` value, in WIB."""
    return wib(value).strftime("%Y-%m-%dT%H:%M") if value else ""


def _parse_time(raw: str) -> dt.datetime:
    text = raw.strip()
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=WIB)
        except ValueError:
            continue
    raise ValueError(text)


def _number(raw: str) -> float:
    value = float(raw.strip().replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(raw)
    return value


def parse_polygon(raw: str) -> list[list[float]]:
    """``"lat,lon lat,lon …"`` (CAP's own notation) → closed ``[[lat, lon], …]``."""
    points: list[list[float]] = []
    for pair in raw.split():
        lat_s, sep, lon_s = pair.partition(",")
        if not sep:
            raise ValueError(pair)
        lat, lon = _number(lat_s), _number(lon_s)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(pair)
        points.append([lat, lon])
        if len(points) > MAX_POINTS + 1:
            raise OverflowError
    if points and points[0] != points[-1]:
        points.append(list(points[0]))
    if len({(p[0], p[1]) for p in points}) < 3:
        raise ValueError(raw)
    return points


def polygon_text(points: list[list[float]]) -> str:
    return " ".join(f"{lat:.5f},{lon:.5f}" for lat, lon in points)


def check(region: Region, raw: Mapping[str, str], *, now: dt.datetime | None = None) -> Draft:
    """Every mistake at once (field → message) in :class:`WarningInvalid`, else the draft."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    values = {name: str(raw.get(name, "") or "") for name in FIELDS}
    for name, limit in LIMITS.items():
        text = values[name].replace("\r\n", "\n").strip()
        values[name] = text
        if (LINE_CONTROL if name in ONE_LINE else CONTROL).search(text):
            errors[name] = _("Remove the control characters or line breaks from this field.")
        elif len(text) > limit:
            errors[name] = _("This field is longer than %(n)d characters.") % {"n": limit}
    for name in ("headline_id", "description_id", "area_desc"):
        if not values[name] and name not in errors:
            errors[name] = _("This field is required.")
    for name, choices in (
        ("event_type", EventType),
        ("severity", CapSeverity),
        ("urgency", CapUrgency),
        ("certainty", CapCertainty),
        ("area_kind", WarningArea),
    ):
        if values[name] not in choices.values:
            errors[name] = _("Choose one of the options.")
    times: dict[str, dt.datetime] = {}
    for name in ("onset", "expires"):
        try:
            times[name] = _parse_time(values[name])
        except ValueError:
            errors[name] = _("Give a date and time (WIB), such as 2026-12-02 18:00.")
    if len(times) == 2:
        if times["expires"] <= times["onset"]:
            errors["expires"] = _("The warning must expire after its onset.")
        elif times["expires"] <= now:
            errors["expires"] = _("This time has already passed.")
        elif times["expires"] - max(times["onset"], now) > dt.timedelta(days=MAX_DAYS):
            errors["expires"] = _("A warning lasts at most %(n)d days; issue an update later.") % {
                "n": MAX_DAYS
            }
    draft_area: dict[str, Any] = {}
    kind = values["area_kind"]
    if kind == WarningArea.CIRCLE:
        place: dict[str, float] = {}
        for name in ("circle_lat", "circle_lng", "circle_km"):
            try:
                place[name] = _number(values[name])
            except ValueError:
                errors[name] = _("Give a number.")
        if "circle_km" in place and not 0.05 <= place["circle_km"] <= 100:
            errors["circle_km"] = _("The radius is between 0.05 and 100 km.")
        if (
            "circle_lat" in place
            and "circle_lng" in place
            and not region.contains(place["circle_lat"], place["circle_lng"])
        ):
            errors["circle_lat"] = _("The centre is outside %(region)s.") % {"region": region.name}
        draft_area = place
    elif kind == WarningArea.POLYGON:
        try:
            points = parse_polygon(values["polygon"])
        except OverflowError:
            errors["polygon"] = _("At most %(n)d points.") % {"n": MAX_POINTS}
        except ValueError:
            errors["polygon"] = _(
                "Write at least three points as latitude,longitude pairs separated by spaces."
            )
        else:
            if not any(region.contains(lat, lon) for lat, lon in points):
                errors["polygon"] = _("The polygon is outside %(region)s.") % {
                    "region": region.name
                }
            draft_area = {"polygon": points}
    if errors:
        raise WarningInvalid(errors)
    return Draft(
        event_type=values["event_type"],
        severity=values["severity"],
        urgency=values["urgency"],
        certainty=values["certainty"],
        headline_id=values["headline_id"],
        headline_en=values["headline_en"],
        description_id=values["description_id"],
        description_en=values["description_en"],
        instruction_id=values["instruction_id"],
        instruction_en=values["instruction_en"],
        area_desc=values["area_desc"],
        note=values["note"],
        area_kind=kind,
        onset=times["onset"],
        expires=times["expires"],
        **draft_area,
    )


def form_values(warning: Warning) -> dict[str, str]:
    """A stored warning as the form's values (an update starts from them)."""
    values = {name: str(getattr(warning, name) or "") for name in LIMITS}
    values.update(
        event_type=warning.event_type,
        severity=warning.severity,
        urgency=warning.urgency,
        certainty=warning.certainty,
        area_kind=warning.area_kind,
        polygon=polygon_text(warning.polygon or []),
        circle_lat="" if warning.circle_lat is None else f"{warning.circle_lat:.5f}",
        circle_lng="" if warning.circle_lng is None else f"{warning.circle_lng:.5f}",
        circle_km="" if warning.circle_km is None else f"{warning.circle_km:g}",
        onset=local_input(warning.onset),
        expires=local_input(warning.expires),
    )
    return values


def blank_values(now: dt.datetime | None = None) -> dict[str, str]:
    now = wib(now or timezone.now()).replace(second=0, microsecond=0)
    return {
        "event_type": EventType.FLOOD,
        "severity": CapSeverity.MODERATE,
        "urgency": CapUrgency.EXPECTED,
        "certainty": CapCertainty.LIKELY,
        "area_kind": WarningArea.REGION,
        "onset": local_input(now),
        "expires": local_input(now + dt.timedelta(hours=12)),
    }


# ---------------------------------------------------------------- Sensor Kota flood alerts


def flood_alerts(ctx: Ctx) -> QuerySet[AlertRecord]:
    """The region's open Sensor Kota flood alerts (core rows with a BPBD level)."""
    return (
        AlertRecord.objects.scoped(ctx.scope)
        .filter(region_id=ctx.region_id, app_key=SENSOR_APP, state__in=OPEN)
        .filter(Q(data__level__in=list(LEVEL_CAP)))
        .order_by("-raised_at")
    )


def values_from_alert(
    ctx: Ctx, alert: AlertRecord, now: dt.datetime | None = None
) -> dict[str, str]:
    """The form prefilled from a flood alert: level → severity/urgency/certainty, headline
    from the alert's titles, area a circle round the station when the alert says where."""
    level = flood_level(alert.data)
    key = level.key if level else "waspada"
    severity, urgency, certainty = LEVEL_CAP[key]
    data = alert.data if isinstance(alert.data, dict) else {}
    titles = data.get("titles") if isinstance(data.get("titles"), dict) else {}
    assert isinstance(titles, dict)
    values = blank_values(now)
    headline_id = str(titles.get("id") or alert.title)[:160]
    headline_en = str(titles.get("en") or "")[:160]
    values.update(
        event_type=EventType.FLOOD,
        severity=severity,
        urgency=urgency,
        certainty=certainty,
        headline_id=f"Peringatan banjir: {headline_id}"[:160],
        headline_en=f"Flood warning: {headline_en}"[:160] if headline_en else "",
        description_id=(
            f"{headline_id}. Tinggi muka air terpantau oleh sensor kota"
            f"{' (' + format(data['cm'], '.0f') + ' cm)' if _is_number(data.get('cm')) else ''}."
        ),
        description_en=(
            f"{headline_en}. The water level was measured by the city's sensors."
            if headline_en
            else ""
        ),
        instruction_id=(
            "Waspadai kenaikan air, amankan barang berharga dan dokumen, siapkan evakuasi ke "
            "tempat yang lebih tinggi, ikuti arahan petugas BPBD."
        ),
        instruction_en=(
            "Watch for rising water, move valuables and documents to safety, be ready to "
            "evacuate to higher ground, follow BPBD officers' directions."
        ),
        area_desc=ctx.region.name[:200],
    )
    station = str(data.get("station_name") or data.get("station") or "")
    raw_lat, raw_lng = data.get("lat"), data.get("lng")
    lat = float(raw_lat) if _is_number(raw_lat) else None
    lng = float(raw_lng) if _is_number(raw_lng) else None
    if lat is not None and lng is not None and ctx.region.contains(lat, lng):
        values.update(
            area_desc=(_("Around %(station)s") % {"station": station or ctx.region.name})[:200],
            area_kind=WarningArea.CIRCLE,
            circle_lat=f"{lat:.5f}",
            circle_lng=f"{lng:.5f}",
            circle_km="2",
        )
    return values


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


# ---------------------------------------------------------------- writing


def new_identifier(region: Region, now: dt.datetime) -> str:
    code = region.code.replace(".", "")
    return f"KC-{code}-{wib(now):%Y%m%d%H%M%S}-{secrets.token_hex(3)}"


def sender_of(ctx: Ctx) -> str:
    own = str(getattr(ctx.config, "cap_sender", "") or "")
    return own or f"bpbd@{ctx.region.slug}.kotacerdas.id"


def sender_name_of(ctx: Ctx) -> str:
    agency = issuing_agency(ctx)
    return agency.name if agency is not None else f"BPBD {ctx.region.name}"


def _fill(row: Warning, draft: Draft) -> None:
    for name in (
        "event_type",
        "severity",
        "urgency",
        "certainty",
        *LIMITS,
        "area_kind",
        "onset",
        "expires",
    ):
        setattr(row, name, getattr(draft, name))
    row.polygon = draft.polygon if draft.area_kind == WarningArea.POLYGON else []
    circle = draft.area_kind == WarningArea.CIRCLE
    row.circle_lat = draft.circle_lat if circle else None
    row.circle_lng = draft.circle_lng if circle else None
    row.circle_km = draft.circle_km if circle else None


def _current_of_thread(ctx: Ctx, previous: Warning) -> Warning:
    """The message an Update or Cancel replaces: the chain's latest published one."""
    rows = Warning.objects.scoped(ctx.scope, Action.CHANGE).select_for_update()
    latest = rows.filter(
        region_id=ctx.region_id,
        thread=previous.thread,
        status=WarningStatus.ACTUAL,
        superseded_at__isnull=True,
    ).first()
    if latest is None or latest.msg_type == MsgType.CANCEL:
        raise WarningInvalid({"previous": _("This warning was already cancelled.")})
    return latest


def save_draft(
    ctx: Ctx,
    draft: Draft,
    *,
    existing: Warning | None = None,
    previous: Warning | None = None,
    source_alert_id: int | None = None,
) -> Warning:
    """Keep a warning unpublished (not public, not in the feed)."""
    _require(ctx)
    now = timezone.now()
    with transaction.atomic():
        if existing is not None:
            row = _draft_row(ctx, existing.pk)
        else:
            row = Warning(
                region=ctx.region,
                identifier=f"draft-{secrets.token_hex(8)}",
                thread="",
                previous=previous,
                msg_type=MsgType.UPDATE if previous is not None else MsgType.ALERT,
                source_alert_id=source_alert_id,
                created_at=now,
            )
        _fill(row, draft)
        row.status = WarningStatus.DRAFT
        row.issued_by_id = ctx.user_id
        row.sender, row.sender_name = sender_of(ctx), sender_name_of(ctx)
        if existing is None:
            Warning.objects.scoped(ctx.scope, Action.CHANGE).bulk_create([row])
            row = Warning.objects.scoped(ctx.scope, Action.CHANGE).get(identifier=row.identifier)
        else:
            row.save()
    return row


def _draft_row(ctx: Ctx, pk: int) -> Warning:
    row = (
        Warning.objects.scoped(ctx.scope, Action.CHANGE)
        .select_for_update()
        .filter(region_id=ctx.region_id, pk=pk, status=WarningStatus.DRAFT)
        .first()
    )
    if row is None:
        raise WarningInvalid({"previous": _("This draft was already published or removed.")})
    return row


def publish_warning(
    ctx: Ctx,
    draft: Draft,
    *,
    existing: Warning | None = None,
    previous: Warning | None = None,
    source_alert_id: int | None = None,
    now: dt.datetime | None = None,
) -> Warning:
    """Publish an Alert (or, with ``previous``, an Update of its chain): the row, the
    public core alert, the event and the audit entry, all in one transaction."""
    _require(ctx)
    now = now or timezone.now()
    with transaction.atomic():
        if existing is not None:
            row = _draft_row(ctx, existing.pk)
            previous = row.previous
            source_alert_id = row.source_alert_id
        else:
            row = Warning(region=ctx.region, created_at=now, source_alert_id=source_alert_id)
        replaced = _current_of_thread(ctx, previous) if previous is not None else None
        _fill(row, draft)
        row.identifier = new_identifier(ctx.region, now)
        row.thread = replaced.thread if replaced is not None else row.identifier
        row.previous = replaced
        row.msg_type = MsgType.UPDATE if replaced is not None else MsgType.ALERT
        _send(ctx, row, now)
        if replaced is not None:
            replaced.superseded_at = now
            replaced.save(update_fields=["superseded_at", "updated_at"])
        _announce(ctx, row)
    return row


def cancel_warning(ctx: Ctx, previous: Warning, reason: str) -> Warning:
    """Publish a Cancel of ``previous``'s chain (CAP msgType Cancel) and clear its alert."""
    _require(ctx)
    reason = reason.strip()
    if not reason:
        raise WarningInvalid({"note": _("Say why the warning is cancelled.")})
    if LINE_CONTROL.search(reason):
        raise WarningInvalid({"note": _("Remove the control characters or line breaks.")})
    if len(reason) > LIMITS["note"]:
        raise WarningInvalid(
            {"note": _("This field is longer than %(n)d characters.") % {"n": LIMITS["note"]}}
        )
    now = timezone.now()
    with transaction.atomic():
        replaced = _current_of_thread(ctx, previous)
        row = Warning(region=ctx.region, created_at=now)
        for name in (
            "event_type",
            "severity",
            "urgency",
            "certainty",
            *LIMITS,
            "area_kind",
            "polygon",
            "circle_lat",
            "circle_lng",
            "circle_km",
            "onset",
            "source_alert_id",
        ):
            setattr(row, name, getattr(replaced, name))
        row.note = reason
        row.expires = now + CANCEL_VISIBLE
        row.identifier = new_identifier(ctx.region, now)
        row.thread = replaced.thread
        row.previous = replaced
        row.msg_type = MsgType.CANCEL
        _send(ctx, row, now)
        replaced.superseded_at = now
        replaced.save(update_fields=["superseded_at", "updated_at"])
        _announce(ctx, row)
    return row


def _send(ctx: Ctx, row: Warning, now: dt.datetime) -> None:
    row.status = WarningStatus.ACTUAL
    row.sent_at = now
    row.superseded_at = None
    row.issued_by_id = ctx.user_id
    row.sender, row.sender_name = sender_of(ctx), sender_name_of(ctx)
    if row.pk is None:
        Warning.objects.scoped(ctx.scope, Action.CHANGE).bulk_create([row])
        row.pk = (
            Warning.objects.scoped(ctx.scope)
            .values_list("pk", flat=True)
            .get(identifier=row.identifier)
        )
    else:
        row.save()


def condition_of(row: Warning) -> str:
    return f"warning:{row.thread}"


def public_url(region: Region) -> str:
    return reverse("darurat_112:warnings", args=[region.slug])


def _announce(ctx: Ctx, row: Warning) -> None:
    """The public core alert (raised, updated or cleared), the event, the audit entry."""
    region = ctx.region
    if row.msg_type == MsgType.CANCEL:
        clear_alert(region, APP_KEY, condition_of(row))
    else:
        data: dict[str, Any] = {
            "titles": {"id": row.headline_id, "en": row.headline_en or row.headline_id},
            "details": {"id": row.area_desc, "en": row.area_desc},
            "warning": row.identifier,
            "event": row.event_type,
            "cap_severity": row.severity,
            "expires": row.expires.isoformat(),
            "url": public_url(region),
        }
        level = SEVERITY_LEVEL.get(row.severity)
        if row.event_type == EventType.FLOOD and level:
            data["level"] = level
        raise_alert(
            region,
            APP_KEY,
            condition_of(row),
            CORE_SEVERITY[CapSeverity(row.severity)],
            row.headline_id,
            detail=row.area_desc,
            public=True,
            data=data,
        )
    publish(
        region,
        APP_KEY,
        "warning.published",
        {
            "identifier": row.identifier,
            "msg_type": row.msg_type,
            "event": row.event_type,
            "severity": row.severity,
            "headline": {"id": row.headline_id, "en": row.headline_en},
            "area": row.area_desc,
            "expires": row.expires.isoformat(),
        },
        public=True,
    )
    audit.record(
        "warning.published",
        region=region.pk,
        actor_id=ctx.user_id,
        app_key=APP_KEY,
        target=row.identifier,
        detail={"msg_type": row.msg_type, "thread": row.thread, "severity": row.severity},
    )


def expire_warnings(ctx: Ctx, now: dt.datetime | None = None) -> int:
    """The periodic job: clear the core alert of each chain whose latest message expired."""
    now = now or timezone.now()
    done = 0
    rows = Warning.objects.scoped(ctx.scope).filter(
        region_id=ctx.region_id,
        status=WarningStatus.ACTUAL,
        superseded_at__isnull=True,
        expires__lte=now,
    )
    for row in rows.exclude(msg_type=MsgType.CANCEL):
        if clear_alert(ctx.region, APP_KEY, condition_of(row)) is not None:
            done += 1
    return done


# ---------------------------------------------------------------- reading


def published(region: Region) -> QuerySet[Warning]:
    return Warning.objects.scoped(Scope.public()).filter(
        region_id=region.pk, status=WarningStatus.ACTUAL
    )


def current(region: Region, now: dt.datetime | None = None) -> QuerySet[Warning]:
    """Warnings in force: published, not replaced, not cancelled, not expired."""
    now = now or timezone.now()
    return (
        published(region)
        .filter(superseded_at__isnull=True, expires__gt=now)
        .exclude(msg_type=MsgType.CANCEL)
        .order_by("-sent_at")
    )


def feed(region: Region, now: dt.datetime | None = None) -> QuerySet[Warning]:
    """The feed: warnings in force and the cancels of the last day."""
    now = now or timezone.now()
    return (
        published(region).filter(superseded_at__isnull=True, expires__gt=now).order_by("-sent_at")
    )


def references(row: Warning) -> list[Warning]:
    """Every earlier message of the chain, oldest first (CAP ``references``)."""
    if row.previous_id is None:
        return []
    return list(
        published(row.region)
        .filter(thread=row.thread, sent_at__lt=row.sent_at)
        .exclude(pk=row.pk)
        .order_by("sent_at")
    )


def staff_list(ctx: Ctx) -> QuerySet[Warning]:
    return Warning.objects.scoped(ctx.scope).filter(region_id=ctx.region_id)


def event_name(event_type: str, language: str) -> str:
    names = EVENT_NAMES.get(EventType(event_type)) if event_type in EventType.values else None
    names = names or EVENT_NAMES[EventType.OTHER]
    return names["en"] if language == "en" else names["id"]


# ---------------------------------------------------------------- demo


def seed_demo_warnings(region: Region) -> None:
    """A flood warning (Siaga) for the demo region, published once (idempotent)."""
    scope = Scope.region_system(region.pk, SYSTEM)
    if Warning.objects.scoped(scope).filter(region=region).exists():
        return
    installation = (
        AppInstallation.objects.unscoped(SYSTEM).filter(region=region, app_key=APP_KEY).first()
    )
    if installation is None:
        return
    ctx: Ctx = AppContext(APP_KEY, region, installation, object(), scope, Access.ADMIN)
    now = timezone.now().replace(microsecond=0)
    lat, lng = region.centre_lat, region.centre_lng
    draft = Draft(
        event_type=EventType.FLOOD,
        severity=CapSeverity.SEVERE,
        urgency=CapUrgency.EXPECTED,
        certainty=CapCertainty.LIKELY,
        headline_id=f"Peringatan banjir Siaga di {region.name}",
        headline_en=f"Flood warning (Siaga) in {region.name}",
        description_id=(
            "Hujan lebat sejak sore dan tinggi muka air sungai naik ke status Siaga. "
            "Genangan diperkirakan di permukiman dekat sungai."
        ),
        description_en=(
            "Heavy rain since the afternoon has raised the river to Siaga level. "
            "Flooding is expected in neighbourhoods near the river."
        ),
        instruction_id="Amankan barang berharga, siapkan evakuasi, ikuti arahan petugas BPBD.",
        instruction_en="Move valuables to safety, be ready to evacuate, follow BPBD officers.",
        area_desc=f"Sekitar pusat {region.name}",
        onset=now,
        expires=now + dt.timedelta(hours=12),
        area_kind=WarningArea.CIRCLE,
        circle_lat=lat,
        circle_lng=lng,
        circle_km=3.0,
    )
    publish_warning(ctx, draft, now=now)
