"""The brand a region shows on its public pages, asked of its enabled apps' ``brand`` hooks.

The first enabled app (by key) that answers a :class:`~kotacerdas.contract.Brand` wins;
Agenda & Wisata keeps it, from the local part of its configuration. The answer is kept
``CACHE_SECONDS`` per process and forgotten at once in this process when an installation
or a region is saved or deleted (other processes: within ``CACHE_SECONDS``, the same bound
as ``platform.context``), so a page costs no query for the brand while nothing changed.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db.models.signals import post_delete, post_save

from kotacerdas.contract import Brand
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.platform.context import ConfigBroken, context_for_installation
from kotacerdas.platform.installations import enabled_apps

log = logging.getLogger(__name__)

CACHE_SECONDS = 5.0
_lock = threading.Lock()
_brands: dict[int, tuple[float, Brand | None]] = {}
_regions: dict[str, tuple[float, Region | None]] = {}


def _ask(region: Region) -> Brand | None:
    for app, installation in sorted(enabled_apps(region), key=lambda pair: pair[0].key):
        installation.region = region
        try:
            ctx = context_for_installation(app, installation)
            brand = app.brand(ctx)
        except ConfigBroken:
            log.warning("brand of %s in %s skipped: configuration broken", app.key, region.slug)
            continue
        except Exception:  # one app's bug must not take the region's pages down
            log.exception("brand hook of %s failed for %s", app.key, region.slug)
            continue
        if brand is not None:
            return brand
    return None


def region_brand(region: Region) -> Brand | None:
    """The region's brand, or ``None`` when no enabled app keeps one."""
    now = time.monotonic()
    hit = _brands.get(region.pk)
    if hit is not None and hit[0] >= now:
        return hit[1]
    brand = _ask(region)
    with _lock:
        if len(_brands) > 10_000:
            _brands.clear()
        _brands[region.pk] = (now + CACHE_SECONDS, brand)
    return brand


def brand_for_slug(slug: str) -> tuple[Region, Brand] | None:
    """The region of a public page's ``/r/<slug>/`` and its brand, when it has one."""
    slug = slug[:64]
    now = time.monotonic()
    hit = _regions.get(slug)
    if hit is not None and hit[0] >= now:
        region = hit[1]
    else:
        region = Region.objects.filter(slug=slug).first()
        with _lock:
            if len(_regions) > 10_000:
                _regions.clear()
            _regions[slug] = (now + CACHE_SECONDS, region)
    if region is None:
        return None
    brand = region_brand(region)
    return None if brand is None else (region, brand)


def forget_brands(**_: object) -> None:
    with _lock:
        _brands.clear()
        _regions.clear()


post_save.connect(forget_brands, sender=AppInstallation, dispatch_uid="kc-brand-save")
post_delete.connect(forget_brands, sender=AppInstallation, dispatch_uid="kc-brand-delete")
post_save.connect(forget_brands, sender=Region, dispatch_uid="kc-brand-region-save")
post_delete.connect(forget_brands, sender=Region, dispatch_uid="kc-brand-region-delete")
