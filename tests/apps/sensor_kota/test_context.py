"""Every entry point receives the app context; a region without the app answers 404 on
every way in; ingest keys are core API keys (issue, use, revoke, other apps' keys)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kotacerdas.apps.sensor_kota import queries
from kotacerdas.apps.sensor_kota.config import SensorKotaConfig
from kotacerdas.apps.sensor_kota.services.keys import issue_ingest_key, revoke_ingest_key
from kotacerdas.contract import AppContext, get_app
from kotacerdas.core.keys import KeyRefused, issue_key
from kotacerdas.core.models import AlertRecord, ApiKey, Membership
from kotacerdas.core.tenancy import Role, Scope
from kotacerdas.platform.jobs import RegisteredJob, run_job

from .conftest import World, context_of, disable

NOW = int(time.time()) - 60
SYSTEM = Scope.system("sensor-kota context tests")


def one(world: World) -> list[dict[str, object]]:
    return [{"sensor": world.level.code, "ts": NOW, "value": 10}]


def admin_of(world: World, name: str = "admin-smg-ctx") -> Client:
    user = User.objects.create_user(name, password="x")
    Membership.objects.unscoped("test").create(
        user=user, role=Role.REGION_ADMIN, region=world.semarang
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[AppContext[Any]]:
    """Every context the app's station reads were given."""
    calls: list[AppContext[Any]] = []
    real = queries.stations

    def recording(ctx: AppContext[Any], **kwargs: Any) -> Any:
        calls.append(ctx)
        return real(ctx, **kwargs)

    monkeypatch.setattr(queries, "stations", recording)
    return calls


def _is_semarang(ctx: AppContext[Any], world: World) -> bool:
    return (
        ctx.app_key == "sensor-kota"
        and ctx.region.pk == world.semarang.pk
        and isinstance(ctx.config, SensorKotaConfig)
    )


# --- each entry point gets the context ---------------------------------------------------


def test_public_pages_receive_the_context(world: World, seen: list[Any]) -> None:
    assert Client().get("/r/semarang/sensor-kota/").status_code == 200
    assert Client().get("/r/semarang/sensor-kota/stasiun/sungai/").status_code == 200
    assert Client().get("/r/semarang/sensor-kota/stasiun/sungai/series.csv").status_code == 200
    assert len(seen) == 3 and all(_is_semarang(c, world) for c in seen)
    assert not any(c.can_read_private for c in seen)  # anonymous citizens


def test_the_console_page_receives_the_context(world: World) -> None:
    page = admin_of(world).get("/console/semarang/sensor-kota/kunci/")
    assert page.status_code == 200
    ctx = page.context["access"]
    assert _is_semarang(ctx, world) and ctx.is_admin


def test_the_console_navigation_lists_the_stations_and_keys_pages(world: World) -> None:
    app = get_app("sensor-kota")
    assert app is not None
    stations, keys = app.console_entries()
    assert (stations.label["id"], stations.label["en"], stations.url_name) == (
        "Stasiun sensor",
        "Sensor stations",
        "stations",
    )
    assert (keys.label["id"], keys.label["en"], keys.url_name) == (
        "Kunci sensor",
        "Sensor keys",
        "keys",
    )
    page = admin_of(world).get("/console/semarang/sensor-kota/kunci/").content.decode()
    assert "/console/semarang/sensor-kota/kunci/" in page and "Kunci sensor" in page
    assert "/console/semarang/sensor-kota/stasiun/" in page and "Stasiun sensor" in page


def test_api_operations_receive_the_context(world: World, seen: list[Any]) -> None:
    assert Client().get("/api/apps/sensor-kota/semarang/stations").status_code == 200
    url = "/api/apps/sensor-kota/33.74/stations/sungai/series"  # the code works as well
    assert Client().get(url).status_code == 200
    assert len(seen) == 2 and all(_is_semarang(c, world) for c in seen)


def test_root_routes_receive_the_keys_context(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kotacerdas.apps.sensor_kota.views import ingest

    calls: list[AppContext[Any]] = []
    real = ingest.context

    def recording(ctx: AppContext[Any]) -> Any:
        calls.append(ctx)
        return real(ctx)

    monkeypatch.setattr(ingest, "context", recording)
    assert world.post(one(world)).status_code == 200
    assert world.post([], key=world.device_key).status_code == 200
    response = Client().post(
        "/influx/api/v2/write",
        b"river,station=bodri water_level=5",
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Token {world.kendal_key}",
    )
    assert response.status_code == 204
    gateway, device, kendal = calls
    assert _is_semarang(gateway, world) and gateway.client is not None
    assert gateway.client.narrowed_to("station") is None
    assert device.client is not None and device.client.narrowed_to("station") == world.air.pk
    assert kendal.region.pk == world.kendal.pk  # the region is the key's


def test_hooks_receive_the_context(world: World, seen: list[Any]) -> None:
    app = get_app("sensor-kota")
    assert app is not None
    ctx = context_of(world.semarang)
    app.kpis(ctx)
    app.map_layers(ctx)
    assert seen == [ctx, ctx]


def test_jobs_run_per_region_with_its_context(world: World) -> None:
    app = get_app("sensor-kota")
    assert app is not None
    jobs = {job.name: job for job in app.periodic_jobs()}
    assert jobs["sensor-kota.staleness"].per_region and jobs["sensor-kota.retention"].per_region
    assert not jobs["sensor-kota.storage"].per_region  # global storage work
    for job in jobs.values():
        assert run_job(RegisteredJob(app, job)) == []
    stale = AlertRecord.objects.unscoped("test").filter(condition__startswith="stale:")
    # Every sensor is silent: each region raised its own sensors' alerts, no other region's.
    assert {(a.region_id, a.condition) for a in stale} == {
        (world.semarang.pk, f"stale:{s.code}")
        for s in (world.level, world.rain, world.pm25, world.pm10, world.secret)
    } | {(world.kendal.pk, f"stale:{world.kendal_level.code}")}


# --- the app disabled for a region ---------------------------------------------------------


def test_a_region_without_the_app_answers_404_everywhere(world: World) -> None:
    admin = admin_of(world)
    disable(world.semarang)
    assert Client().get("/r/semarang/sensor-kota/").status_code == 404
    assert Client().get("/r/semarang/sensor-kota/stasiun/sungai/").status_code == 404
    assert admin.get("/console/semarang/sensor-kota/kunci/").status_code == 404
    api = Client().get("/api/apps/sensor-kota/semarang/stations")
    assert api.status_code == 404 and "not enabled" in api.json()["detail"]
    batch = world.post(one(world))
    assert batch.status_code == 404 and "not enabled" in batch.json()["detail"]
    influx = Client().post(
        "/influx/api/v2/write",
        b"river,station=sungai water_level=5",
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Token {world.key}",
    )
    assert influx.status_code == 404 and influx.json()["code"] == "not found"
    # Kendal still runs it.
    assert world.post([], key=world.kendal_key).status_code == 200


# --- ingest keys are core API keys ---------------------------------------------------------


def test_an_ingest_key_is_a_core_key_of_the_app(world: World) -> None:
    row = ApiKey.objects.unscoped("test").get(region=world.semarang, name="device")
    assert (row.app_key, row.subject_kind, row.subject_id) == (
        "sensor-kota",
        "station",
        world.air.pk,
    )
    assert row.prefix == world.device_key[:8] and world.device_key.startswith("kc_")


def test_a_revoked_key_is_refused_at_once_in_this_process(world: World) -> None:
    assert world.post(one(world)).status_code == 200  # checked and kept in the cache
    row = ApiKey.objects.unscoped("test").get(region=world.semarang, name="gateway")
    revoke_ingest_key(SYSTEM, world.semarang, row.pk)
    response = world.post(one(world))
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


def test_a_key_of_another_app_is_refused(world: World) -> None:
    _row, clear = issue_key(SYSTEM, world.semarang, "aduan-warga", "open311 client")
    response = world.post(one(world), key=clear)
    assert response.status_code == 401
    influx = Client().post(
        "/influx/api/v2/write",
        b"river,station=sungai water_level=5",
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Token {clear}",
    )
    assert influx.status_code == 401 and influx.json()["code"] == "unauthorized"


def test_a_device_key_cannot_be_narrowed_to_another_regions_station(world: World) -> None:
    with pytest.raises(KeyRefused):
        issue_ingest_key(SYSTEM, world.semarang, "wrong", station=world.kendal_river)


def test_the_demo_key_still_works(world: World) -> None:
    issue_ingest_key(SYSTEM, world.semarang, "Demo gateway", clear="demo-sensor-key")
    assert world.post(one(world), key="demo-sensor-key").status_code == 200


@pytest.mark.parametrize("bad", ["another-region", "not-a-number", "999999"])
def test_revoking_a_key_not_of_this_region_answers_a_message(world: World, bad: str) -> None:
    kendal_key = ApiKey.objects.unscoped("test").get(region=world.kendal, name="gateway")
    value = str(kendal_key.pk) if bad == "another-region" else bad
    client = admin_of(world)
    response = client.post("/console/semarang/sensor-kota/kunci/", {"revoke": value}, follow=True)
    assert response.status_code == 200
    assert "no such key" in response.content.decode().lower() or "tidak ada" in (
        response.content.decode().lower()
    )
    kendal_key.refresh_from_db()
    assert kendal_key.revoked_at is None
    assert world.post([], key=world.kendal_key).status_code == 200


def test_staff_who_are_not_admins_cannot_issue_or_revoke(world: World) -> None:
    from kotacerdas.core.models import Agency

    user = User.objects.create_user("staff-smg-ctx", password="x")
    agency = Agency.objects.unscoped("test").get(region=world.semarang, slug="bpbd")
    Membership.objects.unscoped("test").create(user=user, role=Role.AGENCY_STAFF, agency=agency)
    client = Client()
    client.force_login(user)
    assert client.get("/console/semarang/sensor-kota/kunci/").status_code == 200
    assert client.post("/console/semarang/sensor-kota/kunci/", {"name": "x"}).status_code == 403
    assert not ApiKey.objects.unscoped("test").filter(name="x").exists()
