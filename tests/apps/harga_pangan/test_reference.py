"""Prices above the government reference price (HET/HAP) are flagged apart from the spike
tiers: issue 15 found cooking oil 14.8 % above its HET shown as "normal"."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import translation

from kotacerdas.apps.harga_pangan.config import HargaPanganConfig
from kotacerdas.apps.harga_pangan.queries import trends
from kotacerdas.contract import KpiState, get_app
from tests.apps.harga_pangan.conftest import context_for, put_prices
from tests.conftest import Demo

OIL = "minyak-goreng:curah"
RICE = "beras:bawah-1"  # no reference price in the defaults
PUBLIC = "/r/semarang/harga-pangan/"


def _row(html: str, item: str) -> str:
    """The <tr> of one item on the today page."""
    return html.split(f'data-item="{item}"')[1].split("</tr>")[0]


def test_a_price_above_its_het_is_flagged_everywhere_though_steady(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    oil = config.item(OIL)
    assert oil is not None and oil.reference_kind == "HET" and oil.reference_price
    # 14.8 % above the demo's HET, and the same yesterday: no spike tier at all.
    price = round(oil.reference_price * 1.148)
    put_prices(demo.semarang, {OIL: price, RICE: 13000}, yesterday)
    put_prices(demo.semarang, {OIL: price, RICE: 13000}, yesterday + dt.timedelta(days=1))
    [trend] = [t for t in trends(demo.semarang, config) if t.item.key == OIL]
    assert trend.tier is None and trend.above_reference
    assert round(trend.reference_gap or 0, 1) == 14.8

    public = demo.client_for(None)
    html = public.get(PUBLIC).content.decode()
    oil_row = _row(html, OIL)
    assert oil_row.startswith(' data-above-reference="HET"')
    assert "di atas HET" in oil_row and "+14,8 %" in oil_row
    assert ">normal<" not in oil_row  # the issue: "normal" beside a price above the HET
    assert "di atas" not in _row(html, RICE) and ">normal<" in _row(html, RICE)
    public.cookies["django_language"] = "en"
    english = public.get(PUBLIC).content.decode()
    assert "above HET" in _row(english, OIL) and "Cooking oil — Bulk" in _row(english, OIL)
    market = public.get(PUBLIC + "pasar/pasar-johar/").content.decode()
    assert "above HET" in market.split(f"komoditas/{OIL}/")[1].split("</tr>")[0]
    commodity = public.get(PUBLIC + f"komoditas/{OIL}/").content.decode()
    assert commodity.count("data-hp-above") == 1 + 2  # the lead and both markets

    api = public.get("/api/apps/harga-pangan/semarang/today").json()
    [item] = [i for i in api if i["item"] == OIL]
    assert item["above_reference"] is True and item["tier"] is None
    assert round(item["reference_gap_percent"], 1) == 14.8
    assert item["name_en"] == "Cooking oil" and item["variant_en"] == "Bulk"
    markets = {m["market"]: m for m in public.get("/api/apps/harga-pangan/semarang/markets").json()}
    assert markets["pasar-johar"]["above_reference"] == 1

    app = get_app("harga-pangan")
    assert app is not None
    kpis = {k.key: k for k in app.kpis(context_for(demo.semarang))}
    assert kpis["commodities_above_reference"].value == 1
    assert kpis["commodities_above_reference"].state is KpiState.WARNING

    console = demo.client_for("disdag-semarang").get("/console/semarang/harga-pangan/")
    text = console.content.decode()
    assert 'id="above-reference"' in text and f'data-item="{OIL}"' in text
    assert re.search(r"1 di atas HET/HAP", text.split('data-market="pasar-johar"')[1])


def test_the_officer_sees_the_flag_while_entering_and_on_saving(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    oil = config.item(OIL)
    assert oil is not None and oil.reference_price
    above = round(oil.reference_price * 1.148)
    put_prices(demo.semarang, {OIL: above}, yesterday)
    client = demo.client_for("disdag-semarang")
    url = "/console/semarang/harga-pangan/entri/pasar-johar/"
    form = client.get(url).content.decode()
    oil_row = form.split(f'data-item="{OIL}"')[1].split("</tr>")[0]
    assert f'data-reference="{oil.reference_price}"' in oil_row  # never "15.700"
    assert "<span>" in oil_row.split('class="hp-flags"')[1][:10]  # the badge is not hidden
    fine = form.split(f'data-item="{RICE}"')[1].split("</tr>")[0]
    assert "data-hp-above" not in fine  # no reference price, no badge
    response = client.post(url, {f"price-{OIL}": str(above), f"price-{RICE}": "13000"}, follow=True)
    page = response.content.decode()
    assert "Di atas harga acuan pemerintah (HET/HAP): Minyak goreng — Curah (HET)." in page
    with translation.override("en"):
        assert oil.label == "Cooking oil — Bulk"
    assert oil.label == "Minyak goreng — Curah"
