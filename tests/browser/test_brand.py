"""Issue 19's brand journey in a real browser, on a phone (Indonesian) and a desktop (English).

Semarang's admin sets the region brand on Agenda & Wisata (logo, colours, tagline; an
unreadable text colour is refused live and by the server, nothing saved) and publishes the
variant in the catalog, sharing even its brand. Kendal's admin sets Kendal's brand and
adopts Semarang's variant through the adopt page without taking the brand. Kendal's public
pages (its region page, Aduan Warga's and Agenda & Wisata's) then show Kendal's logo and
colours, never Semarang's, and the header text reaches 4.5:1 on its background, computed
from the styles the browser applied.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY = "agenda-wisata"
VIEWPORTS = {
    "phone": ({"width": 360, "height": 740}, "id"),
    "desktop": ({"width": 1280, "height": 900}, "en"),
}
WORDS = {
    "id": {
        "adopt_for": "Adopsi untuk {region}",
        "adopt": "Adopsi dan aktifkan",
        "publish": "Terbitkan versi",
    },
    "en": {
        "adopt_for": "Adopt for {region}",
        "adopt": "Adopt and enable",
        "publish": "Publish version",
    },
}
SEMARANG = {
    "name": "Kota Semarang",
    "tagline": "Semarang Kota ATLAS",
    "primary": "#0b5d3b",
    "accent": "#f2c200",
}
KENDAL = {
    "name": "Kabupaten Kendal",
    "tagline": "Kendal Beribadat",
    "primary": "#f2d16b",
    "accent": "#7a1f2b",
}


def _seed() -> None:
    """The demo's regions, users, apps and agreements, without the demo's adoptions and
    without any brand (the journey sets them through the forms)."""
    from kotacerdas.catalog.demo import seed_agreements, seed_catalog
    from kotacerdas.core.models import AppInstallation, Region
    from kotacerdas.core.signals import demo_seeded
    from kotacerdas.platform.demo import seed_demo

    demo_seeded.disconnect(dispatch_uid="catalog-demo")
    try:
        seed_demo()
    finally:
        demo_seeded.connect(seed_catalog, dispatch_uid="catalog-demo")
    seed_agreements({r.slug: r for r in Region.objects.all()})
    for row in AppInstallation.objects.unscoped("test").filter(app_key=KEY):
        row.config = {k: v for k, v in row.config.items() if k != "brand"}
        row.save()


def _logo(tmp: Path, name: str, colour: str) -> Path:
    img = Image.new("RGB", (300, 120), colour)
    path = tmp / name
    out = io.BytesIO()
    img.save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _sign_in(page: Any, username: str, lang: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-" + username.removeprefix("admin-"))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_password").count() == 0, f"{username} could not sign in"


def _stored_brand(slug: str) -> dict[str, Any]:
    from kotacerdas.core.models import AppInstallation

    row = AppInstallation.objects.unscoped("test").get(region__slug=slug, app_key=KEY)
    return dict(row.config.get("brand") or {})


def _set_brand(page: Any, slug: str, brand: dict[str, str], logo: Path) -> None:
    page.goto(page.base + f"/console/{slug}/{KEY}/brand/")
    # The console menu leads here too.
    assert page.locator(f"nav a[href='/console/{slug}/{KEY}/brand/']").count() >= 1
    page.fill("#id_name_id", brand["name"])
    page.fill("#id_tagline_id", brand["tagline"])
    page.fill("#id_accent", brand["accent"])
    page.fill("#id_primary", brand["primary"])
    page.set_input_files("#id_logo", str(logo))
    page.click("#brand-form button[type=submit]")
    assert page.locator(".msg-success").count() == 1, page.locator("main").inner_text()


def _rgb(value: str) -> str:
    numbers = [int(float(n)) for n in re.findall(r"[\d.]+", value)[:3]]
    return "#" + "".join(f"{n:02x}" for n in numbers)


def _header_contrast(page: Any, selector: str) -> tuple[str, float]:
    """The background of ``selector`` and the lowest contrast of the text in it."""
    from kotacerdas.apps.agenda_wisata.brand import contrast

    box = page.locator(selector).first
    background = _rgb(box.evaluate("e => getComputedStyle(e).backgroundColor"))
    # Each piece of text against the background it sits on: its own or the nearest
    # ancestor's that is painted (a button has its own).
    pairs = box.evaluate(
        r"""e => [e, ...e.querySelectorAll('a, span, p, strong, b, button')]
             .filter(n => n.offsetParent !== null && n.textContent.trim())
             .map(n => {
               const clear = /rgba\(.*, 0\)$|transparent/;
               let b = n;
               while (b && getComputedStyle(b).backgroundColor.match(clear)) b = b.parentElement;
               return [getComputedStyle(n).color, getComputedStyle(b || e).backgroundColor];
             })"""
    )
    assert pairs, selector
    return background, min(contrast(_rgb(bg), _rgb(fg)) for fg, bg in pairs)


def _fits(page: Any) -> None:
    size = page.viewport_size
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{page.url} is {width}px wide at {size['width']}px"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_kendal_keeps_its_brand_after_adopting_semarangs_variant(
    page: Any, viewport: str, tmp_path: Path, settings: Any
) -> None:
    size, lang = VIEWPORTS[viewport]
    w = WORDS[lang]
    settings.MEDIA_ROOT = tmp_path / "media"
    _seed()
    page.set_viewport_size(size)

    # -- Semarang sets its brand; an unreadable text colour is refused, live and on save ----
    _sign_in(page, "admin-semarang", lang)
    page.goto(page.base + f"/console/semarang/{KEY}/brand/")
    page.fill("#id_name_id", SEMARANG["name"])
    page.fill("#id_primary", SEMARANG["primary"])
    page.fill("#id_on_primary", "#2e7d32")  # green on green: about 1.6:1
    live = page.locator("#brand-contrast")
    assert "4.5:1" in live.inner_text() and "brand-contrast-low" in (
        live.get_attribute("class") or ""
    )
    assert page.locator("#id_on_primary").get_attribute("aria-invalid") == "true"
    page.set_input_files("#id_logo", str(_logo(tmp_path, "semarang.png", SEMARANG["primary"])))
    files_before = sorted((tmp_path / "media").rglob("*"))  # the demo's own logos, if any
    page.click("#brand-form button[type=submit]")
    error = page.locator("#on_primary-error")
    assert "4.5:1" in error.inner_text() and "#2e7d32" in error.inner_text()
    assert page.locator("#brand-errors").is_visible()
    assert _stored_brand("semarang") == {}  # nothing written
    assert sorted((tmp_path / "media").rglob("*")) == files_before
    _fits(page)
    page.fill("#id_on_primary", "")
    live_text = page.locator("#brand-contrast").inner_text()
    assert re.search(r"\d+\.\d:1", live_text) and "brand-contrast-ok" in (
        page.locator("#brand-contrast").get_attribute("class") or ""
    )
    _set_brand(page, "semarang", SEMARANG, _logo(tmp_path, "semarang.png", SEMARANG["primary"]))
    semarang_logo = _stored_brand("semarang")["logo"]
    assert semarang_logo

    # -- Semarang publishes its variant, its brand ticked to go with it -------------------
    page.goto(page.base + f"/console/semarang/catalog/{KEY}/")
    page.fill("#id_version", "1.0.0")
    page.fill("#id_name", "Agenda & Wisata Kota Semarang")
    page.fill("#id_changelog", "Versi pertama.")
    tick = page.locator("input[name=include_local][value=brand]")
    assert tick.count() == 1
    tick.check()
    page.click("button:has-text('{}')".format(w["publish"]))
    assert "/catalog/variants/" in page.url
    variant_url = page.url

    # -- Kendal sets its own brand (a light colour: dark text) and adopts Semarang's ------
    _sign_in(page, "admin-kendal", lang)
    _set_brand(page, "kendal", KENDAL, _logo(tmp_path, "kendal.png", KENDAL["accent"]))
    kendal_logo = _stored_brand("kendal")["logo"]
    assert kendal_logo and kendal_logo != semarang_logo
    page.goto(variant_url)
    page.click("a.btn:has-text('{}')".format(w["adopt_for"].format(region="Kabupaten Kendal")))
    assert "/adopt/" in page.url
    take = page.locator("input[name=take_local][value=brand]")
    assert take.count() == 1 and not take.is_checked()  # offered, not taken
    page.click("button:has-text('{}')".format(w["adopt"]))
    assert page.locator(".msg-success").count() == 1
    assert _stored_brand("kendal")["primary"] == KENDAL["primary"]

    # -- Kendal's public pages carry Kendal's logo and colours, readable ------------------
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    for path in ("/r/kendal/", "/r/kendal/aduan-warga/", f"/r/kendal/{KEY}/"):
        page.goto(page.base + path)
        band = page.locator(".region-brand")
        assert band.locator(".region-brand-name").inner_text() == KENDAL["name"], path
        assert KENDAL["tagline"] in band.inner_text()
        assert SEMARANG["name"] not in band.inner_text()
        logo = band.locator("img.region-brand-logo")
        assert (logo.get_attribute("src") or "").endswith(
            f"/r/kendal/{KEY}/brand/logo/{kendal_logo}"
        )
        assert logo.evaluate("img => img.complete && img.naturalWidth > 0"), path
        for selector in (".region-brand", ".topbar"):
            background, lowest = _header_contrast(page, selector)
            assert background == KENDAL["primary"], (path, selector, background)
            assert lowest >= 4.5, (path, selector, lowest)
        assert semarang_logo not in page.content()
        _fits(page)

    # Semarang's own pages keep Semarang's brand.
    page.goto(page.base + "/r/semarang/")
    assert page.locator(".region-brand-name").inner_text() == SEMARANG["name"]
    background, lowest = _header_contrast(page, ".topbar")
    assert background == SEMARANG["primary"] and lowest >= 4.5
    # A region without a brand keeps the platform's look.
    page.goto(page.base + "/r/demak/")
    assert page.locator(".region-brand").count() == 0
