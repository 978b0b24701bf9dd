"""Issue 12's catalog journey in a real browser, on a phone (Indonesian) and a desktop (English).

Kendal adopts Semarang's Harga Pangan and Aduan Warga variants through the forms and keeps
its own markets and agencies; Semarang publishes Harga Pangan v2 (a new commodity, a changed
spike tier) edited through the generated form; Kendal, which changed the same tier, merges it
keeping its own value and gets the new commodity; Kendal publishes its variant, Demak adopts
it, and the lineage picture on /catalog/ shows Semarang → Kendal → Demak.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {
    # viewport: (size, language of the UI)
    "phone": ({"width": 390, "height": 844}, "id"),
    "desktop": ({"width": 1280, "height": 900}, "en"),
}
HP = "harga-pangan"
AW = "aduan-warga"
TIERS = "#cfg-spike_tiers"
COMMODITIES = "#cfg-commodities"
WASPADA = "#cfg-spike_tiers-1-percent"  # the second default tier, "Waspada" (8 %)
KENDAL_MARKETS = ["Pasar Kota Kendal", "Pasar Weleri", "Pasar Kaliwungu", "Pasar Boja"]
SEMARANG_MARKETS = ["Pasar Johar", "Pasar Bulu", "Pasar Karangayu", "Swalayan Setiabudi"]
# A JSON path as the old screens showed them ("markets › 1 › agency", "/spike_tiers/1").
JSON_PATH = re.compile(r"(^|\s)/[a-z_]+/|\b[a-z]+_[a-z_]+\b|›\s*\d")

WORDS = {
    "id": {
        "adopt_for": "Adopsi untuk {region}",
        "adopt": "Adopsi dan aktifkan",
        "adopted": "diadopsi",
        "markets_stay": "Pasar Anda tetap (5)",
        "save_ok": "Konfigurasi disimpan.",
        "tier_override": "Waspada: 8 → 9 %",
        "update": "Pembaruan v2.0.0 tersedia",
        "new_commodity": "Komoditas baru: Jagung",
        "review": "Tinjau dan gabungkan",
        "merge": "Gabungkan pembaruan",
        "merged": "Pembaruan v2.0.0 digabungkan.",
        "keep_mine": "Pertahankan milik saya",
        "take_theirs": "Ambil milik mereka",
        "edit": "Ubah",
        "tier_setting": "Waspada",
        "publish": "Terbitkan versi",
    },
    "en": {
        "adopt_for": "Adopt for {region}",
        "adopt": "Adopt and enable",
        "adopted": "Adopted",
        "markets_stay": "Yours stays: Markets (5)",
        "save_ok": "Configuration saved.",
        "tier_override": "Waspada: 8 → 9 %",
        "update": "Update v2.0.0 available",
        "new_commodity": "New commodity: Jagung",
        "review": "Review and merge",
        "merge": "Merge update",
        "merged": "Update v2.0.0 merged.",
        "keep_mine": "Keep mine",
        "take_theirs": "Take theirs",
        "edit": "Edit",
        "tier_setting": "Waspada",
        "publish": "Publish version",
    },
}


def _seed() -> None:
    """The demo's regions, agencies, users, apps and agreements, and Semarang's published
    Harga Pangan v1.0.0 and Aduan Warga v1.0.0 — but none of the demo's adoptions (the
    journey makes them through the forms)."""
    from kotacerdas.catalog.demo import seed_agreements, seed_catalog, seed_harga_pangan
    from kotacerdas.catalog.services.publishing import publish
    from kotacerdas.core.models import Region
    from kotacerdas.core.signals import demo_seeded
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.platform.demo import seed_demo

    demo_seeded.disconnect(dispatch_uid="catalog-demo")
    try:
        seed_demo()
    finally:
        demo_seeded.connect(seed_catalog, dispatch_uid="catalog-demo")
    regions = {r.slug: r for r in Region.objects.all()}
    seed_agreements(regions)
    seed_harga_pangan(regions["semarang"])
    publish(
        Scope.system("Semarang publishes in its own console"),
        regions["semarang"],
        AW,
        version="1.0.0",
        sharing="partners",
        name="Aduan Warga Kota Semarang",
        changelog="Versi pertama untuk daerah mitra PKS 2018.",
    )


def _own_data(slug: str) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """A region's agencies (slug, name) and its Harga Pangan markets, from the database."""
    from kotacerdas.core.models import Agency, AppInstallation

    agencies = list(
        Agency.objects.unscoped("test")
        .filter(region__slug=slug)
        .order_by("slug")
        .values_list("slug", "name")
    )
    row = AppInstallation.objects.unscoped("test").get(region__slug=slug, app_key=HP)
    return agencies, list(row.config.get("markets", []))


def _sign_in(page: Any, username: str, lang: str) -> None:
    """Sign in as ``username`` (demo password) in a fresh session, UI in ``lang``."""
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-" + username.removeprefix("admin-"))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_password").count() == 0, f"{username} could not sign in"


def _variant_href(page: Any, app_key: str, region_name: str) -> str:
    """The variant page a node of the lineage picture on /catalog/ links to."""
    page.goto(page.base + "/catalog/")
    node = page.locator(f"figure#lineage-{app_key} svg g.node").filter(has=page.locator("rect"))
    for i in range(node.count()):
        g = node.nth(i)
        if (g.locator("title").first.text_content() or "").startswith(region_name):
            href = g.locator("a").first.get_attribute("href")
            assert href and href.startswith("/catalog/variants/")
            return str(href)
    raise AssertionError(f"no node of {region_name} in the {app_key} picture")


def _adopt(page: Any, w: dict[str, str], app_key: str, publisher: str, adopter: str) -> str:
    """Adopt ``publisher``'s variant of ``app_key`` for ``adopter`` through the adopt page;
    answers the plain lines the preview showed."""
    page.goto(page.base + _variant_href(page, app_key, publisher))
    page.click("a.btn:has-text('{}')".format(w["adopt_for"].format(region=adopter)))
    assert "/adopt/" in page.url
    changes = page.locator("section.adopt-changes").inner_text()
    # Agency roles are asked for with dropdowns of the adopter's agencies, same slug chosen.
    selects = page.locator("form select[name^=map-]")
    assert selects.count() >= 1
    for i in range(selects.count()):
        select = selects.nth(i)
        slug = (select.get_attribute("name") or "").removeprefix("map-")
        assert select.input_value() == slug
        assert select.locator("option").count() > 5  # the adopter's agencies
    # No JSON on the page a person reads: it waits, closed, behind "Advanced".
    advanced = page.locator("details:has(pre.mono)")
    assert advanced.count() == 1 and not advanced.locator("pre").is_visible()
    visible = page.locator("main").inner_text()
    assert '"commodities"' not in visible and '"categories"' not in visible
    _fits(page, page.viewport_size)
    page.click("button:has-text('{}')".format(w["adopt"]))
    assert w["adopted"] in page.locator(".msg-success").inner_text()
    assert page.url.endswith(f"/catalog/{app_key}/")
    return changes


def _fits(page: Any, size: dict[str, int]) -> None:
    """The page does not scroll sideways at this viewport."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"], f"{page.url} is {width}px wide at {size['width']}px"


def _tier_percent(page: Any) -> str:
    return str(page.locator(WASPADA).input_value())


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_kendal_adopts_merges_keeping_its_own_and_demak_follows(page: Any, viewport: str) -> None:
    size, lang = VIEWPORTS[viewport]
    w = WORDS[lang]
    _seed()
    page.set_viewport_size(size)
    kendal_before = _own_data("kendal")
    assert len(kendal_before[1]) == 5

    # -- Kendal adopts Semarang's Harga Pangan and Aduan Warga through the forms ----------
    _sign_in(page, "admin-kendal", lang)
    if lang == "en":  # the language switch in the header works too (and keeps English)
        page.goto(page.base + "/catalog/")
        page.click("form.lang-switch button[value=en]")
        assert page.locator("html").get_attribute("lang") == "en"
    lines = _adopt(page, w, HP, "Kota Semarang", "Kabupaten Kendal")
    assert w["markets_stay"] in lines  # "Pasar Anda tetap (5)": the preview says so
    assert not JSON_PATH.search(lines), lines
    lines = _adopt(page, w, AW, "Kota Semarang", "Kabupaten Kendal")
    assert not JSON_PATH.search(lines), lines

    # Kendal's markets and agencies are its own still, in the database and on its pages.
    assert _own_data("kendal") == kendal_before
    page.goto(page.base + "/r/kendal/harga-pangan/")
    prices = page.locator("main").inner_text()
    assert all(name in prices for name in KENDAL_MARKETS), prices
    assert not any(name in prices for name in SEMARANG_MARKETS), prices

    # Kendal changes the Waspada tier through the generated form: 8 → 9 %.
    page.goto(page.base + f"/console/kendal/catalog/{HP}/")
    assert not page.locator("details.sf-advanced textarea").is_visible()
    assert _tier_percent(page) == "8"
    page.fill(WASPADA, "9")
    page.click("button[data-sf-save]")
    assert page.locator(".msg-success").inner_text() == w["save_ok"]
    overrides = page.locator(".upstream-box ul.change-lines").inner_text()
    assert w["tier_override"] in overrides, overrides
    assert not JSON_PATH.search(overrides), overrides

    # -- Semarang publishes v2.0.0: a new commodity and the Waspada tier at 7 % -----------
    _sign_in(page, "admin-semarang", lang)
    page.goto(page.base + f"/console/semarang/catalog/{HP}/")
    rows = page.locator(f"{COMMODITIES} > [data-sf-rows] > [data-sf-row]")
    before = rows.count()
    page.click(f"{COMMODITIES} > [data-sf-add]")
    assert rows.count() == before + 1
    new = rows.last
    name = new.get_attribute("id")
    new.locator(f"#{name}-key").fill("jagung")
    new.locator(f"#{name}-name").fill("Jagung")
    new.locator(f"#{name}-unit").fill("kg")
    new.locator(f"#{name}-variants-0-key").fill("pipilan")
    new.locator(f"#{name}-variants-0-name").fill("Pipilan kering")
    new.locator(f"#{name}-variants-0-reference_price").fill("5000")
    page.fill(WASPADA, "7")
    page.click("button[data-sf-save]")
    assert page.locator(".msg-success").inner_text() == w["save_ok"]
    assert _tier_percent(page) == "7"
    page.fill("#id_version", "2.0.0")
    page.fill("#id_changelog", "Komoditas jagung; tier Waspada 7 %.")
    page.click("button:has-text('{}')".format(w["publish"]))
    assert page.url.rstrip("/").split("/")[-2] == "variants"
    assert "2.0.0" in page.locator("main").inner_text()

    # -- Kendal sees the update in plain words and merges it, keeping its tier ------------
    _sign_in(page, "admin-kendal", lang)
    page.goto(page.base + f"/console/kendal/catalog/{HP}/")
    box = page.locator(".upstream-box")
    assert w["update"] in box.inner_text()
    summary = box.locator(".update").inner_text()
    assert w["new_commodity"] in summary, summary
    assert w["markets_stay"] in summary, summary
    assert not JSON_PATH.search(summary), summary
    page.click("a:has-text('{}')".format(w["review"]))
    assert page.url.endswith(f"/catalog/{HP}/merge/")
    conflicts = page.locator("fieldset.conflict")
    assert conflicts.count() == 1
    conflict = conflicts.first
    assert w["tier_setting"] in conflict.locator("legend").inner_text()
    assert not JSON_PATH.search(conflict.locator("legend").inner_text())
    ours = conflict.locator("label.side.ours")
    theirs = conflict.locator("label.side.theirs")
    # Side by side, in the setting's unit as the change lines say it.
    assert w["keep_mine"] in ours.inner_text() and "9 %" in ours.inner_text()
    assert w["take_theirs"] in theirs.inner_text() and "7 %" in theirs.inner_text()
    assert "8 %" in conflict.locator("p.small").first.inner_text()  # when adopted
    assert w["edit"] in conflict.locator("label.side.edit").inner_text()
    values = sorted(
        conflict.locator("input[type=radio]").evaluate_all("els => els.map(e => e.value)")
    )
    assert values == ["edit", "ours", "theirs"]
    changes = page.locator("main section.card").first.inner_text()
    assert w["new_commodity"] in changes, changes
    _fits(page, size)
    conflict.locator("input[value=ours]").check()
    page.click("button:has-text('{}')".format(w["merge"]))
    assert page.locator(".msg-success").inner_text() == w["merged"]
    assert _tier_percent(page) == "9"  # mine, kept
    assert page.locator(f"{COMMODITIES} input[value=jagung]").count() == 1  # theirs, taken
    assert _own_data("kendal") == kendal_before  # markets and agencies still Kendal's

    # Kendal publishes its variant, no wider than Semarang's partners-only upstream.
    sharing = page.locator("#id_sharing option")
    assert sharing.evaluate_all("els => els.map(e => e.value)") == ["partners"]
    page.fill("#id_version", "1.0.0")
    page.fill("#id_name", "Harga Pangan Kendal")
    page.fill("#id_changelog", "Tier Waspada Kendal 9 %.")
    page.click("button:has-text('{}')".format(w["publish"]))
    assert page.locator("h1").inner_text() == "Harga Pangan Kendal"

    # -- Demak adopts Kendal's variant under their 2019 agreement --------------------------
    _sign_in(page, "admin-demak", lang)
    _adopt(page, w, HP, "Kabupaten Kendal", "Kabupaten Demak")
    assert _tier_percent(page) == "9"  # Kendal's tier, which it kept over Semarang's
    assert page.locator(f"{COMMODITIES} input[value=jagung]").count() == 1

    # -- The lineage picture on /catalog/: Semarang → Kendal → Demak ----------------------
    page.goto(page.base + "/catalog/")
    svg = page.locator(f"figure#lineage-{HP} svg")
    title = svg.locator("title").first.text_content() or ""
    assert "Kota Semarang → Kabupaten Kendal (v2.0.0)" in title, title
    assert "Kabupaten Kendal → Kabupaten Demak (v1.0.0)" in title, title
    assert svg.locator("g.edge").count() == 2
    assert sorted(svg.locator("g.edge text").all_text_contents()) == ["v1.0.0", "v2.0.0"]
    columns = {}
    for g in svg.locator("g.node").all():
        region = (g.locator("text").first.text_content() or "").strip()
        columns[region] = float(g.locator("rect").get_attribute("x") or "0")
    assert columns["Kota Semarang"] < columns["Kabupaten Kendal"] < columns["Kabupaten Demak"]
    listed = page.locator(f"figure#lineage-{HP} ul.lineage-edges").inner_text()
    assert "Kabupaten Kendal ← Kota Semarang" in listed
    assert "Kabupaten Demak ← Kabupaten Kendal" in listed

    # The same picture on Kendal's variant page (Kendal outlined) and the province's.
    page.goto(page.base + _variant_href(page, HP, "Kabupaten Kendal"))
    svg = page.locator(f"figure#lineage-{HP} svg")
    current = svg.locator("g.node.current")
    assert current.count() == 1 and "Kabupaten Kendal" in (current.text_content() or "")
    assert "Kabupaten Kendal → Kabupaten Demak (v1.0.0)" in (
        svg.locator("title").first.text_content() or ""
    )
    page.goto(page.base + "/catalog/provinces/33/")
    title = page.locator(f"figure#lineage-{HP} svg title").first.text_content() or ""
    assert "Kota Semarang → Kabupaten Kendal (v2.0.0)" in title, title
    assert "Kabupaten Kendal → Kabupaten Demak (v1.0.0)" in title, title
