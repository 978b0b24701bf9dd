"""HTTP batch JSON ingestion and its bad-input answers; the all-or-nothing batch policy."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client, override_settings

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.services.keys import revoke_ingest_key
from kotacerdas.core.models import ApiKey
from kotacerdas.core.tenancy import Scope

from .conftest import World, disable

NOW = int(time.time())


def readings(world: World, n: int = 3) -> list[dict[str, object]]:
    return [{"sensor": world.level.code, "ts": NOW - 600 + i, "value": 40.0 + i} for i in range(n)]


def stored(sensor_id: int) -> int:
    return len(store.series([sensor_id], 0, (NOW + 3600) * 1000, "raw")[sensor_id])


def test_a_batch_is_stored_and_reported(world: World) -> None:
    response = world.post({"readings": readings(world, 5)})
    assert response.status_code == 200
    assert response.json() == {"received": 5, "stored": 5, "duplicates": 0}
    assert stored(world.level.pk) == 5


def test_sensors_by_id_or_code_and_timestamps_iso_or_epoch(world: World) -> None:
    iso = dt.datetime.fromtimestamp(NOW - 60, dt.timezone(dt.timedelta(hours=7))).isoformat()
    body = [
        {"sensor": world.level.pk, "ts": NOW - 120, "value": 41},
        {"sensor": world.level.code, "ts": iso, "value": 42.5},
        {"sensor": world.rain.code, "ts": NOW - 30.25, "value": 0},
    ]
    assert world.post(body).json()["stored"] == 3
    assert store.latest([world.level.pk])[world.level.pk] == ((NOW - 60) * 1000, 42.5)


def test_retrying_the_same_batch_never_double_counts(world: World) -> None:
    body = readings(world, 4)
    world.post(body)
    assert world.post(body).json() == {"received": 4, "stored": 0, "duplicates": 4}
    count = store.series([world.level.pk], 0, (NOW + 3600) * 1000, "day", "count")
    assert sum(v for _t, v in count[world.level.pk]) == 4


@pytest.mark.parametrize(
    "header", ["Authorization: Bearer {k}", "Authorization: Token {k}", "X-Api-Key: {k}"]
)
def test_the_key_travels_in_any_of_three_headers(world: World, header: str) -> None:
    name, value = header.format(k=world.key).split(": ")
    meta = {"HTTP_" + name.upper().replace("-", "_"): value}
    response = Client().post(
        "/api/apps/sensor-kota/ingest", readings(world), content_type="application/json", **meta
    )
    assert response.status_code == 200


def test_missing_unknown_or_revoked_keys_get_401(world: World) -> None:
    assert world.post(readings(world), key="").status_code == 401
    assert world.post(readings(world), key="kc_not-a-key").status_code == 401
    row = ApiKey.objects.unscoped("test").get(region=world.semarang, name="gateway")
    revoke_ingest_key(Scope.system("test"), world.semarang, row.pk)
    response = world.post(readings(world))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert stored(world.level.pk) == 0


def test_malformed_json_names_the_position(world: World) -> None:
    response = world.post(b'[{"sensor": "x", "ts": 1,, }]')
    assert response.status_code == 400
    assert "line 1, column" in response.json()["detail"]


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinite_json_literals_are_rejected(world: World, literal: bytes) -> None:
    body = b'[{"sensor": "%s", "ts": %d, "value": %s}]' % (world.level.code.encode(), NOW, literal)
    assert world.post(body).status_code == 400
    assert stored(world.level.pk) == 0


def test_a_value_too_large_for_a_float_is_rejected(world: World) -> None:
    body = b'[{"sensor": "%s", "ts": %d, "value": 1e999}]' % (world.level.code.encode(), NOW)
    assert world.post(body).status_code == 400


def test_one_bad_reading_rejects_the_whole_batch_and_each_is_named(world: World) -> None:
    body = [
        *readings(world, 3),
        {"sensor": "no-such-sensor", "ts": NOW, "value": 1},
        {"sensor": world.level.code, "ts": NOW + 3600, "value": 1},
        {"sensor": world.level.code, "ts": "yesterday", "value": 1},
        {"sensor": world.level.code, "ts": "2026-01-01T00:00:00", "value": 1},
        {"sensor": world.level.code, "ts": NOW, "value": "high"},
        {"sensor": world.level.code, "ts": NOW},
        {"sensor": world.pm25.code, "ts": NOW, "value": -5},
    ]
    response = world.post(body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [
        (3, "sensor"),
        (4, "ts"),
        (5, "ts"),
        (6, "ts"),
        (7, "value"),
        (8, "value"),
        (9, "value"),
    ]
    assert "future" in errors[1]["detail"]
    assert "offset" in errors[3]["detail"]
    assert stored(world.level.pk) == 0  # the three good readings were not stored either


@override_settings(SENSOR_KOTA_MAX_BODY_BYTES=1000)
def test_a_body_over_the_limit_gets_413(world: World) -> None:
    response = world.post(readings(world, 50))
    assert response.status_code == 413
    assert stored(world.level.pk) == 0


def test_only_post_is_allowed(world: World) -> None:
    assert Client().get("/api/apps/sensor-kota/ingest").status_code == 405
    keyed = Client().get("/api/apps/sensor-kota/ingest", HTTP_AUTHORIZATION=f"Bearer {world.key}")
    assert keyed.status_code == 405


def test_a_region_without_the_app_takes_no_readings(world: World) -> None:
    """The key is the region's, but the region turned the app off: 404 with a message."""
    disable(world.semarang)
    response = world.post(readings(world))
    assert response.status_code == 404
    assert "not enabled" in response.json()["detail"]
    assert stored(world.level.pk) == 0
