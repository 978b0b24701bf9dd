"""Public URLs (under /r/<region>/agenda-wisata/) and console URLs (under /console/...).

The platform wraps every view: it is called ``view(request, ctx, **kwargs)``.
"""

from __future__ import annotations

from typing import Any

from django.urls import path

from kotacerdas.contract import RootRoute


def _brand(kind: str) -> list[Any]:
    try:
        from kotacerdas.apps.agenda_wisata.views import brand
    except ImportError:  # the brand pages land separately
        return []
    return list(getattr(brand, f"{kind}_patterns")())


def public_urls() -> list[Any]:
    from kotacerdas.apps.agenda_wisata.views import public as pages

    return [
        path("", pages.agenda, name="index"),
        path("kalender/", pages.month, name="month"),
        path("akhir-pekan/", pages.this_weekend, name="weekend"),
        path("acara/<int:pk>/", pages.event, name="event"),
        path("agenda.ics", pages.ics, name="ics"),
        path("kategori/<slug:key>.ics", pages.ics, name="ics_category"),
        path("baru.atom", pages.atom, name="atom"),
        path("wisata/", pages.destinations, name="destinations"),
        path("wisata/<slug:slug>/", pages.destination, name="destination"),
        path("umkm/", pages.products, name="products"),
        path("umkm/<slug:slug>/", pages.business, name="business"),
        path("foto/<slug:kind>/<int:pk>/<slug:size>.jpg", pages.photo, name="photo"),
        *_brand("public"),
    ]


def staff_urls() -> list[Any]:
    from kotacerdas.apps.agenda_wisata.views import console

    return [
        path("", console.home, name="home"),
        path("acara/baru/", console.event_edit, name="event_new"),
        path("acara/<int:pk>/", console.event_edit, name="event"),
        path("acara/<int:pk>/tanggal/", console.event_cancel_date, name="event_date"),
        path("wisata/baru/", console.destination_edit, name="destination_new"),
        path("wisata/<int:pk>/", console.destination_edit, name="destination"),
        path("pengunjung/", console.visitors, name="visitors"),
        path("umkm/baru/", console.business_edit, name="business_new"),
        path("umkm/<int:pk>/", console.business_edit, name="business"),
        path("umkm/<int:pk>/produk/", console.product_add, name="product_new"),
        *_brand("staff"),
    ]


def root_routes() -> list[RootRoute]:
    """Agenda & Wisata has no root URLs."""
    return []
