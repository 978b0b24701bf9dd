"""The evaluation's pages at fixed paths beside the province room and the console."""

from django.urls import URLPattern, URLResolver, include, path

from kotacerdas.maturity import views

patterns: list[URLPattern | URLResolver] = [
    path("province/<str:code>/kematangan/", views.province_view, name="province"),
    path(
        "province/<str:code>/kematangan/entri/<int:entry_id>/tinjau/",
        views.review,
        name="review",
    ),
    path(
        "province/<str:code>/kematangan/laporan.<str:fmt>",
        views.province_report,
        name="province-report",
    ),
    path("console/<slug:region_slug>/kematangan/", views.region_view, name="region"),
    path("console/<slug:region_slug>/kematangan/spbe/", views.region_spbe, name="region-spbe"),
    path(
        "console/<slug:region_slug>/kematangan/laporan.<str:fmt>",
        views.region_report,
        name="region-report",
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [path("", include((patterns, "maturity")))]
