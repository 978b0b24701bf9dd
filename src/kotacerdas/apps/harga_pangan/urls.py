"""Public URLs (under /r/<region>/harga-pangan/) and console URLs (under /console/...)."""

from __future__ import annotations

from django.urls import URLPattern, path

from kotacerdas.apps.harga_pangan.views import console, imports
from kotacerdas.apps.harga_pangan.views import public as pages

public: list[URLPattern] = [
    path("", pages.today_prices, name="today"),
    path("pasar/<slug:market>/", pages.market, name="market"),
    path("komoditas/<str:item>/", pages.commodity, name="commodity"),
    path("harga.csv", pages.csv_export, name="csv"),
]

staff: list[URLPattern] = [
    path("", console.home, name="home"),
    path("entri/<slug:market>/", console.entry, name="entry"),
    path("impor/", imports.upload, name="import"),
]
