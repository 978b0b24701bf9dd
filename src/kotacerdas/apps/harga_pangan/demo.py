"""Demo data: Semarang and Kendal markets with a year of plausible daily prices.

Prices follow a mean-reverting random walk per item (volatile for chillies and shallots,
calm for rice), a fixed offset per market, and today a few deliberate spikes; one Semarang
market has not reported today. Rows go in with bulk_create so the demo seeds in seconds.
Semarang also gets a well-known API key for a machine client sending prices.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone

from kotacerdas.apps.harga_pangan.config import APP_KEY, SCHEMA, HargaPanganConfig
from kotacerdas.apps.harga_pangan.models import DailyAverage, Price
from kotacerdas.apps.harga_pangan.services.spikes import evaluate_spikes
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.core.keys import digest, issue_key, keys_of
from kotacerdas.core.models import Agency, AppInstallation, Membership, Region
from kotacerdas.core.services.config_schema import validate_config
from kotacerdas.core.tenancy import Action, Role, Scope

SYSTEM = "seeding the demo"
# The demo machine client's key for Kota Semarang (all markets), printed when seeding.
DEMO_KEY = "demo-harga-key"
DEMO_KEY_REGION = "semarang"

MARKETS: dict[str, list[tuple[str, str, str, float, float]]] = {
    "semarang": [
        ("pasar-johar", "Pasar Johar", "traditional", -6.9687, 110.4265),
        ("pasar-bulu", "Pasar Bulu", "traditional", -6.9874, 110.4085),
        ("pasar-karangayu", "Pasar Karangayu", "traditional", -6.9837, 110.3929),
        ("pasar-peterongan", "Pasar Peterongan", "traditional", -7.0062, 110.4333),
        ("pasar-jatingaleh", "Pasar Jatingaleh", "traditional", -7.0323, 110.4196),
        ("swalayan-setiabudi", "Swalayan Setiabudi", "modern", -7.0570, 110.4300),
    ],
    "kendal": [
        ("pasar-kendal", "Pasar Kota Kendal", "traditional", -6.9220, 110.2030),
        ("pasar-weleri", "Pasar Weleri", "traditional", -6.9700, 110.0700),
        ("pasar-kaliwungu", "Pasar Kaliwungu", "traditional", -6.9590, 110.2570),
        ("pasar-boja", "Pasar Boja", "traditional", -7.1040, 110.2830),
        ("pasar-sukorejo", "Pasar Sukorejo", "traditional", -7.0900, 110.0500),
    ],
}
MISSING_TODAY = {"semarang": "pasar-jatingaleh"}
# Today's deliberate rises over yesterday, by region: one per tier above "watch".
SPIKES = {
    "semarang": {"cabai-rawit:merah": 0.15, "bawang-merah:sedang": 0.09},
    "kendal": {"cabai-merah:keriting": 0.22},
}
# Regions whose spike alerts are raised while seeding, so the situation room shows them.
ALERTS_AT_SEED = {"semarang", "kendal"}
BASE = {
    "beras": 13000,
    "telur-ayam-ras": 28000,
    "daging-ayam-ras": 36000,
    "daging-sapi": 132000,
    "cabai-merah": 46000,
    "cabai-rawit": 48000,
    "bawang-merah": 38000,
    "bawang-putih": 38000,
    "minyak-goreng": 17500,
    "gula-pasir": 18000,
    "kedelai": 11500,
    "tepung-terigu": 10500,
    "ikan-segar": 33000,
}
VOLATILE = {"cabai-merah": 0.04, "cabai-rawit": 0.05, "bawang-merah": 0.03}


def market_days() -> int:
    """Days of per-market rows. The region averages always cover a year; per-market rows
    default to 45 days because every test seeds the demo (a year per market takes seconds).
    Set KOTACERDAS_HARGA_PANGAN_DEMO_DAYS=365 for a full year per market."""
    return int(os.environ.get("KOTACERDAS_HARGA_PANGAN_DEMO_DAYS", "45"))


def demo_markets(region: Region) -> list[dict[str, Any]]:
    return [
        {"key": k, "name": n, "kind": kind, "lat": lat, "lng": lng, "agency": "disdag"}
        for k, n, kind, lat, lng in MARKETS.get(region.slug, [])
    ]


def walk(
    config: HargaPanganConfig, days: list[dt.date], rng: random.Random, spikes: dict[str, float]
) -> dict[tuple[str, dt.date], float]:
    """The region's price level per (item, day): a mean-reverting random walk around BASE."""
    out: dict[tuple[str, dt.date], float] = {}
    for n, item in enumerate(config.items):
        base = BASE.get(item.commodity, 20000) * (1 + 0.03 * (n % 3 - 1))
        sigma = VOLATILE.get(item.commodity, 0.006)
        level = 1.0
        for i, day in enumerate(days):
            level += rng.gauss(0, sigma) - (level - 1.0) * 0.08
            rise = spikes.get(item.key, 0.0) if i == len(days) - 1 else 0.0
            out[(item.key, day)] = base * level * (1 + rise)
    return out


def rounded(price: float) -> int:
    return max(100, round(price / 50) * 50)


def seed_prices(
    region: Region, config: HargaPanganConfig, days: int, history: int = 365, seed: int = 7
) -> int:
    """Per-market rows for ``days`` days up to today, region averages for ``history`` days."""
    end = today()
    span = [end - dt.timedelta(days=d) for d in range(max(days, history) - 1, -1, -1)]
    rng = random.Random(f"{seed}-{region.slug}")
    offsets = {m.key: rng.uniform(-0.05, 0.05) for m in config.markets}
    if not offsets:
        return 0
    levels = walk(config, span, rng, SPIKES.get(region.slug, {}))
    missing = MISSING_TODAY.get(region.slug)
    first_row_day = end - dt.timedelta(days=days - 1)
    now = timezone.now()
    rows: list[tuple[Any, ...]] = []
    averages: list[tuple[Any, ...]] = []
    for (item, day), level in levels.items():
        if day < first_row_day:  # older days: only the region's rollup
            factors = [level * (1 + o) for o in offsets.values()]
            averages.append(
                (
                    region.pk,
                    item,
                    day,
                    sum(factors) / len(factors),
                    rounded(min(factors)),
                    rounded(max(factors)),
                    len(factors),
                )
            )
            continue
        prices = [
            rounded(level * (1 + o))
            for m, o in offsets.items()
            if not (m == missing and day == end)
        ]
        rows.extend(
            (region.pk, m, item, day, rounded(level * (1 + o)), False, now)
            for m, o in offsets.items()
            if not (m == missing and day == end)
        )
        averages.append(
            (region.pk, item, day, sum(prices) / len(prices), min(prices), max(prices), len(prices))
        )
    insert(Price, ["region_id", "market", "item", "day", "price", "flagged", "updated_at"], rows)
    insert(
        DailyAverage, ["region_id", "item", "day", "average", "low", "high", "markets"], averages
    )
    return len(rows)


def insert(model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain executemany: Django's per-object bulk_create costs seconds for a demo year, and
    the demo is seeded before every test. System seeding only, rows built just above."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from model metadata
        quote(model._meta.db_table),
        ", ".join(quote(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def region_scope(region: Region) -> Scope:
    """A system scope that reaches only this region: the demo seeds one region at a time."""
    return Scope.region_system(region.pk, f"{SYSTEM}: {region.slug}")


def officer(region: Region) -> str:
    """A Disdag market officer for the region (the core demo has only DPU and DLH staff)."""
    username = f"disdag-{region.slug}"
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": f"Petugas Pasar {region.name}"}
    )
    if created:
        user.set_password(f"demo-disdag-{region.slug}")
        user.save()
    scope = region_scope(region)
    agency = Agency.objects.scoped(scope).get(region=region, slug="disdag")
    members = Membership.objects.scoped(scope, Action.CHANGE)
    if not members.filter(user=user, role=Role.AGENCY_STAFF, agency=agency).exists():
        members.create(user=user, role=Role.AGENCY_STAFF, agency=agency, region=region)
    return username


def configure(region: Region) -> HargaPanganConfig | None:
    """The region's typed configuration, with the demo markets added where none are set."""
    scope = region_scope(region)
    row = (
        AppInstallation.objects.scoped(scope, Action.CHANGE)
        .filter(region=region, app_key=APP_KEY, enabled=True)
        .first()
    )
    if row is None:
        return None
    stored = validate_config(SCHEMA, dict(row.config))
    if not stored.get("markets"):
        stored["markets"] = demo_markets(region)
        row.config = validate_config(SCHEMA, stored)
        row.save(update_fields=["config", "updated_at"])
    return HargaPanganConfig.model_validate(stored)


def demo_key(region: Region) -> None:
    """The well-known key (``Authorization: Bearer demo-harga-key``), issued once."""
    scope = region_scope(region)
    if not any(k.digest == digest(DEMO_KEY) for k in keys_of(scope, region, APP_KEY)):
        issue_key(scope, region, APP_KEY, "Demo price feed", clear=DEMO_KEY)
    print(
        f"Harga Pangan: demo API key for {region.name}: {DEMO_KEY} "
        f"(POST /api/apps/harga-pangan/{region.slug}/prices, Authorization: Bearer {DEMO_KEY})"
    )


def seed(regions: list[Region]) -> None:
    for region in regions:
        if region.slug not in MARKETS:
            continue
        with transaction.atomic():
            config = configure(region)
            if config is None:
                continue
            username = officer(region)
            if not Price.objects.scoped(region_scope(region)).filter(region=region).exists():
                seed_prices(region, config, market_days())
                if region.slug in ALERTS_AT_SEED:
                    evaluate_spikes(region, config)
            if region.slug == DEMO_KEY_REGION:
                demo_key(region)
        print(f"Harga Pangan: market officer {username} / demo-{username} ({region.name})")
