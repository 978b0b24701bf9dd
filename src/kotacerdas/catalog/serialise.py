"""Catalog objects as plain dicts for the API (absent values are None, not MISSING)."""

from __future__ import annotations

from typing import Any

from kotacerdas.catalog.jsonmerge import MISSING, Change, Conflict
from kotacerdas.catalog.models import VariantVersion
from kotacerdas.catalog.queries import VariantCard
from kotacerdas.core.models import Region


def region_ref(region: Region) -> dict[str, str]:
    return {"code": region.code, "name": region.name}


def upstream(version: VariantVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "variant_id": version.variant_id,
        "variant": version.variant.name,
        "publisher": region_ref(version.variant.region),
        "version": version.version,
    }


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def change(c: Change) -> dict[str, Any]:
    return {"pointer": c.pointer, "before": _plain(c.before), "after": _plain(c.after)}


def conflict(c: Conflict) -> dict[str, Any]:
    return {
        "pointer": c.pointer,
        "base": _plain(c.base),
        "ours": _plain(c.ours),
        "theirs": _plain(c.theirs),
    }


def variant(card: VariantCard) -> dict[str, Any]:
    v = card.variant
    return {
        "id": v.pk,
        "app": v.app_key,
        "name": v.name,
        "sharing": v.sharing,
        "publisher": region_ref(v.region),
        "latest_version": card.latest.version if card.latest else None,
        "versions": [
            {
                "version": x.version,
                "changelog": x.changelog,
                "app_version": x.app_version,
                "published_at": x.published_at.isoformat() if x.published_at else "",
            }
            for x in card.versions
        ],
        "upstream": upstream(card.upstream),
        "config_visible": card.config_visible,
        "regions_using": [{"region": region_ref(r), "version": x.version} for r, x in card.users],
        # A malformed stored row is listed as broken, with what is wrong, not a 500.
        "broken": card.broken,
        "problems": card.problems,
        "imported_from": {"code": v.imported_from_code, "name": v.imported_from_name}
        if v.imported_from_code
        else None,
    }
