"""Manifests are checked when an app loads; every mistake is named."""

from __future__ import annotations

from typing import Any

import pytest

from kotacerdas.contract import Manifest, ManifestError
from kotacerdas.core.services.config_schema import ConfigInvalid, validate_config

BASE: dict[str, Any] = {
    "key": "lapor-semar",
    "name": {"id": "Lapor Semar", "en": "Lapor Semar"},
    "description": {"id": "Aduan", "en": "Reports"},
    "dimension": "governance",
    "version": "1.2.0",
    "publisher": "Diskominfo Kota Semarang",
    "licence": "EUPL-1.2",
    "config_schema": {"type": "object", "properties": {}},
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"key": "Lapor_Semar"}, "key must be lower-case"),
        ({"name": {"id": "Lapor"}}, "name.en is missing"),
        ({"dimension": "smart-city"}, "dimension 'smart-city' is not one of the six"),
        ({"secondary_dimensions": ("economy", "x")}, "secondary dimension 'x'"),
        ({"version": "v1"}, "version 'v1' is not semver"),
        ({"config_schema": {"type": "object", "minProperties": "x"}}, "config_schema is invalid"),
        ({"config_schema": {"type": "array"}}, "must describe an object"),
    ],
)
def test_manifest_mistakes_are_named(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        Manifest(**{**BASE, **change})


SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "sla_days": {"type": "integer", "minimum": 1, "default": 3},
        "categories": {
            "type": "array",
            "default": [],
            "items": {
                "type": "object",
                "required": ["code"],
                "properties": {
                    "code": {"type": "string"},
                    "days": {"type": "integer", "default": 5},
                },
            },
        },
    },
}


def test_defaults_fill_nested_objects() -> None:
    config = validate_config(SCHEMA, {"categories": [{"code": "jalan"}]})
    assert config == {"sla_days": 3, "categories": [{"code": "jalan", "days": 5}]}


def test_defaults_are_not_shared_between_configs() -> None:
    first = validate_config(SCHEMA, {})
    first["categories"].append({"code": "x"})
    assert validate_config(SCHEMA, {})["categories"] == []


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"sla_days": 0}, "sla_days"),
        ({"categories": [{"code": "a"}, {"days": 2}]}, "categories[1]"),
        ({"categories": [{"code": "a", "days": "two"}]}, "categories[0].days"),
        ([], "(root)"),
    ],
)
def test_invalid_config_names_the_field(config: Any, field: str) -> None:
    with pytest.raises(ConfigInvalid) as caught:
        validate_config(SCHEMA, config)
    assert caught.value.field == field
