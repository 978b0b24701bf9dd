"""References to a region's own objects inside a configuration.

A string property whose schema carries ``"x-kotacerdas-ref": "agency"`` holds an agency
slug of the region that wrote the configuration. Adopting maps each such slug to one of the
adopter's agencies, so Kendal's configuration never points at Semarang's DPU.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from kotacerdas.catalog.jsonmerge import Path, pointer, set_at

REF_KEYWORD = "x-kotacerdas-ref"


@dataclass(frozen=True)
class Reference:
    path: Path
    kind: str
    value: str

    @property
    def pointer(self) -> str:
        return pointer(self.path)


def find_references(schema: dict[str, Any], config: Any, path: Path = ()) -> list[Reference]:
    found: list[Reference] = []
    kind = schema.get(REF_KEYWORD)
    if kind and isinstance(config, str):
        found.append(Reference(path, str(kind), config))
    if isinstance(config, dict):
        for name, sub in schema.get("properties", {}).items():
            if name in config and isinstance(sub, dict):
                found += find_references(sub, config[name], (*path, name))
    if isinstance(config, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(config):
            found += find_references(schema["items"], item, (*path, index))
    return found


def map_references(
    schema: dict[str, Any], config: dict[str, Any], mapping: dict[str, str]
) -> dict[str, Any]:
    """``config`` with every agency reference replaced through ``mapping`` (slug → slug);
    a slug missing from the mapping is left as it is."""
    result = copy.deepcopy(config)
    for ref in find_references(schema, config):
        if ref.kind == "agency" and ref.value in mapping:
            set_at(result, ref.path, mapping[ref.value])
    return result
