"""The region's brand on its public pages (web/brand.py): the header, the stylesheet route,
Open Graph cards, hostile text, and Kendal keeping its brand after adopting Semarang's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from django.test import Client

from kotacerdas.apps.agenda_wisata.brand import DEFAULT_BRAND, contrast
from kotacerdas.catalog.services.adoption import adopt, preview
from kotacerdas.catalog.services.publishing import publish
from kotacerdas.core.models import AppInstallation, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.brand import forget_brands
from kotacerdas.platform.installations import enable_app
from kotacerdas.web.brand import stylesheet
from tests.conftest import Demo

KEY = "agenda-wisata"
LOGO = "a" * 32 + ".png"
KENDAL = {
    "name": {"id": "Kabupaten Kendal", "en": "Kendal Regency"},
    "tagline": {"id": "Kendal Beribadat", "en": "Kendal, clean and peaceful"},
    "logo": LOGO,
    "primary": "#7a1f2b",
    "accent": "#e8b923",
}
SEMARANG = {
    "name": {"id": "Kota Semarang", "en": "Semarang City"},
    "tagline": {"id": "Semarang Kota ATLAS", "en": ""},
    "logo": "b" * 32 + ".png",
    "primary": "#0b5d3b",
    "accent": "#f2c200",
}


@pytest.fixture(autouse=True)
def _fresh_brands() -> Iterator[None]:
    forget_brands()
    yield
    forget_brands()


def set_brand(region: Region, brand: dict[str, Any]) -> AppInstallation:
    row = AppInstallation.objects.unscoped("test").filter(region=region, app_key=KEY).first()
    config = dict(row.config) if row is not None else {}
    config["brand"] = {**DEFAULT_BRAND, **brand}
    return enable_app(Scope.system("test"), region, KEY, config)


def meta(html: str, prop: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return unescape(found.group(1)) if found else None


def public_paths(slug: str) -> list[str]:
    paths = [f"/r/{slug}/", f"/r/{slug}/{KEY}/"]
    if AppInstallation.objects.unscoped("test").filter(
        region__slug=slug, app_key="aduan-warga", enabled=True
    ):
        paths.append(f"/r/{slug}/aduan-warga/")
    return paths


def test_without_a_brand_the_default_look_stays(demo: Demo) -> None:
    set_brand(demo.demak, DEFAULT_BRAND)
    html = Client().get("/r/demak/").content.decode()
    assert 'class="region-brand"' not in html and "brand.css" not in html
    assert "has-brand" not in html
    assert Client().get("/r/demak/brand.css").status_code == 404
    assert Client().get("/r/nowhere/brand.css").status_code == 404
    # The cards are there all the same, on the platform's name.
    assert meta(html, "og:site_name") == "kotacerdas"
    assert meta(html, "og:url") == "http://testserver/r/demak/"


def test_every_public_page_of_the_region_carries_its_brand(demo: Demo) -> None:
    set_brand(demo.kendal, KENDAL)
    client = Client()
    for path in public_paths("kendal"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert 'class="region-brand" data-region="kendal"' in html, path
        assert '<span class="region-brand-name">Kabupaten Kendal</span>' in html, path
        assert "Kendal Beribadat" in html
        assert f'src="/r/kendal/{KEY}/brand/logo/{LOGO}"' in html, path
        assert re.search(
            r'<link rel="stylesheet" href="/r/kendal/brand\.css\?v=[0-9a-f]{16}">', html
        )
        assert "<style" not in html  # the colours come from the served stylesheet (CSP)
    # In English the English name and tagline.
    client.cookies["django_language"] = "en"
    html = client.get("/r/kendal/").content.decode()
    assert "Kendal Regency" in html and "Kendal, clean and peaceful" in html
    # The console is not a public page: no region brand there.
    admin = demo.client_for("admin-kendal")
    assert 'class="region-brand"' not in admin.get("/console/kendal/").content.decode()


def test_the_stylesheet_has_readable_colours_and_caches(demo: Demo) -> None:
    set_brand(demo.kendal, {**KENDAL, "primary": "#f2c200"})  # light: black text
    client = Client()
    html = client.get("/r/kendal/").content.decode()
    href = re.search(r'href="(/r/kendal/brand\.css\?v=[0-9a-f]+)"', html)
    assert href is not None
    response = client.get(href.group(1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "max-age=86400" in response["Cache-Control"]
    css = response.content.decode()
    primary = re.search(r"--region-primary: (#[0-9a-f]{6})", css)
    on = re.search(r"--region-on-primary: (#[0-9a-f]{6})", css)
    assert primary and on and primary.group(1) == "#f2c200" and on.group(1) == "#000000"
    assert contrast(primary.group(1), on.group(1)) >= 4.5
    etag = response["ETag"]
    again = client.get("/r/kendal/brand.css", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    # A new colour is a new address and a new tag.
    set_brand(demo.kendal, KENDAL)
    html2 = client.get("/r/kendal/").content.decode()
    assert href.group(1) not in html2
    assert client.get("/r/kendal/brand.css", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_brand_without_colours_keeps_the_platform_colours() -> None:
    from kotacerdas.contract import Brand

    css = stylesheet(Brand({"id": "X"}, {"id": ""}, "", "", "", ""))
    assert "--region-primary" not in css and ".region-brand" in css


HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def test_hostile_markup_in_the_brand_is_rendered_as_text(demo: Demo) -> None:
    set_brand(
        demo.kendal,
        {
            **KENDAL,
            "name": {"id": "Kendal" + HOSTILE[:40], "en": ""},
            "tagline": {"id": HOSTILE, "en": ""},
        },
    )
    html = Client().get("/r/kendal/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    # Inside the card's attribute as well: escaped, the attribute not broken out of.
    assert meta(html, "og:description") == HOSTILE


def test_open_graph_cards_carry_absolute_addresses(demo: Demo, settings: Any) -> None:
    settings.KOTACERDAS_SITE_URL = "https://kotacerdas.jatengprov.example/"
    set_brand(demo.kendal, KENDAL)
    html = Client().get("/r/kendal/").content.decode()
    assert meta(html, "og:title") == "Kabupaten Kendal"
    assert meta(html, "og:description") == "Kendal Beribadat"
    assert meta(html, "og:site_name") == "Kabupaten Kendal"
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:url") == "https://kotacerdas.jatengprov.example/r/kendal/"
    image = meta(html, "og:image")
    assert image == f"https://kotacerdas.jatengprov.example/r/kendal/{KEY}/brand/logo/{LOGO}"
    assert meta(html, "twitter:card") in ("summary", "summary_large_image")
    # Without the setting, the request's own address.
    settings.KOTACERDAS_SITE_URL = ""
    html = Client().get("/r/kendal/", HTTP_HOST="localhost").content.decode()
    assert (meta(html, "og:image") or "").startswith("http://localhost/r/kendal/")


def test_kendal_keeps_its_brand_after_adopting_semarangs_variant(demo: Demo) -> None:
    set_brand(demo.semarang, SEMARANG)
    set_brand(demo.kendal, KENDAL)
    semarang = Scope.system("Semarang publishes")
    version = publish(
        semarang,
        demo.semarang,
        KEY,
        version="9.0.0",
        changelog="Merek dan kategori acara Semarang.",
        sharing="public",
        name="Agenda & Wisata Kota Semarang",
        include_local=["brand"],  # even shared, adoption does not take it unasked
    )
    kendal = Scope.system("Kendal adopts")
    adopt(kendal, demo.kendal, version, preview(kendal, demo.kendal, version).suggestions)
    row = AppInstallation.objects.unscoped("test").get(region=demo.kendal, app_key=KEY)
    assert row.config["brand"]["primary"] == "#7a1f2b"
    forget_brands()
    for path in public_paths("kendal"):
        html = Client().get(path).content.decode()
        assert "Kabupaten Kendal" in html and "Kota Semarang" not in html, path
        assert f"/r/kendal/{KEY}/brand/logo/{LOGO}" in html, path
        assert "b" * 32 not in html, path
    css = Client().get("/r/kendal/brand.css").content.decode()
    assert "#7a1f2b" in css and "#0b5d3b" not in css
