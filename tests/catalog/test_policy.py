"""Shared policy vs the region's own data: schema marks, split/combine, and the Harga Pangan
story with the real apps — Kendal keeps its five markets when it adopts Semarang's variant."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kotacerdas.catalog import policy
from kotacerdas.catalog.models import Variant, VariantVersion
from kotacerdas.catalog.services import sync
from kotacerdas.catalog.services.adoption import adopt, preview
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.contract import all_apps, get_app
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.services.config_schema import apply_defaults
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.installations import update_config
from tests.conftest import Demo

DOCS = Path(__file__).resolve().parents[2] / "docs" / "catalog.md"
HARGA = "harga-pangan"
FIFTH = {
    "key": "pasar-sukorejo",
    "name": "Pasar Sukorejo",
    "kind": "traditional",
    "lat": -7.09,
    "lng": 110.05,
    "agency": "disdag",
}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "markets": {"type": "array", "default": [], "x-kotacerdas-local": True},
        "tiers": {"type": "array", "default": [{"key": "a"}]},
        "brand": {"type": "object", "default": {"name": "X"}, "x-kotacerdas-local": True},
        "days": {"type": "integer", "default": 3},
    },
}


def documented_local_parts() -> dict[str, set[str]]:
    """The table in docs/catalog.md: app key → its local parts."""
    rows: dict[str, set[str]] = {}
    section = DOCS.read_text().split("## Shared policy and the region's own data", 1)[1]
    for line in section.split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            key = re.match(r"`([^`]+)`", cells[0])
            assert key is not None
            rows[key.group(1)] = set(re.findall(r"`([^`]+)`", cells[1]))
    return rows


def test_every_app_schema_classifies_its_top_level_keys_as_documented() -> None:
    documented = documented_local_parts()
    apps = list(all_apps())
    assert {a.key for a in apps} >= {"aduan-warga", "harga-pangan", "sensor-kota"}
    for app in apps:
        schema = app.manifest.config_schema
        classes = policy.classification(schema)
        assert set(classes) == set(schema["properties"]), app.key
        assert set(classes.values()) <= {"local", "policy"}
        local = {k for k, c in classes.items() if c == "local"}
        assert documented.get(app.key) == local, f"docs/catalog.md table row for {app.key}"
        # A version that holds the policy only must still be a valid configuration.
        assert not local & set(schema.get("required", [])), app.key
        # Marks live on top-level properties only: a part is local or shared as a whole.
        for name, sub in schema["properties"].items():
            assert "x-kotacerdas-local" not in repr(
                {k: v for k, v in sub.items() if k != "x-kotacerdas-local"}
            ), f"{app.key}.{name}: a nested local mark is never read"
    expected = {
        "harga-pangan": {"markets"},
        "aduan-warga": {"branding"},
        "sensor-kota": {"alert_emails"},
        "contoh-taman": {"parks"},
    }
    for key, local in expected.items():
        app = get_app(key)
        if app is not None:
            assert policy.local_keys(app.manifest.config_schema) == local


def test_split_and_combine_partition_a_configuration() -> None:
    config = {"markets": [{"k": 1}], "tiers": [], "brand": {"name": "K"}, "days": 5}
    shared, own = policy.split(SCHEMA, config)
    assert shared == {"tiers": [], "days": 5}
    assert own == {"markets": [{"k": 1}], "brand": {"name": "K"}}
    assert policy.combine(SCHEMA, shared, own) == config
    assert list(policy.combine(SCHEMA, shared, own)) == ["markets", "tiers", "brand", "days"]
    # Each key comes from its own side only.
    assert policy.combine(SCHEMA, {**shared, "markets": ["theirs"]}, {**own, "days": 9}) == config


def test_adopted_keeps_the_adopters_local_parts_or_fills_schema_defaults() -> None:
    publisher = {"markets": ["six"], "tiers": [{"key": "b"}], "brand": {"name": "S"}, "days": 2}
    running = {"markets": ["five"], "tiers": [], "brand": {"name": "K"}, "days": 9}
    assert policy.adopted(SCHEMA, publisher, running) == {
        "markets": ["five"],
        "tiers": [{"key": "b"}],
        "brand": {"name": "K"},
        "days": 2,
    }
    fresh = policy.adopted(SCHEMA, publisher, None)
    assert fresh["markets"] == [] and fresh["brand"] == {"name": "X"}  # defaults, not "six"
    taken = policy.adopted(SCHEMA, publisher, running, frozenset({"markets"}))
    assert taken["markets"] == ["six"] and taken["brand"] == {"name": "K"}
    assert policy.published(SCHEMA, publisher, []) == {"tiers": [{"key": "b"}], "days": 2}
    assert policy.published(SCHEMA, publisher, ["brand"])["brand"] == {"name": "S"}


def _config(region: Region, key: str = HARGA) -> dict[str, Any]:
    return dict(AppInstallation.objects.unscoped("t").get(region=region, app_key=key).config)


@pytest.fixture
def harga(demo: Demo) -> VariantVersion:
    if get_app(HARGA) is None:
        pytest.skip("Harga Pangan is not installed")
    version = (
        VariantVersion.objects.unscoped("t")
        .filter(variant__region=demo.semarang, variant__app_key=HARGA)
        .first()
    )
    assert version is not None, "the demo publishes Semarang's Harga Pangan variant"
    kendal = Scope.for_user(demo.user("admin-kendal"))
    config = _config(demo.kendal)
    if len(config["markets"]) < 5:  # the demo gives Kendal four markets today
        config["markets"] = [*config["markets"], FIFTH][:5]
        update_config(kendal, demo.kendal, HARGA, config)
    return version


def test_kendal_keeps_its_five_markets_when_it_adopts_semarangs_harga_pangan(
    demo: Demo, harga: VariantVersion
) -> None:
    semarang_markets = _config(demo.semarang)["markets"]
    assert len(semarang_markets) == 6
    assert "markets" not in harga.config  # published: policy only
    assert harga.variant.sharing == Variant.Scope.PARTNERS
    kendal_before = _config(demo.kendal)
    assert len(kendal_before["markets"]) == 5
    scope = Scope.for_user(demo.user("admin-kendal"))
    plan = preview(scope, demo.kendal, harga)
    assert "markets" not in plan.offered_local
    assert {r.path[0] for r in plan.references} <= {"officer_agencies"}  # no market agency
    adopt(scope, demo.kendal, harga, plan.suggestions)
    after = _config(demo.kendal)
    assert after["markets"] == kendal_before["markets"]
    assert (
        after["commodities"]
        == apply_defaults(
            get_app(HARGA).manifest.config_schema,  # type: ignore[union-attr]
            harga.config,
        )["commodities"]
    )
    page = demo.client_for(None).get("/r/kendal/harga-pangan/").content.decode()
    assert "Pasar Sukorejo" in page and "Pasar Weleri" in page
    assert "Pasar Johar" not in page and "Swalayan Setiabudi" not in page


def test_semarangs_next_version_merges_into_kendal_without_touching_its_markets(
    demo: Demo, harga: VariantVersion
) -> None:
    kendal = Scope.for_user(demo.user("admin-kendal"))
    semarang = Scope.for_user(demo.user("admin-semarang"))
    adopt(kendal, demo.kendal, harga, preview(kendal, demo.kendal, harga).suggestions)
    markets = _config(demo.kendal)["markets"]
    config = _config(demo.semarang)
    config["markets"] = config["markets"][:2]  # Semarang closes four markets …
    config["spike_tiers"] = [
        {**t, "percent": 10} if t["key"] == "waspada" else t for t in config["spike_tiers"]
    ]
    config["commodities"] = [
        *config["commodities"],
        {
            "key": "garam",
            "name": "Garam",
            "unit": "kg",
            "variants": [{"key": "halus", "name": "Halus"}],
        },
    ]
    update_config(semarang, demo.semarang, HARGA, config)
    v2 = publish(
        semarang,
        demo.semarang,
        HARGA,
        version="1.1.0",
        changelog="Garam; tier waspada 10 %",
        sharing="partners",
        include_local=["markets"],  # … and even shares them
    )
    assert len(v2.config["markets"]) == 2
    state = sync.status(kendal, demo.kendal, HARGA)
    assert state is not None and state.update_available and state.merge is not None
    assert all(c.path[0] != "markets" for c in state.upstream_changes + state.merge.conflicts)
    sync.merge(kendal, demo.kendal, HARGA, v2, {})
    after = _config(demo.kendal)
    assert after["markets"] == markets  # Kendal's five, untouched
    assert [t["percent"] for t in after["spike_tiers"] if t["key"] == "waspada"] == [10]
    assert after["commodities"][-1]["key"] == "garam"


def test_adopt_preview_page_says_what_changes_in_plain_words(
    demo: Demo, harga: VariantVersion
) -> None:
    client = demo.client_for("admin-kendal")
    client.cookies["django_language"] = "id"
    page = client.get(f"/console/kendal/catalog/adopt/{harga.pk}/").content.decode()
    assert "Pasar Anda tetap (5)" in page
    visible = re.sub(r"<details.*?</details>|<[^>]+>", " ", page, flags=re.S)
    assert "›" not in visible
    assert not re.search(r"\b[a-z_]+ › \d", page)  # no "markets › 1" anywhere
    assert "/markets" not in visible and "officer_agencies" not in visible
    assert "Pasar Johar" not in visible  # Semarang's markets are not even mentioned
