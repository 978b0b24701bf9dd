"""A region's markets, commodity items and spike tiers, read from its configuration.

A price is recorded per *item*: a commodity in one quality variant ("beras:medium-1").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kotacerdas.core.models import Region
from kotacerdas.platform.installations import app_config

APP_KEY = "harga-pangan"


@dataclass(frozen=True)
class Market:
    key: str
    name: str
    kind: str
    lat: float
    lng: float
    agency: str


@dataclass(frozen=True)
class Item:
    key: str  # "<commodity>:<variant>"
    commodity: str
    name: str
    variant: str
    unit: str
    reference_price: int | None
    reference_kind: str

    @property
    def label(self) -> str:
        return f"{self.name} — {self.variant}" if self.variant else self.name


@dataclass(frozen=True)
class Tier:
    key: str
    name: str
    percent: float
    severity: str


@dataclass(frozen=True)
class PriceLists:
    markets: tuple[Market, ...]
    items: tuple[Item, ...]
    tiers: tuple[Tier, ...]  # ascending by percent
    baseline_days: int
    jump_factor: float
    officer_agencies: frozenset[str]

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> PriceLists:
        items = tuple(
            Item(
                key=f"{c['key']}:{v['key']}",
                commodity=c["key"],
                name=c["name"],
                variant=v["name"],
                unit=c["unit"],
                reference_price=v.get("reference_price"),
                reference_kind=v.get("reference_kind", "HAP"),
            )
            for c in config.get("commodities", [])
            for v in c["variants"]
        )
        tiers = sorted((Tier(**t) for t in config.get("spike_tiers", [])), key=lambda t: t.percent)
        return cls(
            markets=tuple(Market(**m) for m in config.get("markets", [])),
            items=items,
            tiers=tuple(tiers),
            baseline_days=int(config.get("baseline_days", 1)),
            jump_factor=float(config.get("jump_factor", 10)),
            officer_agencies=frozenset(config.get("officer_agencies", [])),
        )

    def market(self, key: str) -> Market | None:
        return next((m for m in self.markets if m.key == key), None)

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)

    def tier_for(self, change_percent: float | None) -> Tier | None:
        """The highest tier whose threshold the rise exceeds ("> 5 %", strictly)."""
        if change_percent is None:
            return None
        reached = [t for t in self.tiers if change_percent > t.percent]
        return reached[-1] if reached else None


def lists_for(region: Region) -> PriceLists | None:
    """The region's lists, or None when the region does not run the app."""
    config = app_config(region, APP_KEY)
    return None if config is None else PriceLists.from_config(config)
