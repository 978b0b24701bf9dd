"""The manifest an app declares: who it is, where it belongs, what it can be configured with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from kotacerdas.dimensions import DIMENSION_KEYS

# Semantic Versioning 2.0.0, the official pattern without build metadata subtleties.
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
APP_KEY = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class ManifestError(ValueError):
    """A manifest breaks the contract; the message names the app and the field."""


@dataclass(frozen=True)
class Manifest:
    """What every app declares. Names and descriptions are ``{"id": ..., "en": ...}``."""

    key: str
    name: dict[str, str]
    description: dict[str, str]
    dimension: str
    version: str
    publisher: str
    licence: str
    config_schema: dict[str, Any]
    secondary_dimensions: tuple[str, ...] = ()
    url: str = "https://github.com/kotacerdas/kotacerdas"
    features: dict[str, list[str]] = field(default_factory=dict)
    maintainer_email: str = "kotacerdas@example.go.id"

    def __post_init__(self) -> None:
        where = f"app {self.key!r}"
        if not APP_KEY.match(self.key):
            raise ManifestError(f"{where}: key must be lower-case words joined by '-'")
        for lang in ("id", "en"):
            if not self.name.get(lang):
                raise ManifestError(f"{where}: name.{lang} is missing")
            if not self.description.get(lang):
                raise ManifestError(f"{where}: description.{lang} is missing")
        if self.dimension not in DIMENSION_KEYS:
            raise ManifestError(f"{where}: dimension {self.dimension!r} is not one of the six")
        for extra in self.secondary_dimensions:
            if extra not in DIMENSION_KEYS:
                raise ManifestError(f"{where}: secondary dimension {extra!r} is not one of the six")
        if not SEMVER.match(self.version):
            raise ManifestError(f"{where}: version {self.version!r} is not semver (1.2.3)")
        try:
            Draft202012Validator.check_schema(self.config_schema)
        except SchemaError as exc:
            raise ManifestError(f"{where}: config_schema is invalid: {exc.message}") from exc
        if self.config_schema.get("type") != "object":
            raise ManifestError(f"{where}: config_schema must describe an object")

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name["id"]

    def summary(self, language: str) -> str:
        return self.description.get(language) or self.description["id"]
