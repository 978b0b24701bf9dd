"""The platform as a visitor and a region admin see it, in a real browser."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_regions_in_indonesian_then_english(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.goto(page.base + "/")
    assert page.locator("h1").inner_text() == "Aplikasi kota cerdas, dibagi antardaerah"
    assert page.locator(".region-card").count() == 6
    page.click("text=Kota Semarang")
    assert page.locator("h1").inner_text().strip() == "Kota Semarang"
    assert page.locator(".dimension-card").count() == 6
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    assert page.locator("#dim-governance").inner_text() == "Smart Governance"
    assert page.locator(".lang-switch button.active").inner_text() == "EN"


def test_region_admin_signs_in_and_adds_an_agency(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    sign_in(page, "admin-semarang", "demo-semarang")
    assert "/console/semarang/" in page.url
    page.click("nav >> text=Perangkat daerah")
    page.fill("#id_name", "Dinas Kearsipan")
    page.fill("#id_slug", "arsip")
    page.click("button:has-text('Tambah perangkat daerah')")
    assert page.locator(".msg-success").inner_text() == "Perangkat daerah ditambahkan."
    assert page.locator("li.agency strong:text-is('Dinas Kearsipan')").count() == 1
    page.fill("#id_name", "Dinas Ganda")
    page.fill("#id_slug", "arsip")
    page.click("button:has-text('Tambah perangkat daerah')")
    assert "sudah memakai kode singkat" in page.locator(".field-error").inner_text()


# Pages the walk does not open: the API, files, sign-in and staff pages, streams.
NOT_PAGES = re.compile(
    r"^/(api|static|media|accounts|console|admin|i18n)/|\.(json|csv|xlsx|pdf|ya?ml|xml|geojson|zip|ics|atom|jsonld|ttl|rdf|css|png)$"
    r"|/events/$"
)


def _kind(path: str) -> str:
    """Pages of one kind (every report, every region's app page) are walked twice at most."""
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] == "r":
        parts[1] = "R"
    if len(parts) >= 4:
        parts[-1] = "*"
    return "/".join(re.sub(r"\d+", "N", p) for p in parts)


def test_every_public_page_fits_a_360_px_phone(page: Any) -> None:
    """The report list was 678 px wide on a 390 px phone, the sensor page 512 px: walk every
    kind of public page (the platform's, the catalog's, each app's, the public room) from the
    home page as a citizen and name every page wider than the phone."""
    from kotacerdas.core.models import Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.platform.demo import seed_demo
    from kotacerdas.situation.services import set_public_room

    seed_demo()
    page.set_default_navigation_timeout(30_000)  # a loaded machine; nothing is timed
    set_public_room(
        Scope.system("test opens a public room"), Region.objects.get(slug="semarang"), True
    )
    page.set_viewport_size({"width": 360, "height": 740})
    queue = ["/", "/apps/", "/catalog/", "/r/semarang/", "/province/33/situation/"]
    seen = set(queue)
    walked: list[str] = []
    too_wide: dict[str, int] = {}
    while queue and len(walked) < 60:
        path = queue.pop(0)
        response = page.goto(page.base + path)
        if response is None or response.status >= 400 or "/accounts/login/" in page.url:
            continue
        walked.append(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[path] = width
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlparse(href)
            if url.netloc != urlparse(page.base).netloc or NOT_PAGES.search(url.path):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target in seen or sum(_kind(s.split("?")[0]) == _kind(url.path) for s in seen) >= 2:
                continue
            seen.add(target)
            queue.append(target)
    # The walk reached the platform's pages, each app's and the public room.
    for expected in (
        "/r/semarang/situation/",
        "/r/semarang/aduan-warga/",
        "/r/semarang/sensor-kota/",
    ):
        assert expected in walked, (expected, walked)
    assert any(p.startswith("/r/semarang/harga-pangan/") for p in walked), walked
    assert len(walked) >= 15, walked
    assert too_wide == {}, f"wider than a 360 px phone: {too_wide}"
