"""English pages name commodities, variants, markets and tiers from the configuration in
English (issue 15: configuration-driven names were Indonesian on English pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kotacerdas.apps.harga_pangan.config import APP_KEY, DEFAULT_COMMODITIES, HargaPanganConfig
from kotacerdas.contract import get_app
from kotacerdas.core.models import AppInstallation
from tests.apps.harga_pangan.conftest import put_prices
from tests.conftest import Demo

PUBLIC = "/r/semarang/harga-pangan/"
CHILLI = "cabai-rawit:merah"


def _stored_before_english(config: dict[str, Any]) -> dict[str, Any]:
    """A configuration as stored before names had an English twin."""

    def strip(row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k != "name_en"}

    return {
        **config,
        "commodities": [
            {**strip(c), "variants": [strip(v) for v in c["variants"]]}
            for c in config["commodities"]
        ],
        "spike_tiers": [strip(t) for t in config["spike_tiers"]],
    }


def test_older_configurations_get_the_default_english_names() -> None:
    old = _stored_before_english(
        {"commodities": DEFAULT_COMMODITIES, "spike_tiers": [{"key": "siaga", "name": "Siaga"}]}
    )
    old["commodities"][1] = {**old["commodities"][1], "name": "Telur ayam kampung"}  # renamed
    app = get_app(APP_KEY)
    assert app is not None
    upgraded = app.upgrade_config(old)
    assert upgraded["commodities"][0]["name_en"] == "Rice"
    assert upgraded["commodities"][0]["variants"][2]["name_en"] == "Medium quality I"
    assert "name_en" not in upgraded["commodities"][1]  # the region's own name stays theirs
    assert upgraded["spike_tiers"][0]["name_en"] == "Alert"


def test_english_pages_use_the_configured_english_names(
    demo: Demo, config: HargaPanganConfig, yesterday: dt.date
) -> None:
    row = AppInstallation.objects.unscoped("test").get(region=demo.semarang, app_key=APP_KEY)
    stored = dict(row.config)
    stored["markets"] = [
        {**m, "name_en": "Johar Market"} if m["key"] == "pasar-johar" else m
        for m in stored["markets"]
    ]
    row.config = _stored_before_english(stored)  # and the commodities from before English
    row.save(update_fields=["config"])
    put_prices(demo.semarang, {CHILLI: 50000}, yesterday)
    put_prices(demo.semarang, {CHILLI: 60000}, yesterday + dt.timedelta(days=1))
    client = demo.client_for(None)
    client.cookies["django_language"] = "en"
    html = client.get(PUBLIC).content.decode()
    assert "Bird&#x27;s eye chilli — Red" in html and "Cabai rawit" not in html
    assert ">Johar Market</a>" in html and "Pasar Bulu" in html  # no English name: Indonesian
    chilli = html.split(f'data-item="{CHILLI}"')[1].split("</tr>")[0]
    assert "Alert +20.0 %" in chilli and "Siaga" not in html  # 20 % is "siaga", not critical
    chart = client.get(PUBLIC + f"komoditas/{CHILLI}/").content.decode()
    assert 'data-average="Average"' in chart and 'data-day="Date"' in chart
    assert "Reference price (HAP)" in chart and "Johar Market" in chart
    indonesian = demo.client_for(None).get(PUBLIC).content.decode()
    assert "Cabai rawit — Merah" in indonesian and ">Pasar Johar</a>" in indonesian
