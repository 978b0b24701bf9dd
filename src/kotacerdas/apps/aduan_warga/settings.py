"""A region's configuration of the app, read the way the services need it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kotacerdas.core.models import Region
from kotacerdas.platform.installations import app_config
from kotacerdas.core.services.config_schema import validate_config

KEY = "aduan-warga"


@dataclass(frozen=True)
class RegionSettings:
    raw: dict[str, Any]

    @property
    def categories(self) -> list[dict[str, Any]]:
        return list(self.raw["categories"])

    def category(self, code: str) -> dict[str, Any] | None:
        return next((c for c in self.categories if c["service_code"] == code), None)

    @property
    def deadlines(self) -> dict[str, Any]:
        return dict(self.raw["deadlines"])

    def verify_days(self) -> int:
        return int(self.deadlines.get("verify_dispose_days", 3))

    def follow_up_days(self) -> int:
        return int(self.deadlines.get("agency_follow_up_days", 5))

    def warn_before_days(self) -> int:
        return int(self.deadlines.get("warn_before_days", 1))

    def service_days(self, category: dict[str, Any]) -> int:
        """The category's own standard, else the standard of its kind (domain.md: 5/14/60)."""
        if category.get("service_standard_days"):
            return int(category["service_standard_days"])
        by_kind = self.deadlines.get("service_standard_days", {})
        return int(by_kind.get(category.get("kind", "pengaduan"), 14))

    @property
    def auto_close_days(self) -> int:
        return int(self.raw.get("auto_close_days", 10))

    @property
    def branding(self) -> dict[str, Any]:
        return dict(self.raw["branding"])


@lru_cache(maxsize=64)
def _validated(text: str) -> RegionSettings:
    from kotacerdas.apps.aduan_warga.schema import SCHEMA

    # Fill defaults again: a config saved by an older version may lack newer keys.
    return RegionSettings(validate_config(SCHEMA, json.loads(text)))


def region_settings(region: Region) -> RegionSettings | None:
    """None when the region has not enabled the app (its pages then answer 404).

    Validation is cached by the configuration's text: Open311 reads it on every request,
    and a changed configuration is a different text, so it is never stale.
    """
    config = app_config(region, KEY)
    return None if config is None else settings_from_config(config)


def settings_from_config(config: dict[str, Any]) -> RegionSettings:
    return _validated(json.dumps(config, sort_keys=True))
