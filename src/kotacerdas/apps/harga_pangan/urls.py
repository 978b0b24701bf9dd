"""Public URLs (under /r/<region>/harga-pangan/) and console URLs (under /console/...).

The platform wraps every view: it is called ``view(request, ctx, **kwargs)``.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from kotacerdas.contract import RootRoute


def public_urls() -> list[URLPattern]:
    from kotacerdas.apps.harga_pangan.views import public as pages

    return [
        path("", pages.today_prices, name="today"),
        path("pasar/<slug:market>/", pages.market, name="market"),
        path("komoditas/<str:item>/", pages.commodity, name="commodity"),
        path("harga.csv", pages.csv_export, name="csv"),
    ]


def staff_urls() -> list[URLPattern]:
    from kotacerdas.apps.harga_pangan.views import console, imports

    return [
        path("", console.home, name="home"),
        path("entri/<slug:market>/", console.entry, name="entry"),
        path("impor/", imports.upload, name="import"),
        path("kunci-api/", console.keys, name="keys"),
    ]


def root_routes() -> list[RootRoute]:
    """Harga Pangan has no root URLs: its API lives under /api/apps/harga-pangan/."""
    return []
