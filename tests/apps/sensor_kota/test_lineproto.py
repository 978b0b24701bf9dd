"""InfluxDB v2 line protocol at /influx/api/v2/write, as Telegraf's influxdb_v2 output sends it."""

from __future__ import annotations

import gzip
import time

import pytest
from django.test import Client

from kotacerdas.apps.sensor_kota import store
from kotacerdas.apps.sensor_kota.ingest.lineproto import LineError, parse_line

from .conftest import World

NOW_NS = (int(time.time()) - 300) * 1_000_000_000
URL = "/influx/api/v2/write?org=kotacerdas&bucket=sensors"


def write(
    world: World, body: bytes, url: str = URL, key: str | None = None, **extra: str
) -> object:
    headers = {"HTTP_AUTHORIZATION": f"Token {key or world.key}"}
    return Client().post(url, body, content_type="text/plain; charset=utf-8", **headers, **extra)


def test_station_tag_maps_fields_named_after_quantities(world: World) -> None:
    body = f"air,station=udara,host=logger-1 pm25=31.5,pm10=48i {NOW_NS}\n".encode()
    response = write(world, body)
    assert response.status_code == 204
    latest = store.latest([world.pm25.pk, world.pm10.pk])
    assert latest[world.pm25.pk] == (NOW_NS // 1_000_000, 31.5)
    assert latest[world.pm10.pk][1] == 48.0


def test_sensor_tag_maps_the_value_field(world: World) -> None:
    body = f"river,sensor={world.level.code} value=77 {NOW_NS}".encode()
    assert write(world, body).status_code == 204
    assert store.latest([world.level.pk])[world.level.pk][1] == 77.0


def test_gzip_bodies_and_precision_are_understood(world: World) -> None:
    seconds = NOW_NS // 1_000_000_000
    body = gzip.compress(f"river,sensor={world.level.code} value=12.5 {seconds}\n".encode())
    response = write(world, body, URL + "&precision=s", HTTP_CONTENT_ENCODING="gzip")
    assert response.status_code == 204
    assert store.latest([world.level.pk])[world.level.pk] == (seconds * 1000, 12.5)


def test_a_bad_line_is_named_and_nothing_is_stored(world: World) -> None:
    body = (
        f"river,sensor={world.level.code} value=10 {NOW_NS}\n"
        f"river,sensor={world.level.code} value= {NOW_NS}\n"
    ).encode()
    response = write(world, body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["message"].startswith("line 2:")
    assert store.latest([world.level.pk]) == {}


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("river value=1", "'sensor' or a 'station' tag"),
        ("river,station=udara co=1", "no 'co' sensor"),
        ("river,sensor=nope value=1", "unknown sensor"),
        ("river,station=sungai water_level=NaN", "not finite"),
        ('river,station=sungai water_level="high"', "not a number"),
        ("river,station=sungai water_level=1 99999999999999999999", "future"),
    ],
)
def test_unmappable_or_bad_lines_are_rejected(world: World, line: str, fragment: str) -> None:
    response = write(world, line.encode())
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_revoked_or_missing_token_gets_401_in_influx_shape(world: World) -> None:
    response = write(world, b"river,station=sungai water_level=1", key="kc_wrong")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_escaped_tags_parse_and_quoted_strings_keep_their_spaces() -> None:
    tags, fields, ts = parse_line(r"my\ river,station=a\,b,note=x\ y level=3 5", 1.0, 0)
    assert (tags, fields, ts) == ({"station": "a,b", "note": "x y"}, [("level", 3.0)], 5)
    with pytest.raises(LineError, match="field 'memo'"):
        parse_line('river,station=a level=3,memo="a b" 5', 1.0, 0)
    with pytest.raises(LineError):
        parse_line("just-a-measurement", 1.0, 0)
