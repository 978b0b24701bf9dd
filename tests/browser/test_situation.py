"""The situation room in a real browser: the wall fits its screen with nothing scrolled away,
an alert arrives live, the operator acknowledges it (who is recorded) and closes it with a
reason (refused without one); the citizens' room on a phone shows no technical alert."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WALLS = [(1920, 1080), (1366, 768), (3840, 2160)]
# Everything of the room that must be on the wall: the alert tiles, the six dimensions, the
# map, the chart and the alert feed.
WALL_PARTS = (
    ".tile-group-alerts",
    "#dim-governance",
    "#dim-branding",
    "#dim-economy",
    "#dim-society",
    "#dim-living",
    "#dim-environment",
    "#room-map",
    "#room-chart",
    "#alert-feed",
)

FITS = """() => {
  const d = document.documentElement;
  return {h: d.scrollHeight, w: d.scrollWidth, ih: innerHeight, iw: innerWidth};
}"""
OUTSIDE = """(selectors) => selectors.filter((s) => {
  const el = document.querySelector(s);
  if (!el) return true;
  const box = (el.closest('section') || el).getBoundingClientRect();
  return box.width === 0 || box.height === 0 || box.top < 0 || box.left < 0 ||
    box.bottom > innerHeight + 1 || box.right > innerWidth + 1;
})"""


def _raise_flood(public: bool = True) -> Any:
    from kotacerdas.core.alerts import raise_alert
    from kotacerdas.core.models import Region
    from kotacerdas.core.vocab import Severity

    alert, _ = raise_alert(
        Region.objects.get(slug="semarang"),
        "sensor-kota",
        "flood:uji-bkt",
        Severity.WARNING,
        "Banjir Kanal Timur: Siaga",
        detail="Tinggi muka air 150 cm",
        public=public,
        data={"station": "awlr-bkt", "level": "siaga"},
        title_en="Banjir Kanal Timur: Siaga (level II)",
    )
    return alert


def _row(pk: int) -> Any:
    from kotacerdas.core.models import AlertRecord

    return (
        AlertRecord.objects.unscoped("test reads back")
        .select_related("acknowledged_by", "cleared_by")
        .get(pk=pk)
    )


def test_wall_operator_sees_the_whole_room_acknowledges_and_closes(page: Any) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_navigation_timeout(30_000)  # a loaded machine; nothing is timed
    sign_in(page, "admin-semarang", "demo-semarang")
    for width, height in WALLS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(page.base + "/r/semarang/situation/?kiosk=1")
        page.wait_for_selector("#room-chart .uplot")
        size = page.evaluate(FITS)
        assert size["h"] <= size["ih"] and size["w"] <= size["iw"], (width, height, size)
        assert page.evaluate(OUTSIDE, list(WALL_PARTS)) == [], (width, height)
        # A number never breaks over two lines: each tile's value is one line high.
        wrapped = page.evaluate(
            """() => [...document.querySelectorAll('.tile:not([hidden]) .tile-value .num')]
                 .filter((n) => n.getClientRects().length > 1).map((n) => n.textContent)"""
        )
        assert wrapped == [], (width, height, wrapped)

    # 1920×1080: an alert arrives live, without a reload.
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(page.base + "/r/semarang/situation/?kiosk=1")
    page.wait_for_selector("#room-live.is-live")
    page.evaluate("window.__sameDocument = true")
    alert = _raise_flood()
    item = page.locator(f"#alert-{alert.pk}")
    item.wait_for()
    # Its tag is its BPBD level, not the generic severity word.
    assert item.locator(".alert-tag").inner_text().strip().lower() == "siaga"
    assert item.locator(".alert-app").inner_text() == "Sensor Kota"

    item.locator("button", has_text="Tandai sudah dilihat").click()
    page.locator(f"#alert-{alert.pk}[data-state=acknowledged]").wait_for()
    who = "Dilihat oleh Diskominfo Kota Semarang (admin-semarang)"
    assert who in page.locator(f"#alert-{alert.pk}").inner_text()
    assert _row(alert.pk).acknowledged_by.username == "admin-semarang"

    # Closing with only spaces is refused beside the field; the alert stays open.
    item = page.locator(f"#alert-{alert.pk}")
    item.locator("input[name=reason]").fill("   ")
    item.locator("button", has_text="Tutup peringatan").click()
    page.locator(f"#alert-{alert.pk} .field-error").wait_for()
    assert "alasan" in page.locator(f"#alert-{alert.pk} .field-error").inner_text().lower()
    assert _row(alert.pk).state == "acknowledged"
    item = page.locator(f"#alert-{alert.pk}")
    item.locator("input[name=reason]").fill("Pompa Kali Banger menyala, air surut")
    item.locator("button", has_text="Tutup peringatan").click()
    page.locator(f"#alert-{alert.pk}[data-state=cleared]").wait_for()
    text = page.locator(f"#alert-{alert.pk}").inner_text()
    assert (
        "Ditutup oleh Diskominfo Kota Semarang (admin-semarang)" in text
        and "Pompa Kali Banger menyala, air surut" in text
    )
    row = _row(alert.pk)
    assert row.cleared_by.username == "admin-semarang" and row.cleared_at is not None
    assert row.close_reason == "Pompa Kali Banger menyala, air surut"
    assert page.evaluate("window.__sameDocument") is True
    size = page.evaluate(FITS)
    assert size["h"] <= size["ih"] and size["w"] <= size["iw"]
    page.goto("about:blank")  # close the stream before the live server's database goes


@pytest.mark.parametrize(
    ("viewport", "lang"),
    [({"width": 360, "height": 740}, "id"), ({"width": 1366, "height": 768}, "en")],
)
def test_citizens_room_shows_no_technical_alert(page: Any, viewport: Any, lang: str) -> None:
    from kotacerdas.core.alerts import raise_alert
    from kotacerdas.core.models import Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.core.vocab import Severity
    from kotacerdas.platform.demo import seed_demo
    from kotacerdas.situation.services import set_public_room

    seed_demo()
    page.set_default_navigation_timeout(30_000)  # a loaded machine; nothing is timed
    page.set_viewport_size(viewport)
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    semarang = Region.objects.get(slug="semarang")
    # A closed room: the region page offers no button that would end on a sign-in page.
    page.goto(page.base + "/r/semarang/")
    assert page.locator("a[href='/r/semarang/situation/']").count() == 0
    set_public_room(Scope.system("test opens the public room"), semarang, True)
    raise_alert(
        semarang,
        "sensor-kota",
        "stale:uji",
        Severity.WARNING,
        "Sensor uji tidak mengirim data",
        public=False,
        title_en="Sensor uji is not sending data",
    )
    flood = _raise_flood(public=True)
    page.goto(page.base + "/r/semarang/")
    page.locator("a[href='/r/semarang/situation/']").click()
    page.wait_for_selector("#room-live.is-live")
    assert "/accounts/login/" not in page.url
    feed = page.locator("#alert-feed").inner_text()
    expected = "Banjir Kanal Timur: Siaga (level II)" if lang == "en" else "Banjir Kanal Timur"
    assert expected in page.locator(f"#alert-{flood.pk}").inner_text()
    assert "tidak mengirim data" not in feed and "not sending data" not in feed
    # Citizens read; they do not operate, and never see who handled an alert.
    assert page.locator(".alert-actions").count() == 0 and page.locator(".alert-who").count() == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the public room is {width} px wide"
    if lang == "en":
        # The chart's legend and the tags read as the page does: app names, not keys.
        legend = page.locator("#room-chart .u-legend").inner_text()
        assert "sensor-kota" not in legend and "aduan-warga" not in legend
        assert page.locator(f"#alert-{flood.pk} .alert-tag").inner_text().strip().lower() == (
            "siaga (level ii)"
        )
    page.goto("about:blank")
