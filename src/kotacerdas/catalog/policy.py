"""Shared policy and the region's own (local) parts of a configuration.

An app's schema marks each top-level property that holds the region's own data — its
markets and their places, its stations, contact numbers, branding — with
``"x-kotacerdas-local": true``. Everything else is *policy*: categories, deadlines,
thresholds, commodity lists, spike tiers, texts, which a neighbour can adopt.

- Adopting a variant takes its policy and keeps the adopter's local parts; a local part
  the adopter does not have yet is filled from the schema's default, never from the
  publisher's.
- A three-way merge changes policy only (``jsonmerge.three_way(..., local=...)``).
- A published version holds the policy, plus the local parts the publisher ticked.

Marks are read on top-level properties only: a configuration splits into whole
properties, so a local part can never be half merged. Agency references
(``x-kotacerdas-ref: agency``) inside the policy stay policy and are mapped to the
adopter's agencies on adoption; inside a local part they are the region's own and are
never mapped.
"""

from __future__ import annotations

import copy
from typing import Any

from kotacerdas.core.services.config_schema import apply_defaults

LOCAL_KEYWORD = "x-kotacerdas-local"


def properties(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(k): v for k, v in (schema.get("properties") or {}).items() if isinstance(v, dict)}


def local_keys(schema: dict[str, Any]) -> frozenset[str]:
    """The top-level keys that are the region's own."""
    return frozenset(k for k, sub in properties(schema).items() if sub.get(LOCAL_KEYWORD) is True)


def classification(schema: dict[str, Any]) -> dict[str, str]:
    """Every top-level key of the schema → ``"local"`` or ``"policy"``, in schema order."""
    local = local_keys(schema)
    return {k: ("local" if k in local else "policy") for k in properties(schema)}


def is_local(schema: dict[str, Any], path: tuple[Any, ...] | list[Any]) -> bool:
    """Whether the pointer ``path`` lies inside a local part."""
    return bool(path) and str(path[0]) in local_keys(schema)


def split(schema: dict[str, Any], config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``config`` as (policy, local): two dicts whose keys partition its keys. A key the
    schema does not know counts as policy (the schema validation refuses it anyway)."""
    local = local_keys(schema)
    policy = {k: copy.deepcopy(v) for k, v in config.items() if k not in local}
    own = {k: copy.deepcopy(v) for k, v in config.items() if k in local}
    return policy, own


def combine(
    schema: dict[str, Any], policy: dict[str, Any], local: dict[str, Any]
) -> dict[str, Any]:
    """One configuration of a policy and local parts: each key from its side only (local
    keys in ``policy`` and policy keys in ``local`` are ignored), in schema order."""
    keys = local_keys(schema)
    merged = {k: v for k, v in policy.items() if k not in keys}
    merged.update({k: v for k, v in local.items() if k in keys})
    order = list(properties(schema))
    ranked = sorted(merged, key=lambda k: order.index(k) if k in order else len(order))
    return {k: copy.deepcopy(merged[k]) for k in ranked}


def default_local(schema: dict[str, Any]) -> dict[str, Any]:
    """The local parts a region has before it set any: the schema's defaults."""
    _, local = split(schema, apply_defaults(schema, {}))
    return local


def adopted(
    schema: dict[str, Any],
    policy_source: dict[str, Any],
    running: dict[str, Any] | None,
    take_local: frozenset[str] | set[str] = frozenset(),
) -> dict[str, Any]:
    """The configuration a region runs after adopting ``policy_source``: its policy with
    the adopter's local parts (``running``'s, or the schema's defaults where the adopter has
    none). ``take_local`` names local keys the adopter chose to take from the source
    instead (only those the publisher shared)."""
    policy, offered = split(schema, policy_source)
    local = default_local(schema)
    if running is not None:
        local.update(split(schema, running)[1])
    for key in take_local:
        if key in offered:
            local[key] = offered[key]
    return combine(schema, policy, local)


def published(
    schema: dict[str, Any], config: dict[str, Any], include_local: list[str] | tuple[str, ...]
) -> dict[str, Any]:
    """What a published version stores: the policy, and the ticked local parts."""
    policy, local = split(schema, config)
    return combine(schema, policy, {k: v for k, v in local.items() if k in include_local})
