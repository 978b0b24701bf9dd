"""Issue 14's journey, click by click, on a phone (Indonesian) and a desktop (English).

The platform admin adds Kabupaten Magelang (33.08) and invites its admin; the admin follows
the e-mailed link, sets a password and walks the setup checklist: the place, agencies from
the standard OPD list, an officer invited, three apps adopted from the catalog, the room
opened to the public. The officer signs in through their own e-mailed link. The admin adds
a water-level station with flood thresholds, issues a gateway key, and a reading over the
Siaga level posted to the ingest endpoint raises the flood alert in Magelang's room.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {
    "phone": ({"width": 390, "height": 844}, "id"),
    "desktop": ({"width": 1366, "height": 768}, "en"),
}
APPS = ["aduan-warga", "harga-pangan", "sensor-kota"]
WORDS = {
    "id": {
        "adopt_for": "Adopsi untuk Kabupaten Magelang",
        "adopt": "Adopsi dan aktifkan",
        "live": "Wilayah Anda sudah tayang",
        "steps": "4 dari 5 langkah selesai",
        "flood": "Siaga",
    },
    "en": {
        "adopt_for": "Adopt for Kabupaten Magelang",
        "adopt": "Adopt and enable",
        "live": "Your region is live",
        "steps": "4 of 5 steps done",
        "flood": "Siaga",
    },
}
ADMIN_EMAIL = "diskominfo@magelangkab.go.id"
OFFICER_EMAIL = "petugas.bpbd@magelangkab.go.id"


def _seed() -> dict[str, int]:
    """The demo, and Semarang's three apps published for its province (Magelang's too);
    returns the newest version id of each."""
    from kotacerdas.catalog.models import Variant
    from kotacerdas.catalog.services.publishing import publish
    from kotacerdas.core.models import Region
    from kotacerdas.core.tenancy import Scope
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    semarang = Region.objects.get(slug="semarang")
    scope = Scope.system("Semarang publishes in its own console")
    versions = {}
    for key in APPS:
        variant = (
            Variant.objects.unscoped("test")
            .filter(region=semarang, app_key=key, imported_from_code="")
            .first()
        )
        latest = variant.latest() if variant is not None else None
        major = latest.semver[0] + 1 if latest is not None else 1
        published = publish(
            scope,
            semarang,
            key,
            version=f"{major}.0.0",
            sharing="province",
            changelog="Untuk kabupaten/kota se-Jawa Tengah.",
        )
        versions[key] = published.pk
    return versions


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    limit = page.viewport_size["width"]
    assert width <= limit, f"{page.url} is {width}px wide at {limit}px"


def _sign_in(page: Any, username: str, password: str, lang: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#id_password").count() == 0, f"{username} could not sign in"


def _mailed_link(address: str) -> str:
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail to {address}"
    found = re.search(r"https?://\S+/accounts/set-password/\S+/", messages[-1].body)
    assert found, messages[-1].body
    return found.group(0)


def _set_password(page: Any, link: str, password: str, lang: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": page.base}])
    page.goto(link)
    page.fill("#id_new_password1", password)
    page.fill("#id_new_password2", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/login/"), page.url
    assert page.locator(".msg-success").count() == 1


def _invite(page: Any, slug: str, email: str, role: str, agency: str = "") -> None:
    page.goto(page.base + f"/console/{slug}/members/")
    page.fill("#id_email", email)
    page.select_option("#id_role", role)
    if agency:
        page.select_option("#id_agency", label=agency)
    page.click("form:has(#id_email) button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".msg-success").count() == 1, page.locator("main").inner_text()


def _step_done(page: Any, key: str) -> bool:
    return page.locator(f"#step-{key}").get_attribute("data-done") == "yes"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_new_kabupaten_goes_live(page: Any, viewport: str) -> None:
    from kotacerdas.core.models import AlertRecord, Region

    size, lang = VIEWPORTS[viewport]
    w = WORDS[lang]
    versions = _seed()
    page.set_viewport_size(size)
    mail.outbox.clear()

    # -- The platform admin adds Kabupaten Magelang by its code and invites its admin -----
    _sign_in(page, "admin", "admin-kotacerdas", lang)
    page.goto(page.base + "/console/regions/")
    page.fill("#id_code", "33.08")
    page.click("form:has(#id_code) button[type=submit]")
    page.wait_for_load_state()
    assert "Kabupaten Magelang" in page.locator("main").inner_text()
    region = Region.objects.get(code="33.08")
    slug = region.slug
    assert not region.place_confirmed
    _invite(page, slug, ADMIN_EMAIL, "region_admin")

    # -- The admin follows the e-mailed link and sets a password --------------------------
    _set_password(page, _mailed_link(ADMIN_EMAIL), "Magelang-Sejuk-2026", lang)
    _sign_in(page, ADMIN_EMAIL, "Magelang-Sejuk-2026", lang)
    page.goto(page.base + f"/console/{slug}/")
    page.click(f"a[href='/console/{slug}/setup/']")
    assert page.url.endswith(f"/console/{slug}/setup/")
    _fits(page)
    assert not any(_step_done(page, k) for k in ("place", "agencies", "people", "apps", "room"))

    # 1. The place.
    page.click("#step-place a.btn")
    page.fill("#id_centre_lat", "-7.59")
    page.fill("#id_centre_lng", "110.22")
    page.fill("#id_bbox_west", "110.0")
    page.fill("#id_bbox_south", "-7.78")
    page.fill("#id_bbox_east", "110.47")
    page.fill("#id_bbox_north", "-7.35")
    page.click("main form button.btn-primary[type=submit]")
    page.wait_for_load_state()
    page.goto(page.base + f"/console/{slug}/setup/")
    assert _step_done(page, "place")

    # 2. Agencies from the standard list.
    page.click("#step-agencies a.btn")
    for opd in ("diskominfo", "dpu", "dlh", "bpbd", "disdag", "dinkes", "dishub"):
        page.check(f"input[name=opd][value={opd}]")
    page.click("button[name=standard]")
    page.wait_for_load_state()
    assert page.locator("ul.agencies li.agency").count() == 7
    _fits(page)

    # 3. An officer of BPBD.
    _invite(page, slug, OFFICER_EMAIL, "agency_staff", agency="BPBD")
    _fits(page)

    # 4. Three apps adopted from the catalog, each through its adopt page.
    page.goto(page.base + f"/console/{slug}/setup/")
    page.click("#step-apps a.btn")
    assert page.url.endswith(f"/console/{slug}/catalog/")
    for key in APPS:
        from kotacerdas.catalog.models import VariantVersion

        version = VariantVersion.objects.unscoped("test").get(pk=versions[key])
        page.goto(page.base + f"/catalog/variants/{version.variant_id}/")
        page.click(f"a.btn:has-text('{w['adopt_for']}')")
        assert "/adopt/" in page.url
        selects = page.locator("form select[name^=map-]")
        for i in range(selects.count()):
            select = selects.nth(i)
            if not select.input_value():
                # A Semarang agency Magelang has not got (Disperkim …): DPU takes its role.
                select.select_option("dpu")
        page.click(f"button:has-text('{w['adopt']}')")
        assert page.locator(".msg-success").count() == 1, page.locator("main").inner_text()
    page.goto(page.base + f"/console/{slug}/setup/")
    assert all(_step_done(page, k) for k in ("place", "agencies", "people", "apps"))
    assert "(3)" in page.locator("#step-apps").inner_text()
    from kotacerdas.catalog.models import Lineage

    adopted = Lineage.objects.unscoped("test").filter(region=region)
    assert sorted(adopted.values_list("app_key", flat=True)) == APPS
    assert w["steps"] in page.locator("main").inner_text()

    # 5. The room, opened to the public: the region is live.
    page.click("#step-room button[name=public_room]")
    page.wait_for_load_state()
    assert _step_done(page, "room")
    live = page.locator(".setup-live")
    assert w["live"] in live.inner_text()
    assert live.locator(f"a[href='/r/{slug}/']").count() == 1
    assert live.locator(f"a[href='/r/{slug}/situation/']").count() == 1
    _fits(page)

    # -- The officer signs in through the e-mailed link -----------------------------------
    _set_password(page, _mailed_link(OFFICER_EMAIL), "Bpbd-Siaga-Banjir-1", lang)
    _sign_in(page, OFFICER_EMAIL, "Bpbd-Siaga-Banjir-1", lang)
    page.goto(page.base + "/console/")
    assert page.url.endswith(f"/console/{slug}/")
    assert "Kabupaten Magelang" in page.locator(".console-region").inner_text()

    # -- The admin adds a water-level station with thresholds and a gateway key -----------
    _sign_in(page, ADMIN_EMAIL, "Magelang-Sejuk-2026", lang)
    page.goto(page.base + f"/console/{slug}/sensor-kota/stasiun/baru/")
    page.fill("#id_code", "awlr-progo")
    page.fill("#id_name", "AWLR Kali Progo")
    page.select_option("#id_kind", "water")
    page.select_option("#id_agency", "bpbd")
    page.fill("#id_lat", "-7.55")
    page.fill("#id_lng", "110.25")
    page.check("input[name=quantities][value=water_level]")
    page.fill("#id_interval_seconds", "300")
    page.fill("#id_waspada_cm", "100")
    page.fill("#id_siaga_cm", "150")
    page.fill("#id_awas_cm", "220")
    page.click("#station-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".msg-success").count() == 1, page.locator("main").inner_text()
    page.goto(page.base + f"/console/{slug}/sensor-kota/kunci/")
    page.fill("input[name=name]", "Logger Kali Progo")
    page.click("form:has(input[name=name]) button[type=submit]")
    key = page.locator("#new-key").inner_text().strip()
    assert key

    # -- A reading over Siaga raises the flood alert in Magelang's room -------------------
    reading = [{"sensor": "awlr-progo-water-level", "ts": int(time.time()) - 30, "value": 175}]
    answer = page.request.post(
        page.base + "/api/apps/sensor-kota/ingest",
        data=json.dumps(reading),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert answer.status == 200, answer.text()
    alert = AlertRecord.objects.unscoped("test").get(region=region, condition__startswith="flood:")
    assert w["flood"] in alert.title
    page.context.clear_cookies()  # a citizen: the room is public now
    page.goto(page.base + f"/r/{slug}/situation/")
    item = page.locator(".alert-item", has_text="Siaga").first
    item.wait_for()
    assert "Kali Progo" in item.inner_text()
    _fits(page)
