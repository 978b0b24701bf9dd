"""A manifest exports as a publiccode.yml that satisfies the standard's required fields."""

from __future__ import annotations

import datetime as dt

import yaml
from django.test import Client

from kotacerdas.contract import get_app
from kotacerdas.contract.publiccode import publiccode_yaml

# publiccode.yml 0.4: the keys the standard marks mandatory.
REQUIRED = {
    "publiccodeYmlVersion",
    "name",
    "url",
    "platforms",
    "categories",
    "developmentStatus",
    "softwareType",
    "description",
    "legal",
    "maintenance",
    "localisation",
}


def test_publiccode_fields() -> None:
    app = get_app("contoh-taman")
    assert app is not None
    doc = yaml.safe_load(publiccode_yaml(app.manifest, dt.date(2026, 11, 27)))
    assert set(doc) >= REQUIRED
    assert doc["releaseDate"] == "2026-11-27" and doc["softwareVersion"] == "0.1.0"
    assert doc["developmentStatus"] in {"concept", "development", "beta", "stable", "obsolete"}
    assert doc["softwareType"] == "addon"
    for lang in ("id", "en"):
        text = doc["description"][lang]
        assert 0 < len(text["shortDescription"]) <= 150
        assert 150 <= len(text["longDescription"]) <= 10000
        assert text["features"]
    assert doc["legal"]["license"] == "EUPL-1.2"
    assert doc["maintenance"]["type"] == "community" and doc["maintenance"]["contacts"]
    assert doc["localisation"] == {"localisationReady": True, "availableLanguages": ["id", "en"]}


def test_publiccode_download(db: None) -> None:
    response = Client().get("/apps/contoh-taman/publiccode.yml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    assert yaml.safe_load(response.content)["name"] == "contoh-taman"
    assert Client().get("/apps/nope/publiccode.yml").status_code == 404


def test_variant_publiccode_carries_is_based_on() -> None:
    app = get_app("contoh-taman")
    assert app is not None
    doc = yaml.safe_load(
        publiccode_yaml(
            app.manifest,
            dt.date(2026, 11, 27),
            name="Taman Kendal",
            version="1.2.0",
            url="https://kota.example/catalog/variants/7/",
            is_based_on="https://kota.example/catalog/variants/3/",
        )
    )
    assert set(doc) >= REQUIRED
    assert doc["name"] == "Taman Kendal" and doc["softwareVersion"] == "1.2.0"
    assert doc["url"] == "https://kota.example/catalog/variants/7/"
    assert doc["isBasedOn"] == "https://kota.example/catalog/variants/3/"
    plain = yaml.safe_load(publiccode_yaml(app.manifest, dt.date(2026, 11, 27)))
    assert "isBasedOn" not in plain and plain["name"] == "contoh-taman"


def test_variant_publiccode_download(demo: object) -> None:
    from kotacerdas.catalog.models import Variant

    rows = Variant.objects.unscoped("test").select_related("region", "derived_from__variant")
    kendal = next(v for v in rows if v.region.slug == "kendal" and v.derived_from)
    upstream = kendal.derived_from.variant  # type: ignore[union-attr]
    response = Client().get(f"/catalog/variants/{kendal.pk}/publiccode.yml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    doc = yaml.safe_load(response.content)
    assert doc["publiccodeYmlVersion"] == "0.4"
    assert doc["name"] == kendal.name and doc["softwareVersion"] == "1.0.0"
    assert doc["url"] == f"http://testserver/catalog/variants/{kendal.pk}/"
    assert doc["isBasedOn"] == f"http://testserver/catalog/variants/{upstream.pk}/"
    root = yaml.safe_load(Client().get(f"/catalog/variants/{upstream.pk}/publiccode.yml").content)
    assert "isBasedOn" not in root and root["softwareVersion"] == "2.0.0"
    assert Client().get("/catalog/variants/999999/publiccode.yml").status_code == 404
