"""The catalog's part of the demo (connected to ``demo_seeded``).

The 5 June 2018 agreements between Semarang and Kendal, Demak, Blora, Kebumen and
Salatiga, and Kendal's 2019 agreement with Demak; Semarang published Aduan Warga v1 and v2
(partners); Kendal adopted v1, renamed two categories, changed its logo, published it
(partners, as its upstream allows) and has the v2 update waiting; Demak adopted Kendal's
variant.
Semarang also publishes its Harga Pangan variant (commodities, spike tiers; never its six
markets), for Kendal to adopt while keeping its own markets. Every change the story makes is
to shared policy, never to a local part (``catalog.policy``): Kendal's branding stays its own.
Without Aduan Warga installed, the story runs on the first installed app. Idempotent.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from typing import Any

from django.db import transaction

from kotacerdas.catalog.models import Agreement, Branding, Variant
from kotacerdas.catalog.policy import local_keys
from kotacerdas.catalog.services.adoption import adopt, preview
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.contract import SmartCityApp, all_apps, get_app
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.services.config_schema import ConfigInvalid, validate_config
from kotacerdas.core.tenancy import Action, Scope
from kotacerdas.platform.installations import update_config

SYSTEM = Scope.system("seeding the catalog demo")
SIGNED = dt.date(2018, 6, 5)
PARTNERS = ["kendal", "demak", "blora", "kebumen", "salatiga"]
COLOURS = {"semarang": "#0b6e4f", "kendal": "#c2410c", "demak": "#1d4ed8"}


def logo_svg(region: Region) -> bytes:
    """A simple round badge with the region's initial: demo branding, no image files."""
    colour = COLOURS.get(region.slug, "#334155")
    initial = region.name.split()[-1][0]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<circle cx="32" cy="32" r="30" fill="{colour}"/>'
        '<text x="32" y="42" font-family="sans-serif" font-size="30" font-weight="700" '
        f'fill="#fff" text-anchor="middle">{initial}</text></svg>'
    ).encode()


def demo_app() -> SmartCityApp | None:
    return get_app("aduan-warga") or next(iter(all_apps()), None)


def seed_agreements(regions: dict[str, Region]) -> None:
    semarang = regions["semarang"]
    for index, slug in enumerate(PARTNERS, start=1):
        partner = regions.get(slug)
        if partner is None:
            continue
        agreement, created = Agreement.objects.scoped(SYSTEM, Action.CHANGE).get_or_create(
            region=semarang,
            number=f"{index:03d}/PKS/DISKOMINFO/VI/2018",
            defaults={
                "title": f"Kerja sama pemanfaatan aplikasi kota cerdas antara Pemerintah Kota "
                f"Semarang dan Pemerintah {partner.name}",
                "signed_on": SIGNED,
                "valid_from": SIGNED,
                "valid_until": dt.date(2028, 6, 4),
            },
        )
        if created:
            agreement.parties.set([semarang, partner])
    kendal, demak = regions.get("kendal"), regions.get("demak")
    if kendal is not None and demak is not None:
        # Kendal shares its derivative (partners only, like Semarang's) with Demak.
        agreement, created = Agreement.objects.scoped(SYSTEM, Action.CHANGE).get_or_create(
            region=kendal,
            number="001/PKS/DISKOMINFO-KDL/III/2019",
            defaults={
                "title": "Kerja sama pemanfaatan aplikasi kota cerdas antara Pemerintah "
                "Kabupaten Kendal dan Pemerintah Kabupaten Demak",
                "signed_on": dt.date(2019, 3, 1),
                "valid_from": dt.date(2019, 3, 1),
                "valid_until": dt.date(2029, 2, 28),
            },
        )
        if created:
            agreement.parties.set([kendal, demak])


def rename_two(
    config: dict[str, Any], region: Region, schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The first shared list of named items (Aduan Warga's categories), two renamed."""
    changed = copy.deepcopy(config)
    local = local_keys(schema or {})
    for key, value in changed.items():
        if key in local:
            continue
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) and "name" in v for v in value)
        ):
            for item in value[:2]:
                if isinstance(item["name"], dict):
                    item["name"] = {k: f"{v} ({region.name})" for k, v in item["name"].items()}
                else:
                    item["name"] = f"{item['name']} ({region.name})"
            break
    return changed


def upstream_improvement(schema: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """A change of shared policy for Semarang's v2 that any schema accepts: a number up by
    one, else a text (never a local part)."""
    local = local_keys(schema)
    for name, sub in schema.get("properties", {}).items():
        if name in local:
            continue
        candidate = copy.deepcopy(config)
        if sub.get("type") in ("integer", "number") and isinstance(config.get(name), int | float):
            candidate[name] = config[name] + 1
        elif (
            sub.get("type") == "string" and isinstance(config.get(name), str) and "enum" not in sub
        ):
            candidate[name] = f"{config[name]} (v2)".strip()
        else:
            continue
        try:
            return validate_config(schema, candidate)
        except ConfigInvalid:
            continue
    return config


def _config(region: Region, key: str) -> dict[str, Any]:
    return dict(AppInstallation.objects.scoped(SYSTEM).get(region=region, app_key=key).config)


def _brand(region: Region, key: str) -> None:
    rows = Branding.objects.scoped(SYSTEM, Action.CHANGE).filter(region=region, app_key=key)
    rows.delete()
    rows.create(region=region, app_key=key, logo=logo_svg(region), logo_type="image/svg+xml")


def seed_harga_pangan(semarang: Region) -> None:
    """Semarang shares its Harga Pangan policy (partners); its markets stay its own."""
    app = get_app("harga-pangan")
    if app is None or app is demo_app():
        return
    if (
        Variant.objects.scoped(SYSTEM)
        .filter(region=semarang, app_key=app.key, imported_from_code="")
        .exists()
    ):
        return
    installs = AppInstallation.objects.scoped(SYSTEM)
    if not installs.filter(region=semarang, app_key=app.key, enabled=True).exists():
        return
    publish(
        SYSTEM,
        semarang,
        app.key,
        version="1.0.0",
        sharing="partners",
        name=f"{app.manifest.label('id')} Kota Semarang",
        changelog="Daftar komoditas dan tier lonjakan harga Kota Semarang untuk daerah mitra.",
    )


@transaction.atomic
def seed_catalog(sender: Any = None, regions: list[Region] | None = None, **kwargs: Any) -> None:
    by_slug = {r.slug: r for r in (regions or Region.objects.all())}
    if not {"semarang", "kendal", "demak"} <= by_slug.keys():
        return
    seed_agreements(by_slug)
    seed_harga_pangan(by_slug["semarang"])
    app = demo_app()
    semarang, kendal, demak = by_slug["semarang"], by_slug["kendal"], by_slug["demak"]
    if (
        app is None
        or Variant.objects.scoped(SYSTEM)
        .filter(region=semarang, app_key=app.key, imported_from_code="")
        .exists()
    ):
        return
    key, schema = app.key, app.manifest.config_schema
    _brand(semarang, key)
    v1 = publish(
        SYSTEM,
        semarang,
        key,
        version="1.0.0",
        sharing="partners",
        name=f"{app.manifest.label('id')} Kota Semarang",
        changelog="Versi pertama yang dibagikan kepada daerah mitra PKS 2018.",
    )
    adopt(SYSTEM, kendal, v1, preview(SYSTEM, kendal, v1).suggestions)
    renamed = rename_two(_config(kendal, key), kendal, schema)
    # An app whose schema forbids the rename keeps its names (validation runs before any
    # write, so the transaction stays usable); the story goes on.
    with contextlib.suppress(ConfigInvalid):
        update_config(SYSTEM, kendal, key, renamed)
    _brand(kendal, key)
    kendal_v1 = publish(
        SYSTEM,
        kendal,
        key,
        version="1.0.0",
        # Never wider than Semarang's partners-only upstream allows.
        sharing="partners",
        name=f"{app.manifest.label('id')} Kendal",
        changelog="Kategori disesuaikan untuk Kendal; logo Kendal Cerdas.",
    )
    adopt(SYSTEM, demak, kendal_v1, preview(SYSTEM, demak, kendal_v1).suggestions)
    update_config(SYSTEM, semarang, key, upstream_improvement(schema, _config(semarang, key)))
    publish(
        SYSTEM,
        semarang,
        key,
        version="2.0.0",
        sharing="partners",
        changelog="Pembaruan dari Semarang: penyesuaian pengaturan setelah evaluasi 2018.",
    )
