"""The room knows apps only through the contract: what a region enabled, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from kotacerdas.contract import KPI, KpiState, Manifest, MapLayer, Severity, SmartCityApp, registry
from kotacerdas.core.alerts import raise_alert
from kotacerdas.core.models import AppInstallation
from tests.conftest import Demo

EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}


class Pompa(SmartCityApp):
    """An app the room has never heard of: its figures must appear without touching the room."""

    manifest = Manifest(
        key="pompa-air",
        name={"id": "Pompa Air", "en": "Water Pumps"},
        description={"id": "Rumah pompa banjir.", "en": "Flood pump houses."},
        dimension="environment",
        version="1.0.0",
        publisher="Tim Uji",
        licence="EUPL-1.2",
        config_schema=EMPTY_SCHEMA,
    )
    django_app = "kotacerdas_example.apps.ExampleConfig"

    def kpis(self, ctx: Any) -> list[KPI]:
        return [
            KPI("pumps-running", "Pompa menyala", 7, "pompa", previous=4, state=KpiState.WARNING)
        ]

    def map_layers(self, ctx: Any) -> list[MapLayer]:
        point = {"type": "Point", "coordinates": [110.41, -6.97]}
        feature = {
            "type": "Feature",
            "geometry": point,
            "properties": {"name": "Rumah Pompa Tawang"},
        }
        return [
            MapLayer("pumps", "Rumah pompa", {"type": "FeatureCollection", "features": [feature]}),
            MapLayer(
                "crews",
                "Regu internal",
                {"type": "FeatureCollection", "features": []},
                public=False,
            ),
        ]


class Rusak(Pompa):
    """An app whose providers fail: the room shows the others and names it."""

    manifest = Manifest(
        key="rusak",
        name={"id": "Rusak", "en": "Broken"},
        description={"id": "Selalu gagal.", "en": "Always fails."},
        dimension="living",
        version="1.0.0",
        publisher="Tim Uji",
        licence="EUPL-1.2",
        config_schema=EMPTY_SCHEMA,
    )

    def kpis(self, ctx: Any) -> list[KPI]:
        raise RuntimeError("provider down")


@pytest.fixture
def extra_apps(demo: Demo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed after the demo was seeded, so no region has enabled them yet."""
    installed = dict(registry.load_apps())
    installed["pompa-air"] = Pompa()
    installed["rusak"] = Rusak()
    monkeypatch.setattr(registry, "load_apps", lambda: installed)


def _enable(demo: Demo, key: str) -> None:
    AppInstallation.objects.unscoped("test installs an app").create(
        region=demo.semarang, app_key=key, config={}, app_version="1.0.0"
    )


def test_an_enabled_app_shows_its_kpi_and_layer(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    page = client.get("/r/semarang/situation/").content.decode()
    assert 'id="tile-contoh-taman-parks"' in page
    assert "Jumlah taman" in page
    layers = client.get("/r/semarang/situation/layers.json").json()["layers"]
    parks = next(layer for layer in layers if layer["id"] == "contoh-taman/parks")
    assert parks["geojson"]["features"][0]["properties"]["name"] == "Taman Indonesia Kaya"


def test_an_app_the_region_did_not_enable_shows_nothing(demo: Demo) -> None:
    AppInstallation.objects.unscoped("test disables an app").filter(
        region=demo.kendal, app_key="contoh-taman"
    ).update(enabled=False)
    client = demo.client_for("admin-kendal")
    page = client.get("/r/kendal/situation/").content.decode()
    assert "tile-contoh-taman" not in page
    assert "Jumlah taman" not in page
    layers = client.get("/r/kendal/situation/layers.json").json()["layers"]
    assert not [layer for layer in layers if layer["app"] == "contoh-taman"]
    # Semarang still runs it: the switch is per region.
    assert (
        b"tile-contoh-taman-parks"
        in demo.client_for("admin-semarang").get("/r/semarang/situation/").content
    )


@pytest.mark.usefixtures("extra_apps")
def test_a_new_app_appears_without_touching_the_room(demo: Demo) -> None:
    client = demo.client_for("admin-semarang")
    assert b"Pompa menyala" not in client.get("/r/semarang/situation/").content  # not enabled
    _enable(demo, "pompa-air")
    # Its alerts are core rows it raises where it sees the condition: the room's one channel.
    raise_alert(demo.semarang, "pompa-air", "pump-3", Severity.CRITICAL, "Pompa 3 mati")
    page = client.get("/r/semarang/situation/").content.decode()
    assert 'id="tile-pompa-air-pumps-running"' in page
    assert page.count("Pompa 3 mati") == 1  # the row joins the feed, once
    # Filed under its dimension, with the trend against the previous period (4 → 7).
    environment = page[page.index('id="dim-environment"') :]
    assert environment.index("Pompa menyala") < environment.index("</section>")
    assert "▲" in environment[: environment.index("</section>")]
    layers = client.get("/r/semarang/situation/layers.json").json()["layers"]
    assert {"pompa-air/pumps", "pompa-air/crews"} <= {layer["id"] for layer in layers}


@pytest.mark.usefixtures("extra_apps")
def test_a_failing_app_does_not_take_the_room_down(demo: Demo) -> None:
    _enable(demo, "rusak")
    response = demo.client_for("admin-semarang").get("/r/semarang/situation/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "rusak" in page[page.index('class="room-warning"') :]
    assert "provider down" not in page  # no traceback text reaches the wall
    assert 'id="tile-contoh-taman-parks"' in page


@pytest.mark.usefixtures("extra_apps")
def test_an_apps_part_is_cached_until_that_app_has_an_event_in_the_region(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kotacerdas.core.events import publish

    calls: list[int] = []
    original = Pompa.kpis

    def counting(self: Pompa, ctx: Any) -> list[KPI]:
        calls.append(ctx.region.pk)
        return original(self, ctx)

    monkeypatch.setattr(Pompa, "kpis", counting)
    _enable(demo, "pompa-air")
    client = demo.client_for("admin-semarang")
    client.get("/r/semarang/situation/")
    client.get("/r/semarang/situation/tiles/")
    client.get("/r/semarang/situation/layers.json")
    assert calls == [demo.semarang.pk]  # providers ran once for three requests
    publish(demo.kendal, "pompa-air", "reading", {})  # another region's event: still fresh
    publish(demo.semarang, "sensor-kota", "reading", {})  # another app's event: still fresh
    client.get("/r/semarang/situation/tiles/")
    assert len(calls) == 1
    publish(demo.semarang, "pompa-air", "reading", {})
    client.get("/r/semarang/situation/tiles/")
    assert len(calls) == 2


@pytest.mark.usefixtures("extra_apps")
def test_pages_never_compute_the_map_and_the_map_never_the_kpis(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original_kpis, original_layers = Pompa.kpis, Pompa.map_layers

    def kpis(self: Pompa, ctx: Any) -> list[KPI]:
        calls.append("kpis")
        return original_kpis(self, ctx)

    def layers(self: Pompa, ctx: Any) -> list[MapLayer]:
        calls.append("layers")
        return original_layers(self, ctx)

    monkeypatch.setattr(Pompa, "kpis", kpis)
    monkeypatch.setattr(Pompa, "map_layers", layers)
    _enable(demo, "pompa-air")
    client = demo.client_for("admin-semarang")
    client.get("/r/semarang/situation/")
    client.get("/r/semarang/situation/tiles/")
    demo.client_for("provinsi").get("/province/33/situation/")
    assert calls == ["kpis"]  # thousands of map points are not built for a page of tiles
    first = client.get("/r/semarang/situation/layers.json").content
    assert calls == ["kpis", "layers"]
    assert client.get("/r/semarang/situation/layers.json").content == first  # kept, encoded
    assert calls == ["kpis", "layers"]
