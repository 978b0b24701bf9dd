"""Response and request bodies of the core API."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class SubElementOut(Schema):
    key: str
    name_id: str
    name_en: str


class DimensionOut(Schema):
    key: str
    name_id: str
    name_en: str
    colour: str
    icon: str
    sub_elements: list[SubElementOut]


class RegionOut(Schema):
    code: str
    slug: str
    name: str
    kind: str
    province_code: str
    # Arrays of numbers, not tuples: ninja renders a tuple as ``prefixItems``, which
    # OpenAPI 3.0 tools (and some 3.1 ones) do not read.
    centre: Annotated[
        list[float], Field(min_length=2, max_length=2, description="[latitude, longitude]")
    ]
    bbox: Annotated[
        list[float],
        Field(min_length=4, max_length=4, description="[west, south, east, north]"),
    ]
    url: str


class AgencyOut(Schema):
    slug: str
    name: str
    short_name: str


class AgencyIn(Schema):
    slug: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)
    name: str = Field(min_length=2, max_length=200)
    short_name: str = Field(default="", max_length=60)
    email: str = Field(default="", max_length=254)


class MemberOut(Schema):
    username: str
    role: str
    agency: str | None


class ManifestOut(Schema):
    key: str
    name: dict[str, str]
    description: dict[str, str]
    dimension: str
    secondary_dimensions: list[str]
    version: str
    publisher: str
    licence: str
    config_schema: dict[str, Any]


class ConfigOut(Schema):
    app: str
    region: str
    config: dict[str, Any]


class ConfigIn(Schema):
    config: dict[str, Any]
