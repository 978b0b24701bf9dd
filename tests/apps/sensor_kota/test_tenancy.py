"""Keys write only their own region (or station); private stations stay inside the region."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kotacerdas.apps.sensor_kota import store
from kotacerdas.core.models import Membership
from kotacerdas.core.tenancy import Role

from .conftest import World

NOW = int(time.time()) - 60


def one(sensor: object) -> list[dict[str, object]]:
    return [{"sensor": sensor.code, "ts": NOW, "value": 10}]  # type: ignore[attr-defined]


def test_a_region_key_cannot_write_another_regions_sensor(world: World) -> None:
    response = world.post(one(world.kendal_level), key=world.key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "sensor"
    # not even by numeric id
    response = world.post([{"sensor": world.kendal_level.pk, "ts": NOW, "value": 1}])
    assert response.status_code == 400
    assert store.latest([world.kendal_level.pk]) == {}
    assert world.post(one(world.kendal_level), key=world.kendal_key).status_code == 200


def test_a_device_key_writes_only_its_own_station(world: World) -> None:
    assert world.post(one(world.pm25), key=world.device_key).status_code == 200
    assert world.post(one(world.level), key=world.device_key).status_code == 400
    body = f"river,sensor={world.level.code} value=1".encode()
    response = Client().post(
        "/influx/api/v2/write",
        body,
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Token {world.device_key}",
    )
    assert response.status_code == 400


def _user_of(region: object, name: str) -> User:
    user = User.objects.create_user(name, password="x")
    Membership.objects.unscoped("test").create(user=user, role=Role.REGION_ADMIN, region=region)
    return user


@pytest.mark.parametrize("who", ["anonymous", "kendal admin"])
def test_private_stations_are_hidden_outside_their_region(world: World, who: str) -> None:
    world.post(one(world.secret))
    client = Client()
    if who == "kendal admin":
        client.force_login(_user_of(world.kendal, "admin-kendal-test"))
    codes = [
        s["code"] for s in client.get("/api/apps/sensor-kota/semarang/stations").json()["stations"]
    ]
    assert "rahasia" not in codes and "sungai" in codes
    assert client.get("/api/apps/sensor-kota/semarang/stations/rahasia/series").status_code == 404
    assert client.get("/r/semarang/sensor-kota/stasiun/rahasia/").status_code == 404
    assert client.get("/r/semarang/sensor-kota/stasiun/rahasia/series.csv").status_code == 404
    assert "rahasia" not in client.get("/r/semarang/sensor-kota/").content.decode().lower()


def test_the_regions_own_staff_see_private_stations(world: World) -> None:
    world.post(one(world.secret))
    client = Client()
    client.force_login(_user_of(world.semarang, "admin-semarang-test"))
    codes = [
        s["code"] for s in client.get("/api/apps/sensor-kota/semarang/stations").json()["stations"]
    ]
    assert "rahasia" in codes
    series = client.get("/api/apps/sensor-kota/semarang/stations/rahasia/series?resolution=raw")
    assert series.json()["series"][0]["points"] == [[NOW * 1000, 10.0]]
