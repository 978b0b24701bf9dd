"""The region's brand on its public pages, their Open Graph cards, and ``/sitemap.xml``.

- :func:`brand` (a template context processor) finds the region of a public page
  (``/r/<region>/…``) and its brand (``platform.brand``, asked of the apps' ``brand`` hooks):
  the header shows the logo, name and tagline, and links the region's stylesheet.
- :func:`brand_css` serves that stylesheet at ``/r/<region>/brand.css``: the colours as CSS
  custom properties and a few rules, so the Content-Security-Policy (no inline
  ``<style>`` elements) holds. Its address carries a hash of its content (``?v=``), so it is
  cached for a day and revalidated with its ETag.
- :func:`sitemap` lists the public pages of every region (its page, each enabled app's
  public index, and the detail pages of the apps' ``public_pages`` hook), never a
  console page.

Absolute addresses (Open Graph, the sitemap) come from ``KOTACERDAS_SITE_URL`` (setting or
environment) when it is set, else from the request's own (host checked by ALLOWED_HOSTS).
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import get_language

from kotacerdas.contract import Brand, get_app
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.platform.brand import brand_for_slug, region_brand
from kotacerdas.platform.context import ConfigBroken, context_for_installation

log = logging.getLogger(__name__)

CSS_MAX_AGE = 86_400
SITEMAP_MAX_URLS = 50_000  # the sitemaps.org limit for one file
BLACK, WHITE = "#000000", "#ffffff"


def site_url(request: HttpRequest | None = None) -> str:
    """The site's public address without a trailing slash."""
    configured = getattr(settings, "KOTACERDAS_SITE_URL", None)
    base = configured if configured is not None else os.environ.get("KOTACERDAS_SITE_URL", "")
    if base:
        return str(base).rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return "http://localhost:8000"


def absolute(request: HttpRequest | None, path: str) -> str:
    """``path`` (``/r/…``) as an absolute address; an absolute one is returned unchanged."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return site_url(request) + (path if path.startswith("/") else "/" + path)


def _region_slug(request: HttpRequest) -> str:
    """The region of a public page (``/r/<region>/…``), or ``""`` elsewhere."""
    if not request.path.startswith("/r/"):
        return ""
    match = getattr(request, "resolver_match", None)
    if match is None:  # a 404 page: no view resolved, but the address still names a region
        return request.path.split("/")[2]
    return str(match.kwargs.get("region_slug", ""))


def _localised(texts: dict[str, str], language: str) -> str:
    return (texts.get(language) or texts.get("id") or "").strip()


# -- the stylesheet ------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    def channel(i: int) -> float:
        c = int(colour[i : i + 2], 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)


def _text_for(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG 2.x)."""
    lum = _luminance(background)
    return BLACK if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else WHITE


def stylesheet(brand: Brand) -> str:
    """The region's stylesheet. Without a primary colour only the layout of the brand
    band is set: the pages keep the platform's colours."""
    rules = [
        "/* kotacerdas: the region's brand (web/brand.py) */",
        ".region-brand { display: flex; align-items: center; gap: .75rem; flex-wrap: wrap;",
        "  padding: .5rem clamp(1rem, 3vw, 2rem); background: var(--brand); color: #fff; }",
        ".region-brand a { color: inherit; text-decoration: none; display: flex;",
        "  align-items: center; gap: .75rem; min-width: 0; }",
        ".region-brand-logo { height: 2.75rem; width: auto; max-width: 8rem;",
        "  object-fit: contain; }",
        ".region-brand-name { font-weight: 700; font-size: 1.15rem; overflow-wrap: anywhere; }",
        ".region-brand-tagline { margin: 0; font-size: .95rem; overflow-wrap: anywhere; }",
    ]
    primary, on = brand.primary, brand.on_primary
    if primary:
        on = on or _text_for(primary)
        muted = "rgb(0 0 0 / .35)" if on == BLACK else "rgb(255 255 255 / .45)"
        rules += [
            f":root {{ --region-primary: {primary}; --region-on-primary: {on}; }}",
            ".has-brand .topbar, .has-brand .region-brand, .has-brand .hero {",
            "  background: var(--region-primary); color: var(--region-on-primary); }",
            ".has-brand .topbar .brand, .has-brand .topnav a, .has-brand .topnav a:hover,",
            ".has-brand .lang-switch button, .has-brand .topbar .btn-ghost,",
            ".has-brand .hero .lead, .has-brand .hero .muted, .has-brand .hero .eyebrow {",
            "  color: var(--region-on-primary); }",
            f".has-brand .lang-switch {{ border-color: {muted}; }}",
            ".has-brand .lang-switch button.active { background: var(--region-on-primary);",
            "  color: var(--region-primary); }",
            f".has-brand .region-brand {{ border-top: 1px solid {muted}; }}",
        ]
    if brand.accent:
        on_accent = _text_for(brand.accent)
        rules += [
            f":root {{ --region-accent: {brand.accent}; --region-on-accent: {on_accent}; }}",
            ".has-brand .region-brand { border-bottom: 4px solid var(--region-accent); }",
            ".has-brand .brand .icon { color: var(--region-accent); }",
            ".has-brand .btn-primary { background: var(--region-accent);",
            "  color: var(--region-on-accent); }",
        ]
    return "\n".join(rules) + "\n"


def _etag(css: str) -> str:
    return hashlib.sha256(css.encode()).hexdigest()[:16]


def brand_css(request: HttpRequest, region_slug: str) -> HttpResponse:
    found = brand_for_slug(region_slug)
    if found is None:
        raise Http404("this region has no brand")
    css = stylesheet(found[1])
    tag = f'"{_etag(css)}"'
    if request.headers.get("If-None-Match", "") == tag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = tag
    response["Cache-Control"] = f"public, max-age={CSS_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- the context processor -----------------------------------------------------------------


def brand(request: HttpRequest) -> dict[str, Any]:
    """``region_brand`` and the Open Graph defaults for every page (empty off ``/r/``)."""
    language = get_language() or "id"
    found = None
    slug = _region_slug(request)
    if slug:
        try:
            found = brand_for_slug(slug)
        except Exception:  # the brand decorates a page; it never breaks one
            log.exception("brand of %s could not be read", slug)
    page_url = absolute(request, request.path)
    if found is None:
        return {"og_url": page_url, "og_site_name": "kotacerdas"}
    region, chosen = found
    name = _localised(chosen.name, language) or str(region.name)
    css_path = reverse("region-brand-css", args=[region.slug])
    return {
        "region_brand": chosen,
        "region_brand_region": region,
        "region_brand_name": name,
        "region_brand_tagline": _localised(chosen.tagline, language),
        "region_brand_css": f"{css_path}?v={_etag(stylesheet(chosen))}",
        "og_url": page_url,
        "og_site_name": name,
        "og_default_image": absolute(request, chosen.logo_url),
    }


# -- the sitemap ---------------------------------------------------------------------------


def _app_pages(region: Region, installation: AppInstallation) -> list[str]:
    app = get_app(installation.app_key)
    if app is None or not app.public_urls():
        return []
    paths = []
    index = f"/r/{region.slug}/{app.key}/"
    try:
        resolve(index)
        paths.append(index)
    except Resolver404:
        pass  # an app whose public pages have no index page
    # The app's public detail pages (events, destinations …), asked with a system context.
    installation.region = region
    try:
        ctx = context_for_installation(app, installation)
        paths += [str(p) for p in app.public_pages(ctx)]
    except ConfigBroken:
        log.warning("sitemap: %s in %s skipped, configuration broken", app.key, region.slug)
    except Exception:  # one app's bug leaves its pages out, never the whole sitemap
        log.exception("sitemap: public_pages of %s failed for %s", app.key, region.slug)
    prefix = f"/r/{region.slug}/"
    return [p for p in paths if p.startswith(prefix)]


def sitemap_paths() -> list[str]:
    """Every public page of every region, in a stable order."""
    paths: list[str] = []
    regions = list(Region.objects.order_by("slug"))
    rows = (
        AppInstallation.objects.unscoped("which regions run an app is public")
        .filter(enabled=True)
        .order_by("app_key")
    )
    by_region: dict[int, list[AppInstallation]] = {}
    for row in rows:
        by_region.setdefault(row.region_id, []).append(row)
    for region in regions:
        paths.append(reverse("region", args=[region.slug]))
        for installation in by_region.get(region.pk, []):
            paths.extend(_app_pages(region, installation))
    return list(dict.fromkeys(paths))[:SITEMAP_MAX_URLS]


def sitemap(request: HttpRequest) -> HttpResponse:
    base = site_url(request)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    lines += [f"  <url><loc>{escape(base + path)}</loc></url>" for path in sitemap_paths()]
    lines.append("</urlset>")
    response = HttpResponse("\n".join(lines) + "\n", content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


__all__ = ["absolute", "brand", "brand_css", "region_brand", "site_url", "sitemap", "stylesheet"]
