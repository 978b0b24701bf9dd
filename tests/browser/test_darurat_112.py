"""Darurat 112 in a real browser (issue 17): a call-taker takes a fire call with the keyboard
only and dispatches Damkar and PSC 119 (the keystrokes beyond the typed text are counted:
at most 10); both responders move through their states on phones (360×740); the room and the
call-taker's board show it live; the incident page's timers match the stored times; a prank
call is closed in one key."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
BASE = "/console/semarang/darurat-112/"


class Keys:
    """page.keyboard, counting every key pressed that is not part of the typed text."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.pressed: list[str] = []

    def press(self, key: str) -> None:
        self.pressed.append(key)
        self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def _person(
    chromium: Any, base: str, username: str, size: dict[str, int], password: str = ""
) -> Any:
    context = chromium.new_context(locale="id-ID", timezone_id="Asia/Jakarta", viewport=size)
    context.set_default_timeout(30_000)
    pg = context.new_page()
    pg.base = base
    sign_in(pg, username, password or f"demo-{username}")
    return pg


def _wait_stream(pg: Any) -> None:
    pg.wait_for_function("document.querySelector('[data-live]').dataset.stream === 'open'")


def _incident_id() -> int:
    from kotacerdas.apps.darurat_112.models import Incident

    return int(
        Incident.objects.unscoped("test")
        .filter(address="Jl. Pemuda 148 depan Balai Kota")
        .values_list("pk", flat=True)
        .get()
    )


def test_fire_call_dispatch_responders_on_phones_room_live_and_timers(
    page: Any, chromium: Any, live_server: Any
) -> None:
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_timeout(30_000)  # helpers share two cores; no timing is asserted
    page.set_viewport_size(DESKTOP)
    sign_in(page, "operator112-semarang", "demo-operator112-semarang")
    page.goto(page.base + BASE)
    _wait_stream(page)

    # The responders and the room are watching before the call comes in.
    damkar = _person(chromium, live_server.url, "damkar-semarang", PHONE)
    psc = _person(chromium, live_server.url, "psc119-semarang", PHONE)
    for pg in (damkar, psc):
        pg.goto(pg.base + BASE + "responden/")
        _wait_stream(pg)
    room = _person(chromium, live_server.url, "admin-semarang", DESKTOP, "demo-semarang")
    room.goto(room.base + "/r/semarang/situation/")
    active_tile = room.locator("#tile-darurat-112-active-incidents .tile-value .num")
    before = int(active_tile.inner_text())

    keys = Keys(page)
    keys.press("n")
    page.wait_for_url(re.compile(r".*/panggilan/$"))
    page.wait_for_function("document.getElementById('call-form').dataset.ready === '1'")
    assert page.evaluate("document.activeElement.id") == "f-phone"
    keys.type("0812 7788 9900")
    keys.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-type"
    keys.press("1")  # the first type: Kebakaran
    assert page.locator("#f-type").input_value() == "kebakaran"
    checked = page.locator("input[name=responders]:checked")
    assert sorted(checked.evaluate_all("els => els.map(e => e.dataset.slug)")) == [
        "damkar",
        "psc119",
    ]
    keys.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-address"
    keys.type("Jl. Pemuda 148 depan Balai Kota")
    keys.press("Tab")
    keys.type("Api dari lantai dua, dua orang terjebak")
    keys.press("Enter")
    page.wait_for_url(re.compile(r".*/darurat-112/$"))
    assert len(keys.pressed) <= 10, keys.pressed
    inc = _incident_id()
    row = page.locator(f"#board tr[data-incident='{inc}']")
    assert row.locator("[data-agency=damkar][data-status=dispatched]").count() == 1
    assert row.locator("[data-agency=psc119][data-status=dispatched]").count() == 1

    # The room's tile counts it without a reload.
    room.wait_for_function(
        "([sel, n]) => Number(document.querySelector(sel).textContent) === n",
        arg=["#tile-darurat-112-active-incidents .tile-value .num", before + 1],
    )

    # Both responders see it arrive live, and tap through their states on their phones.
    expected = ["acknowledged", "en_route", "on_scene", "finished"]
    for status in expected:
        for pg, slug in ((damkar, "damkar"), (psc, "psc119")):
            card = pg.locator("article[data-dispatch]", has=pg.locator(f"h2:has-text('#{inc} ')"))
            card.locator(f"button[data-step={status}]").click()
            if status != "finished":
                pg.wait_for_selector(
                    f"article[data-dispatch][data-status={status}] h2:has-text('#{inc} ')"
                )
            else:
                card.wait_for(state="detached")
            if not (status == "finished" and slug == "psc119"):  # the last closes the incident
                page.wait_for_selector(
                    f"#board tr[data-incident='{inc}'] [data-agency={slug}][data-status={status}]"
                )
    # Both finished: the incident closed and left the board.
    page.wait_for_selector(f"#board tr[data-incident='{inc}']", state="detached")
    assert damkar.locator(f"article:has(h2:has-text('#{inc} '))").count() == 0

    # The incident page: every step stamped, timers from the stored times.
    from kotacerdas.apps.darurat_112.models import Incident
    from kotacerdas.apps.darurat_112.views.common import duration

    stored = Incident.objects.unscoped("test").get(pk=inc)
    assert stored.state == "closed"
    assert stored.first_on_scene_at and stored.first_dispatch_at and stored.closed_at
    page.goto(page.base + BASE + f"kejadian/{inc}/")
    a2d = (stored.first_dispatch_at - stored.opened_at).total_seconds()
    d2s = (stored.first_on_scene_at - stored.first_dispatch_at).total_seconds()
    total = (stored.closed_at - stored.opened_at).total_seconds()
    assert page.locator("#t-a2d").inner_text() == duration(a2d)
    assert page.locator("#t-d2s").inner_text() == duration(d2s)
    assert page.locator("#t-total").inner_text().startswith(duration(total))
    assert page.locator("#dispatches tr[data-status=finished]").count() == 2
    assert "0812" in page.locator("#calls").inner_text()
    for pg in (damkar, psc, room):
        pg.context.close()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_prank_call_closed_in_one_key(page: Any, size: dict[str, int]) -> None:
    from kotacerdas.apps.darurat_112.models import Call
    from kotacerdas.platform.demo import seed_demo

    seed_demo()
    page.set_default_timeout(30_000)
    page.set_viewport_size(size)
    sign_in(page, "operator112-semarang", "demo-operator112-semarang")
    page.goto(page.base + BASE + "panggilan/")
    page.wait_for_function("document.getElementById('call-form').dataset.ready === '1'")
    page.keyboard.type("0899 1234 000")
    page.keyboard.press("p")
    page.wait_for_url(re.compile(r".*/darurat-112/$"))
    assert "Panggilan iseng" in page.locator(".messages").inner_text()
    call = Call.objects.unscoped("test").filter(caller_phone="08991234000").get()
    assert call.outcome == "prank" and call.closing_key == "iseng"
