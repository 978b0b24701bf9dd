"""Two server processes on PostgreSQL: an event published through one reaches a browser
connected to the other (LISTEN/NOTIFY), and the test process's own events reach it too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from kotacerdas.core.alerts import raise_alert
from kotacerdas.core.events import publish
from kotacerdas.core.models import AlertRecord
from tests.conftest import Demo, skip_or_fail
from tests.situation.servers import SSEClient, cookies, database_url, post, uvicorn_server

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_event_through_one_server_reaches_a_stream_on_the_other(demo: Demo, tmp_path: Path) -> None:
    if not os.environ.get("KOTACERDAS_TEST_DATABASE_URL"):
        skip_or_fail("set KOTACERDAS_TEST_DATABASE_URL to run the two-server PostgreSQL test")
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite (DATABASE_URL=postgresql://…)")
    client = Client()
    client.force_login(demo.user("dpu-semarang"))
    session = client.cookies["sessionid"].value
    alert, _ = raise_alert(
        demo.semarang, "sensor-kota", "flood:banjir-kanal", "critical", "Banjir Kanal Barat: Awas"
    )
    after = publish(demo.semarang, "test", "mark", {}).pk
    url = database_url(connection.settings_dict)
    with uvicorn_server(url, tmp_path) as server_a, uvicorn_server(url, tmp_path) as server_b:
        stream = SSEClient(
            server_b,
            f"/r/semarang/situation/events/?after={after}",
            {"Cookie": cookies(session), "Accept": "text/event-stream"},
        )
        try:
            status = post(
                server_a, f"/r/semarang/situation/alerts/{alert.pk}/acknowledge/", session
            )
            assert status == 200
            event = stream.next_event()
            assert event["data"]["kind"] == "alert.acknowledged"
            assert event["data"]["payload"]["id"] == alert.pk
            # And from a third process (this test), straight through NOTIFY.
            reading = publish(demo.semarang, "sensor-kota", "reading", {"level": 4.2})
            assert stream.next_event()["id"] == reading.pk
        finally:
            stream.close()
    assert AlertRecord.objects.unscoped("test").get(pk=alert.pk).state == "acknowledged"
