"""The entry screen: pre-filled, all-or-nothing, confirmations, corrections with history."""

from __future__ import annotations

import datetime as dt

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig
from kotacerdas.apps.harga_pangan.models import Price, PriceRevision
from kotacerdas.apps.harga_pangan.services.values import today
from kotacerdas.core.models import Event
from tests.apps.harga_pangan.conftest import put_prices
from tests.conftest import Demo

URL = "/console/semarang/harga-pangan/entri/pasar-johar/"
RICE = "beras:medium-1"
CHILLI = "cabai-rawit:merah"


def prices_today(demo: Demo) -> dict[str, int]:
    rows = Price.objects.unscoped("test").filter(
        region=demo.semarang, market="pasar-johar", day=today()
    )
    return {p.item: p.price for p in rows}


def test_form_is_prefilled_with_yesterdays_prices(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    put_prices(demo.semarang, {RICE: 12800}, yesterday)
    page = demo.client_for("disdag-semarang").get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="price-beras:medium-1" value="12800"' in html
    assert html.count("data-hp-price") == len(config.items)


def test_a_market_day_is_saved_and_published_once(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    put_prices(demo.semarang, {RICE: 12800, CHILLI: 50000}, yesterday)
    before = Event.objects.unscoped("test").filter(kind="market_day.entered").count()
    response = demo.client_for("disdag-semarang").post(
        URL, {f"price-{RICE}": "12.900", f"price-{CHILLI}": "51000"}
    )
    assert response.status_code == 302
    assert prices_today(demo) == {RICE: 12900, CHILLI: 51000}
    events = Event.objects.unscoped("test").filter(kind="market_day.entered")
    assert events.count() == before + 1
    event = events.latest("pk")
    assert event.public and event.payload["market"] == "pasar-johar"
    assert "disdag" not in str(event.payload)  # no officer identity in a public event


def test_zero_or_negative_refused_and_nothing_written(
    demo: Demo, config: HargaPanganConfig
) -> None:
    client = demo.client_for("disdag-semarang")
    response = client.post(URL, {f"price-{RICE}": "13000", f"price-{CHILLI}": "0"})
    assert response.status_code == 200
    assert response.content.decode().count('aria-invalid="true"') == 1
    response = client.post(URL, {f"price-{RICE}": "-5"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert prices_today(demo) == {}


def test_tenfold_price_asks_for_confirmation_then_is_flagged(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    put_prices(demo.semarang, {RICE: 12800}, yesterday)
    client = demo.client_for("disdag-semarang")
    response = client.post(URL, {f"price-{RICE}": "128000"})
    assert response.status_code == 200
    assert 'name="confirm" value="beras:medium-1"' in response.content.decode()
    assert prices_today(demo) == {}
    response = client.post(URL, {f"price-{RICE}": "128000", "confirm": RICE})
    assert response.status_code == 302
    row = Price.objects.unscoped("test").get(
        region=demo.semarang, market="pasar-johar", day=today(), item=RICE
    )
    assert row.price == 128000 and row.flagged


def test_correction_keeps_history(demo: Demo, config: HargaPanganConfig) -> None:
    client = demo.client_for("disdag-semarang")
    client.post(URL, {f"price-{RICE}": "13000"})
    client.post(URL, {f"price-{RICE}": "13100"})
    assert prices_today(demo) == {RICE: 13100}
    history = (
        PriceRevision.objects.unscoped("test")
        .filter(region=demo.semarang, market="pasar-johar", item=RICE, day=today())
        .order_by("pk")
    )
    assert [(r.previous_price, r.price) for r in history] == [(None, 13000), (13000, 13100)]
    assert history[1].entered_by == demo.user("disdag-semarang")


def test_future_day_refused(demo: Demo, config: HargaPanganConfig) -> None:
    tomorrow = today() + dt.timedelta(days=1)
    response = demo.client_for("disdag-semarang").post(
        URL, {"day": tomorrow.isoformat(), f"price-{RICE}": "13000"}
    )
    assert response.status_code == 200
    assert 'class="msg msg-error"' in response.content.decode()
    assert not Price.objects.unscoped("test").filter(region=demo.semarang).exists()


def test_changing_the_day_keeps_the_typed_prices_and_saves_nothing(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    """Issue 15: changing the market day reloaded the form and dropped what was typed."""
    before_yesterday = yesterday - dt.timedelta(days=1)
    put_prices(demo.semarang, {RICE: 12800, CHILLI: 50000}, before_yesterday)
    put_prices(demo.semarang, {CHILLI: 52000}, yesterday)  # yesterday's own saved price
    client = demo.client_for("disdag-semarang")
    form = client.get(URL).content.decode()
    assert f'name="initial-{RICE}" value="12800"' in form  # today starts from the last price
    rows_before = Price.objects.unscoped("test").filter(region=demo.semarang).count()
    # The officer typed the rice price, left the chilli as pre-filled, then picked yesterday
    # (the date field sends the form as it changes: no button, the day differs from "shown").
    response = client.post(
        URL,
        {
            "shown": today().isoformat(),
            "day": yesterday.isoformat(),
            f"price-{RICE}": "13500",
            f"initial-{RICE}": "12800",
            f"price-{CHILLI}": "50.000",
            f"initial-{CHILLI}": "50000",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?day={yesterday.isoformat()}")
    assert Price.objects.unscoped("test").filter(region=demo.semarang).count() == rows_before
    html = client.get(response["Location"]).content.decode()
    assert f'name="price-{RICE}" value="13500" data-hp-price data-hp-typed' in html
    assert f'name="price-{CHILLI}" value="52000" data-hp-price data-reference' in html
    assert 'id="hp-carried"' in html and f'value="{yesterday.isoformat()}"' in html
    # Carried once: a reload shows the day as saved.
    again = client.get(response["Location"]).content.decode()
    assert 'id="hp-carried"' not in again and f'name="price-{RICE}" value="12800"' in again
    # The "show this day" button does the same without JavaScript; then the day is saved.
    shown = client.post(
        URL,
        {"action": "day", "day": yesterday.isoformat(), f"price-{RICE}": "13500"},
    )
    assert shown.status_code == 302
    saved = client.post(
        URL,
        {
            "action": "save",
            "shown": yesterday.isoformat(),
            "day": yesterday.isoformat(),
            f"price-{RICE}": "13.500",
        },
    )
    assert saved.status_code == 302
    assert (
        Price.objects.unscoped("test")
        .get(region=demo.semarang, market="pasar-johar", item=RICE, day=yesterday)
        .price
        == 13500
    )


def test_a_bad_day_keeps_the_typed_prices_and_names_the_day(
    demo: Demo, config: HargaPanganConfig
) -> None:
    client = demo.client_for("disdag-semarang")
    response = client.post(
        URL,
        {"shown": today().isoformat(), "day": "2026-13-45", f"price-{RICE}": "<b>13500</b>"},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="err-day"' in html and 'aria-invalid="true"' in html
    assert "&lt;b&gt;13500&lt;/b&gt;" in html and "<b>13500" not in html  # kept, as text
    assert not Price.objects.unscoped("test").filter(region=demo.semarang).exists()
