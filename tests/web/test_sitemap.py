"""``/sitemap.xml``: valid sitemaps.org XML listing only the regions' public pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from kotacerdas.contract import get_app
from kotacerdas.core.models import AppInstallation, Region
from tests.conftest import Demo

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://kotacerdas.jatengprov.example"


def locations(client: Client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own answer; well-formed or raises
    assert root.tag == f"{NS}urlset"
    urls = root.findall(f"{NS}url")
    assert all(len(u.findall(f"{NS}loc")) == 1 for u in urls)
    return [str(u.findtext(f"{NS}loc")) for u in urls]


def test_sitemap_lists_every_region_and_its_public_app_pages(demo: Demo, settings: Any) -> None:
    settings.KOTACERDAS_SITE_URL = SITE
    locs = locations(Client())
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(SITE + "/r/") for loc in locs), locs[:5]
    paths = [urlsplit(loc).path for loc in locs]
    for region in Region.objects.all():
        assert f"/r/{region.slug}/" in paths
    running = AppInstallation.objects.unscoped("test").filter(enabled=True)
    for row in running:
        app = get_app(row.app_key)
        if app is not None and app.public_urls():
            prefix = f"/r/{row.region.slug}/{row.app_key}/"
            assert any(p.startswith(prefix) for p in paths), prefix
    assert not any("/console/" in p or p.startswith("/api/") or "/admin/" in p for p in paths)


def test_every_listed_page_opens_for_anyone(demo: Demo, settings: Any) -> None:
    settings.KOTACERDAS_SITE_URL = SITE
    anonymous = Client()
    for loc in locations(anonymous)[:400]:
        path = urlsplit(loc).path
        assert anonymous.get(path).status_code == 200, path


def test_a_disabled_app_leaves_the_sitemap(demo: Demo) -> None:
    row = AppInstallation.objects.unscoped("test").filter(region=demo.kendal, enabled=True).first()
    assert row is not None
    row.enabled = False
    row.save()
    paths = [urlsplit(loc).path for loc in locations(Client())]
    assert not any(p.startswith(f"/r/kendal/{row.app_key}/") for p in paths)
    assert "/r/kendal/" in paths


def test_a_failing_app_hook_does_not_break_the_sitemap(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = get_app("agenda-wisata")
    assert app is not None

    def broken(ctx: Any) -> list[str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(app, "public_pages", broken, raising=False)
    paths = [urlsplit(loc).path for loc in locations(Client())]
    assert "/r/semarang/" in paths


def test_an_app_cannot_list_another_regions_or_foreign_pages(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = get_app("agenda-wisata")
    assert app is not None

    def foreign(ctx: Any) -> list[str]:
        return [f"/r/{ctx.region.slug}/agenda-wisata/", "/console/x/", "https://evil.example/"]

    monkeypatch.setattr(app, "public_pages", foreign, raising=False)
    locs = locations(Client())
    assert not any("evil.example" in loc or "/console/" in loc for loc in locs)
