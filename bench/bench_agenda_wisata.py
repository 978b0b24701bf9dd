"""Agenda & Wisata: the citizen's pages, the iCalendar feed, and the demo seed.

In-process (Django's test client, no HTTP), SQLite in a fresh data folder, the seeded demo
plus 400 extra weekly events in Semarang (each with a cancelled date), warm (one request
first), p95 of repeated requests. The seed figure is the app's own ``seed_demo`` on the six
demo regions, first run (rows created) and a re-run (nothing to do).
"""

from __future__ import annotations

import datetime as dt
import time

from bench.harness import Result, percentile, setup_django


def _p95(client: object, url: str, n: int = 15) -> float:
    get = client.get  # type: ignore[attr-defined]
    assert get(url).status_code == 200, url
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return percentile(samples, 95)


def run() -> list[Result]:
    setup_django()
    from django.test import Client

    from kotacerdas.apps.agenda_wisata.models import Event
    from kotacerdas.apps.agenda_wisata.services.recurrence import WIB
    from kotacerdas.contract import all_apps
    from kotacerdas.core.models import Agency, Region
    from kotacerdas.core.tenancy import Action, Scope
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    app = next(a for a in all_apps() if a.key == "agenda-wisata")
    regions = list(Region.objects.all())
    # The platform's demo already ran the app's seed once: measure a re-run, then a first
    # run after removing the app's rows.
    start = time.perf_counter()
    app.seed_demo(regions)
    rerun = (time.perf_counter() - start) * 1000
    for region in regions:
        Event.objects.scoped(Scope.region_system(region.pk, "bench"), Action.CHANGE).filter(
            region=region
        ).delete()
    start = time.perf_counter()
    app.seed_demo(regions)
    events_seed = (time.perf_counter() - start) * 1000

    semarang = Region.objects.get(slug="semarang")
    scope = Scope.region_system(semarang.pk, "bench")
    agency = Agency.objects.scoped(scope).get(region=semarang, slug="disbudpar")
    first = dt.datetime.now(WIB).replace(hour=7, minute=0, second=0, microsecond=0)
    Event.objects.scoped(scope, Action.CHANGE).bulk_create(
        Event(
            region=semarang,
            title=f"Acara mingguan {i}",
            category="budaya",
            starts_at=first + dt.timedelta(days=i % 7),
            ends_at=first + dt.timedelta(days=i % 7, hours=2),
            weekdays=[(first + dt.timedelta(days=i % 7)).weekday()],
            repeat_count=52,
            cancelled_dates=[(first + dt.timedelta(days=i % 7 + 14)).date().isoformat()],
            place_name="Simpang Lima",
            lat=-6.99,
            lng=110.42,
            organiser=agency,
        )
        for i in range(400)
    )
    client = Client()
    base = "/r/semarang/agenda-wisata/"
    weekend = _p95(client, base + "akhir-pekan/")
    listing = _p95(client, base)
    month = _p95(client, base + "kalender/")
    ics = _p95(client, base + "agenda.ics", 10)
    size = len(client.get(base + "agenda.ics").content)
    place = _p95(client, base + "wisata/lawang-sewu/")
    return [
        Result(
            "agenda-wisata: demo seed, 6 regions, first run",
            events_seed,
            "ms",
            "< 2000 ms",
            events_seed < 2000,
        ),
        Result("agenda-wisata: demo seed, re-run", rerun, "ms", "< 2000 ms", rerun < 2000),
        Result(
            "agenda-wisata: this weekend p95",
            weekend,
            "ms",
            "≤ 300 ms",
            weekend <= 300,
            "407 events, repeats expanded",
        ),
        Result(
            "agenda-wisata: events list (60 days) p95", listing, "ms", "≤ 500 ms", listing <= 500
        ),
        Result("agenda-wisata: month view p95", month, "ms", "≤ 500 ms", month <= 500),
        Result(
            "agenda-wisata: agenda.ics p95",
            ics,
            "ms",
            "≤ 1000 ms",
            ics <= 1000,
            f"{size // 1024} KiB, 407 VEVENTs",
        ),
        Result("agenda-wisata: destination page p95", place, "ms", "≤ 200 ms", place <= 200),
    ]
