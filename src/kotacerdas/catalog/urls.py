"""Catalog pages: public under /catalog/, the region's catalog console under
/console/<region>/catalog/."""

from django.urls import URLPattern, URLResolver, path

from kotacerdas.catalog.views import agreements, console, keys, public

app_name = "catalog"
C = "console/<slug:region_slug>/catalog/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("catalog/", public.index, name="index"),
    path("catalog/variants/<int:pk>/", public.variant_detail, name="variant"),
    path("catalog/versions/<int:pk>/logo", public.logo, name="version-logo"),
    path("catalog/agreements/", public.agreements, name="agreements"),
    path(
        "catalog/agreements/<int:pk>/document", public.agreement_document, name="agreement-document"
    ),
    path("catalog/provinces/<str:code>/", public.province, name="province"),
    path(
        "catalog/variants/<int:pk>/publiccode.yml",
        public.variant_publiccode,
        name="variant-publiccode",
    ),
    path(
        "catalog/logos/<slug:region_slug>/<slug:key>", console.branding_logo, name="branding-logo"
    ),
    path(C, console.overview, name="console"),
    path(C + "adopt/<int:pk>/", console.adopt, name="adopt"),
    path(C + "export/<int:pk>/", console.export, name="export"),
    path(C + "keys/", keys.keys, name="keys"),
    path(C + "agreements/", agreements.agreements, name="agreements-console"),
    path(C + "agreements/<int:pk>/renew/", agreements.renew, name="agreement-renew"),
    path(C + "agreements/<int:pk>/end/", agreements.end, name="agreement-end"),
    path(C + "<slug:key>/", console.app_detail, name="app"),
    path(C + "<slug:key>/publish/", console.publish, name="publish"),
    path(C + "<slug:key>/logo/", console.upload_logo, name="logo"),
    path(C + "<slug:key>/merge/", console.merge, name="merge"),
    path(C + "<slug:key>/restore/", console.restore, name="restore"),
]
