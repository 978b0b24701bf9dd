"""Probe cases of issue 13 for Sensor Kota: integers and timestamps of hundreds of digits
(line protocol and batch JSON) are a 400 naming the line or reading and the field, and the
batch API's ``Idempotency-Key``."""

from __future__ import annotations

import time

import orjson
import pytest
from django.test import Client

from kotacerdas.apps.sensor_kota import store
from kotacerdas.core.models import IdempotencyRecord

from .conftest import World

NOW = int(time.time()) - 300
NOW_NS = NOW * 1_000_000_000
INFLUX = "/influx/api/v2/write?org=kotacerdas&bucket=sensors"
DIGITS_400 = "9" * 400


def write(world: World, body: str, url: str = INFLUX, **extra: str) -> object:
    return Client().post(
        url,
        body.encode(),
        content_type="text/plain; charset=utf-8",
        HTTP_AUTHORIZATION=f"Token {world.key}",
        **extra,
    )


def stored(sensor_id: int) -> int:
    return len(store.series([sensor_id], 0, (NOW + 3600) * 1000, "raw")[sensor_id])


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (f"river,station=sungai water_level={DIGITS_400}i {{ts}}", "water_level"),
        (f"river,station=sungai water_level=-{DIGITS_400}i {{ts}}", "water_level"),
        (f"river,station=sungai water_level={DIGITS_400}u {{ts}}", "water_level"),
        ("river,station=sungai water_level=-1u {ts}", "water_level"),
        ("river,station=sungai water_level=9223372036854775808i {ts}", "water_level"),
        (f"river,station=sungai water_level={DIGITS_400}.5 {{ts}}", "water_level"),
        (f"river,station=sungai water_level=1 {DIGITS_400}", "timestamp"),
        (f"river,station=sungai water_level=1 -{DIGITS_400}", "timestamp"),
        ("river,station=sungai water_level=1 ١٢٣", "timestamp"),
        ("river,station=sungai water_level=1e400 {ts}", "water_level"),
    ],
)
def test_huge_numbers_in_a_line_name_line_and_field(world: World, line: str, field: str) -> None:
    body = f"river,station=sungai water_level=10 {NOW_NS}\n" + line.format(ts=NOW_NS) + "\n"
    response = write(world, body)
    assert response.status_code == 400
    answer = response.json()  # type: ignore[attr-defined]
    assert answer["code"] == "invalid"
    assert answer["line"] == 2 and answer["field"] == field
    assert answer["message"].startswith("line 2:")
    assert stored(world.level.pk) == 0  # all or nothing: line 1 was not stored either


def test_a_nul_in_a_line_is_refused_by_the_parser(world: World) -> None:
    response = write(world, f"river,station=sun\x00gai water_level=1 {NOW_NS}\n")
    assert response.status_code == 400
    assert response.json()["line"] == 1  # type: ignore[attr-defined]


def test_line_protocol_sent_as_a_form_is_still_read_by_its_parser(world: World) -> None:
    """curl --data-binary sends application/x-www-form-urlencoded: the edge must not parse
    the ingest body as a form (nor refuse what looks like a control character in it)."""
    response = Client().post(
        INFLUX,
        f"river,station=sungai water_level=12 {NOW_NS}\n".encode(),
        content_type="application/x-www-form-urlencoded",
        HTTP_AUTHORIZATION=f"Token {world.key}",
    )
    assert response.status_code == 204
    assert stored(world.level.pk) == 1


def test_a_400_digit_number_in_batch_json_is_a_400(world: World) -> None:
    body = b'[{"sensor": "%s", "ts": %d, "value": %s}]' % (
        world.level.code.encode(),
        NOW,
        DIGITS_400.encode(),
    )
    response = world.post(body)
    assert response.status_code == 400
    answer = response.json()  # type: ignore[attr-defined]
    assert answer["field"] == "body" and "column" in answer["detail"]
    assert stored(world.level.pk) == 0


@pytest.mark.parametrize(
    "ts", [1e308, -1e308, 1.7976931348623157e308, 10**18, "9999-12-31T23:59:59-23:59"]
)
def test_a_huge_timestamp_in_batch_json_names_reading_and_field(world: World, ts: object) -> None:
    body = [
        {"sensor": world.level.code, "ts": NOW, "value": 1},
        {"sensor": world.level.code, "ts": ts, "value": 1},
    ]
    response = world.post(body)
    assert response.status_code == 400
    answer = response.json()  # type: ignore[attr-defined]
    assert answer["errors"][0]["index"] == 1
    assert answer["field"] == "ts"
    assert stored(world.level.pk) == 0


def test_a_huge_value_in_batch_json_names_its_field(world: World) -> None:
    response = world.post([{"sensor": world.level.code, "ts": NOW, "value": 1.5e308}])
    assert response.status_code == 400
    assert response.json()["field"] == "value"  # type: ignore[attr-defined]


# ---- Idempotency-Key -------------------------------------------------------------------


def readings(world: World, n: int = 3, value: float = 40.0) -> list[dict[str, object]]:
    return [{"sensor": world.level.code, "ts": NOW - 600 + i, "value": value + i} for i in range(n)]


def test_a_retried_batch_answers_the_first_result(world: World) -> None:
    first = world.post(readings(world), HTTP_IDEMPOTENCY_KEY="batch-0001")
    assert first.json() == {"received": 3, "stored": 3, "duplicates": 0}  # type: ignore[attr-defined]
    again = world.post(readings(world), HTTP_IDEMPOTENCY_KEY="batch-0001")
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert again.json() == {"received": 3, "stored": 3, "duplicates": 0}  # type: ignore[attr-defined]
    assert again["Idempotent-Replayed"] == "true"  # type: ignore[index]
    assert stored(world.level.pk) == 3
    # Without the key a resend is stored as duplicates, as before.
    plain = world.post(readings(world))
    assert plain.json()["duplicates"] == 3  # type: ignore[attr-defined]


def test_the_same_key_with_another_batch_is_a_422(world: World) -> None:
    world.post(readings(world), HTTP_IDEMPOTENCY_KEY="batch-0002")
    response = world.post(readings(world, value=50), HTTP_IDEMPOTENCY_KEY="batch-0002")
    assert response.status_code == 422  # type: ignore[attr-defined]
    answer = response.json()  # type: ignore[attr-defined]
    assert answer["field"] == "Idempotency-Key" and "another request" in answer["detail"]
    assert stored(world.level.pk) == 3


def test_a_refused_batch_is_answered_again_the_same(world: World) -> None:
    bad = [{"sensor": "nowhere", "ts": NOW, "value": 1}]
    first = world.post(bad, HTTP_IDEMPOTENCY_KEY="batch-0003")
    again = world.post(bad, HTTP_IDEMPOTENCY_KEY="batch-0003")
    assert first.status_code == again.status_code == 400  # type: ignore[attr-defined]
    assert first.content == again.content  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", ["", "x" * 201, "é", "a\tb"])
def test_an_invalid_idempotency_key_is_a_400(world: World, value: str) -> None:
    response = world.post(readings(world), HTTP_IDEMPOTENCY_KEY=value)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json()["field"] == "Idempotency-Key"  # type: ignore[attr-defined]
    assert stored(world.level.pk) == 0


def test_keys_of_two_clients_do_not_meet(world: World) -> None:
    world.post(readings(world), HTTP_IDEMPOTENCY_KEY="same")
    body = [{"sensor": world.kendal_level.code, "ts": NOW, "value": 10}]
    other = world.post(body, key=world.kendal_key, HTTP_IDEMPOTENCY_KEY="same")
    assert other.json()["stored"] == 1  # type: ignore[attr-defined]
    assert IdempotencyRecord.objects.unscoped("test").count() == 2


def test_a_server_error_releases_the_key(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from kotacerdas.apps.sensor_kota.views import ingest

    def boom(*args: object) -> object:
        raise RuntimeError("store down")

    monkeypatch.setattr(ingest, "store_rows", boom)
    with pytest.raises(RuntimeError):
        world.post(readings(world), HTTP_IDEMPOTENCY_KEY="batch-0004")
    assert not IdempotencyRecord.objects.unscoped("test").exists()
    monkeypatch.undo()
    retry = world.post(readings(world), HTTP_IDEMPOTENCY_KEY="batch-0004")
    assert retry.json()["stored"] == 3  # type: ignore[attr-defined]


def test_gzip_and_plain_bodies_of_the_same_batch_are_the_same_request(world: World) -> None:
    import gzip

    raw = orjson.dumps(readings(world))
    world.post(raw, HTTP_IDEMPOTENCY_KEY="batch-0005")
    again = world.post(
        gzip.compress(raw), HTTP_IDEMPOTENCY_KEY="batch-0005", HTTP_CONTENT_ENCODING="gzip"
    )
    assert again["Idempotent-Replayed"] == "true"  # type: ignore[index]
