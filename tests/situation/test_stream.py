"""Server-sent events: the frame format, resuming with Last-Event-ID, heartbeats, waking."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.db import connections, transaction

from kotacerdas.core.events import publish
from kotacerdas.core.models import Event
from kotacerdas.situation import stream as sse
from tests.conftest import Demo

URL = "/r/semarang/situation/events/"


def chunks(response: Any) -> Iterator[str]:
    assert response["Content-Type"].startswith("text/event-stream")
    for chunk in response.streaming_content:
        yield chunk.decode()


def parse(text: str) -> dict[str, Any]:
    lines = dict(line.split(": ", 1) for line in text.strip().split("\n"))
    return {"id": int(lines["id"]), "data": json.loads(lines["data"])}


def test_every_event_frame_carries_its_id(demo: Demo) -> None:
    event = publish(demo.semarang, "sensor-kota", "reading", {"value": 2.5, "text": "a\nb"})
    text = sse.frame(event)
    assert text.startswith(f"id: {event.pk}\ndata: ")
    assert text.endswith("\n\n") and text.count("\n") == 3  # one data line, even with "\n"
    frame = parse(text)
    assert frame["id"] == event.pk
    assert frame["data"]["kind"] == "reading"
    assert frame["data"]["app"] == "sensor-kota"
    assert frame["data"]["payload"] == {"value": 2.5, "text": "a\nb"}


def test_resume_with_last_event_id_loses_nothing(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    first = publish(demo.semarang, "sensor-kota", "reading", {"n": 1})
    stream = chunks(client.get(URL, {"after": first.pk - 1}))
    assert next(stream) == sse.RETRY_FRAME
    assert parse(next(stream))["id"] == first.pk
    stream.close()  # the connection drops …
    missed = [publish(demo.semarang, "sensor-kota", "reading", {"n": n}) for n in (2, 3)]
    publish(demo.kendal, "sensor-kota", "reading", {"n": "other region"})
    # … and the browser reconnects with the id of the last event it saw.
    again = chunks(client.get(URL, HTTP_LAST_EVENT_ID=str(first.pk)))
    assert next(again) == sse.RETRY_FRAME
    assert [parse(next(again))["id"] for _ in missed] == [e.pk for e in missed]
    again.close()


def test_without_an_id_only_new_events_are_sent(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sse, "HEARTBEAT", 0.05)
    publish(demo.semarang, "sensor-kota", "reading", {"old": True})
    stream = chunks(demo.client_for("admin-semarang").get(URL))
    assert next(stream) == sse.RETRY_FRAME
    assert next(stream) == sse.HEARTBEAT_FRAME  # nothing old replayed: a heartbeat comes first
    fresh = publish(demo.semarang, "sensor-kota", "reading", {"old": False})
    assert parse(next(stream))["id"] == fresh.pk
    stream.close()


def test_heartbeat_comment_keeps_an_idle_stream_open(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sse, "HEARTBEAT", 0.05)
    stream = chunks(demo.client_for("admin-semarang").get(URL))
    assert next(stream) == sse.RETRY_FRAME
    assert next(stream) == ": heartbeat\n\n"
    assert next(stream) == ": heartbeat\n\n"
    stream.close()


@pytest.mark.parametrize("bad", ["abc", "-3", "1.5"])
def test_a_malformed_last_event_id_is_refused_by_name(demo: Demo, bad: str) -> None:
    response = demo.client_for("admin-semarang").get(URL, HTTP_LAST_EVENT_ID=bad)
    assert response.status_code == 400
    assert "Last-Event-ID" in response.content.decode()


def test_province_stream_carries_every_readable_region(demo: Demo) -> None:
    kendal = publish(demo.kendal, "harga-pangan", "price", {"x": 1})
    semarang = publish(demo.semarang, "harga-pangan", "price", {"x": 2})
    response = demo.client_for("provinsi").get(
        "/province/33/situation/events/", {"after": kendal.pk - 1}
    )
    stream = chunks(response)
    next(stream)
    assert [parse(next(stream))["id"] for _ in range(2)] == [kendal.pk, semarang.pk]
    stream.close()


@pytest.mark.django_db(transaction=True)
def test_async_stream_is_woken_by_the_bus_not_by_polling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The ASGI stream waits on the process relay; with polling pushed out of reach, only a
    wake from publish() can deliver the event before the test's own time-out."""
    from kotacerdas.core.models import Region
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    semarang = Region.objects.get(slug="semarang")
    monkeypatch.setattr(sse, "POLL_SQLITE", 120.0)
    monkeypatch.setattr(sse, "HEARTBEAT", 120.0)
    cursor = sse.Cursor(frozenset({semarang.pk}), frozenset(), sse.newest_id())
    published: list[int] = []

    def later() -> None:
        published.append(publish(semarang, "sensor-kota", "reading", {"level": 3.1}).pk)

    async def first_event() -> str:
        events = sse.stream(cursor)
        assert await events.__anext__() == sse.RETRY_FRAME
        threading.Timer(0.3, later).start()
        try:
            return await asyncio.wait_for(events.__anext__(), timeout=20)
        finally:
            await events.aclose()
            # The stream read in asgiref's worker thread: close that thread's connection.
            await sync_to_async(connections.close_all)()

    # A loop of its own in a thread: another fixture (Playwright) may run one in this thread.
    with ThreadPoolExecutor(1) as pool:
        text = pool.submit(asyncio.run, first_event()).result()
    assert parse(text)["id"] == published[0]


def test_a_hole_in_the_ids_holds_the_stream_until_it_fills_or_settles(demo: Demo) -> None:
    """An id that is missing may belong to a transaction that has not committed yet: the
    stream waits before it, and gives up on it (a rollback) only after SETTLE seconds."""
    first, hole, third = (
        publish(demo.semarang, "sensor-kota", "reading", {"n": n}) for n in (1, 2, 3)
    )
    Event.objects.unscoped("test").filter(pk=hole.pk).delete()  # not visible (yet)
    cursor = sse.Cursor(frozenset({demo.semarang.pk}), frozenset(), first.pk - 1)
    rows = Event.objects.unscoped("test")
    assert cursor.settled(rows, third.pk, now=100.0) == first.pk
    assert cursor.settled(rows, third.pk, now=100.0 + sse.SETTLE - 0.1) == first.pk
    assert cursor.settled(rows, third.pk, now=100.0 + sse.SETTLE) == third.pk
    assert cursor.holes == {}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_event_committed_late_is_not_skipped_on_postgresql() -> None:
    """Two writers: id N is still in flight when id N+1 commits. The stream must send N
    (once it commits) before N+1, not jump past it."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgresql://…)")
    from kotacerdas.core.models import Region
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    semarang = Region.objects.get(slug="semarang")
    cursor = sse.Cursor(frozenset({semarang.pk}), frozenset(), sse.newest_id())
    inserted, release = threading.Event(), threading.Event()
    slow: list[int] = []

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                slow.append(publish(semarang, "sensor-kota", "reading", {"slow": True}).pk)
                inserted.set()
                release.wait(20)
        finally:
            connections.close_all()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert inserted.wait(20)
    fast = publish(semarang, "sensor-kota", "reading", {"slow": False}).pk
    assert fast > slow[0]
    assert cursor.read() == []  # the fast event waits behind the one still in flight
    assert cursor.holding
    release.set()
    writer.join(20)
    assert [parse(text)["id"] for text in cursor.read()] == [slow[0], fast]
    assert not cursor.holding
