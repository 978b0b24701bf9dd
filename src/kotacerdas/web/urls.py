"""Public and console pages of the core. App pages are mounted in kotacerdas.urls."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from kotacerdas.web import brand, signin
from kotacerdas.web.views import account, audit, console, people, public, regions, setup

console_patterns = (
    [
        path("", console.console_home, name="home"),
        path("people/", people.everyone, name="people"),
        path("regions/", regions.regions, name="regions"),
        path("regions/search/", regions.region_search, name="regions-search"),
        path("<slug:region_slug>/", console.region_overview, name="region"),
        path("<slug:region_slug>/agencies/", console.agencies, name="agencies"),
        path("<slug:region_slug>/members/", people.members, name="members"),
        path("<slug:region_slug>/members/<int:pk>/", people.member_action, name="member"),
        path("<slug:region_slug>/agencies/<int:pk>/", console.agency_edit, name="agency"),
        path(
            "<slug:region_slug>/agencies/<int:pk>/active/",
            console.agency_active,
            name="agency-active",
        ),
        path("<slug:region_slug>/setup/", setup.setup, name="setup"),
        path("<slug:region_slug>/place/", regions.region_place, name="region-place"),
        path("<slug:region_slug>/apps/", console.apps, name="apps"),
        path("<slug:region_slug>/apps/<slug:key>/", console.app_config, name="app-config"),
        path("<slug:region_slug>/audit/", audit.audit_log, name="audit"),
    ],
    "console",
)

urlpatterns = [
    path("", public.home, name="home"),
    path("apps/", public.app_list, name="app-list"),
    path("apps/<slug:key>/publiccode.yml", public.app_publiccode, name="app-publiccode"),
    path("r/<slug:region_slug>/", public.region_page, name="region"),
    path("r/<slug:region_slug>/brand.css", brand.brand_css, name="region-brand-css"),
    path("sitemap.xml", brand.sitemap, name="sitemap"),
    path(
        "accounts/login/",
        signin.SignInView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        account.SetPasswordView.as_view(),
        name="set-password",
    ),
    path("accounts/me/", account.me, name="account"),
    path("accounts/me/password/", account.ChangePasswordView.as_view(), name="password-change"),
    path("console/", include(console_patterns)),
]
