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
