"""Bodies of the catalog API."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class CatalogAppOut(Schema):
    key: str
    name: dict[str, str]
    description: dict[str, str]
    dimension: str
    secondary_dimensions: list[str]
    version: str
    publisher: str
    licence: str
    variants: int


class RegionRef(Schema):
    code: str
    name: str


class VersionOut(Schema):
    version: str
    changelog: str
    app_version: str
    published_at: str


class UpstreamOut(Schema):
    variant_id: int
    variant: str
    publisher: RegionRef
    version: str


class UserOut(Schema):
    region: RegionRef
    version: str


class VariantOut(Schema):
    id: int
    app: str
    name: str
    sharing: str
    publisher: RegionRef
    latest_version: str | None
    versions: list[VersionOut]
    upstream: UpstreamOut | None
    regions_using: list[UserOut]
    config_visible: bool


class PublishIn(Schema):
    app: str
    version: str = Field(max_length=40)
    changelog: str
    sharing: str = "partners"
    name: str = ""


class AdoptIn(Schema):
    variant_id: int
    version: str
    mapping: dict[str, str] = Field(default_factory=dict)


class MergeIn(Schema):
    version: str
    choices: dict[str, str] = Field(default_factory=dict)


class RestoreIn(Schema):
    revision: int


class ChangeOut(Schema):
    pointer: str
    before: Any = None
    after: Any = None


class ConflictOut(Schema):
    pointer: str
    base: Any = None
    ours: Any = None
    theirs: Any = None


class SyncOut(Schema):
    app: str
    region: str
    upstream: UpstreamOut
    latest_version: str
    update_available: bool
    overrides: list[ChangeOut]
    upstream_changes: list[ChangeOut]
    conflicts: list[ConflictOut]


class AdoptedOut(Schema):
    app: str
    region: str
    upstream: UpstreamOut
    config: dict[str, Any]


class EnabledAppCatalogOut(Schema):
    key: str
    name: dict[str, str]
    dimension: str
    app_version: str
    enabled_at: str
    variant: dict[str, Any] | None = None  # the region's own published variant
    upstream: UpstreamOut | None = None
    update_available: bool = False
    latest_upstream_version: str | None = None


class AgreementOut(Schema):
    number: str
    title: str
    signed_on: str
    parties: list[RegionRef]
    apps: list[str]
    valid_from: str
    valid_until: str | None
    active: bool
