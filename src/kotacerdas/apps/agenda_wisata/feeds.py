"""iCalendar (RFC 5545), schema.org JSON-LD and Atom, built from the same rows the pages show.

Times are written with TZID=Asia/Jakarta and a VTIMEZONE; a weekly event is one VEVENT with
an RRULE (BYDAY, UNTIL or COUNT) and an EXDATE per cancelled date; a cancelled event says
STATUS:CANCELLED; SEQUENCE is bumped on every change; the UID never changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.utils.feedgenerator import Atom1Feed
from icalendar import Calendar
from icalendar import Event as VEvent

from kotacerdas.apps.agenda_wisata.models import Destination, Event, Status
from kotacerdas.apps.agenda_wisata.services.recurrence import WIB

if TYPE_CHECKING:
    from kotacerdas.core.models import Region

BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ICS_STATUS = {
    Status.SCHEDULED: "CONFIRMED",
    Status.POSTPONED: "TENTATIVE",
    Status.CANCELLED: "CANCELLED",
}
LD_STATUS = {
    Status.SCHEDULED: "https://schema.org/EventScheduled",
    Status.POSTPONED: "https://schema.org/EventPostponed",
    Status.CANCELLED: "https://schema.org/EventCancelled",
}
UTC = dt.UTC


def _clean(text: str) -> str:
    # iCalendar text may not carry control characters (folding and escaping are the library's).
    return "".join(ch for ch in text if ch in "\n\t" or ord(ch) >= 32)


def vevent(event: Event, url: str, region: Region) -> VEvent:
    ve = VEvent()
    ve.add("uid", f"{event.uid}@kotacerdas")
    ve.add("dtstamp", event.updated_at.astimezone(UTC))
    ve.add("created", event.created_at.astimezone(UTC))
    ve.add("last-modified", event.updated_at.astimezone(UTC))
    ve.add("sequence", event.sequence)
    ve.add("summary", _clean(event.title))
    if event.description:
        ve.add("description", _clean(event.description))
    ve.add("location", _clean(f"{event.place_name}, {region.name}"))
    ve.add("geo", (event.lat, event.lng))
    ve.add("categories", [event.category])
    ve.add("status", ICS_STATUS[Status(event.status)])
    ve.add("url", url)
    ve.add(
        "organizer",
        f"urn:kotacerdas:agency:{region.code}:{event.organiser.slug}",
        parameters={"CN": _clean(event.organiser.name)},
    )
    start = event.starts_at.astimezone(WIB)
    ve.add("dtstart", start)
    ve.add("dtend", event.ends_at.astimezone(WIB))
    if event.weekdays:
        rule: dict[str, Any] = {
            "freq": "weekly",
            "byday": [BYDAY[d] for d in sorted(event.weekdays)],
        }
        if event.repeat_until:
            last = dt.datetime.combine(event.repeat_until, dt.time(23, 59, 59), WIB)
            rule["until"] = last.astimezone(UTC)
        elif event.repeat_count:
            rule["count"] = event.repeat_count
        ve.add("rrule", rule)
        if event.cancelled_dates:
            ve.add(
                "exdate",
                [
                    dt.datetime.combine(dt.date.fromisoformat(d), start.timetz())
                    for d in event.cancelled_dates
                ],
            )
    return ve


def calendar(
    name: str, region: Region, rows: Iterable[Event], url_of: Callable[[Event], str]
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//kotacerdas//Agenda & Wisata//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _clean(name))
    cal.add("x-wr-timezone", "Asia/Jakarta")
    for event in rows:
        cal.add_component(vevent(event, url_of(event), region))
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def _place(name: str, lat: float, lng: float, region: Region, address: str = "") -> dict[str, Any]:
    place: dict[str, Any] = {
        "@type": "Place",
        "name": name,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": region.name,
            "addressRegion": "Jawa Tengah",
            "addressCountry": "ID",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": lat, "longitude": lng},
    }
    if address:
        place["address"]["streetAddress"] = address
    return place


def event_jsonld(
    event: Event, url: str, image: str, region: Region, next_start: dt.datetime | None
) -> dict[str, Any]:
    start = event.starts_at.astimezone(WIB)
    end = event.ends_at.astimezone(WIB)
    if next_start is not None and event.weekdays:
        end = next_start + (end - start)
        start = next_start
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.label,
        "description": event.text or event.label,
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "eventStatus": LD_STATUS[Status(event.status)],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": _place(event.place_name, event.lat, event.lng, region),
        "organizer": {"@type": "GovernmentOrganization", "name": event.organiser.name},
        "isAccessibleForFree": event.is_free,
        "offers": {
            "@type": "Offer",
            "price": str(0 if event.is_free else event.price or 0),
            "priceCurrency": "IDR",
            "availability": "https://schema.org/InStock",
            "url": url,
            "validFrom": event.created_at.astimezone(WIB).isoformat(),
        },
        "url": url,
    }
    if image:
        data["image"] = [image]
    if event.weekdays:
        first = event.starts_at.astimezone(WIB)
        schedule: dict[str, Any] = {
            "@type": "Schedule",
            "repeatFrequency": "P1W",
            "byDay": [f"https://schema.org/{DAYS[d]}" for d in sorted(event.weekdays)],
            "startDate": first.date().isoformat(),
            "startTime": first.strftime("%H:%M"),
            "endTime": event.ends_at.astimezone(WIB).strftime("%H:%M"),
            "scheduleTimezone": "Asia/Jakarta",
        }
        if event.repeat_until:
            schedule["endDate"] = event.repeat_until.isoformat()
        if event.repeat_count:
            schedule["repeatCount"] = event.repeat_count
        if event.cancelled_dates:
            schedule["exceptDate"] = list(event.cancelled_dates)
        data["eventSchedule"] = schedule
    return data


def destination_jsonld(place: Destination, url: str, image: str, region: Region) -> dict[str, Any]:
    hours = []
    for i, span in enumerate(place.hours or []):
        if span:
            opens, closes = span.split("-")
            hours.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": f"https://schema.org/{DAYS[i]}",
                    "opens": opens,
                    "closes": closes,
                }
            )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "TouristAttraction",
        "name": place.name,
        "description": place.text or place.name,
        "url": url,
        "address": _place(place.name, place.lat, place.lng, region, place.address)["address"],
        "geo": {"@type": "GeoCoordinates", "latitude": place.lat, "longitude": place.lng},
        "openingHoursSpecification": hours,
        "isAccessibleForFree": not (place.ticket_weekday or place.ticket_weekend),
        "publicAccess": True,
        "amenityFeature": [
            {"@type": "LocationFeatureSpecification", "name": f, "value": True}
            for f in place.facilities
        ]
        + [
            {
                "@type": "LocationFeatureSpecification",
                "name": "wheelchair accessible",
                "value": place.wheelchair,
            }
        ],
    }
    if image:
        data["image"] = [image]
    return data


def atom(
    title: str, link: str, feed_url: str, rows: Iterable[tuple[Event, str]], language: str
) -> str:
    feed = Atom1Feed(
        title=title, link=link, description=title, feed_url=feed_url, language=language
    )
    for event, url in rows:
        start = event.starts_at.astimezone(WIB)
        feed.add_item(
            title=_clean(event.label),
            link=url,
            description=_clean(f"{start:%Y-%m-%d %H:%M} WIB · {event.place_name}. {event.text}"),
            unique_id=f"urn:uuid:{event.uid}",
            pubdate=event.created_at,
            updateddate=event.updated_at,
            categories=[event.category],
        )
    return feed.writeString("utf-8")
