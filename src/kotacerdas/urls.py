"""Root URL map: core pages, the API, the admin, and every installed app's URLs.

Apps are mounted from their contract hooks, so adding an app never edits this file.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path

from kotacerdas.api.main import api
from kotacerdas.contract import all_apps
from kotacerdas.platform.mount import (
    guard_api_patterns,
    guard_patterns,
    public_guard,
    root_patterns,
    staff_guard,
)
from kotacerdas.web.views.health import healthz, readyz
from kotacerdas.web.views.metrics import metrics_view


def _platform_admin_only(request: HttpRequest) -> bool:
    # Django admin is the platform admin's tool; region staff work in the console.
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _platform_admin_only  # type: ignore[method-assign]
admin.site.site_header = "kotacerdas"

api_patterns, api_app, api_namespace = api.urls
guard_api_patterns(api_patterns, all_apps())

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", include((api_patterns, api_app), namespace=api_namespace)),
    path("i18n/", include("django.conf.urls.i18n")),
]

for app in all_apps():
    module = app.key.replace("-", "_")
    if public := app.public_urls():
        public = guard_patterns(public, app, public_guard)
        urlpatterns.append(path(f"r/<slug:region_slug>/{app.key}/", include((public, module))))
        if app.public_alias:
            urlpatterns.append(
                path(
                    f"r/<slug:region_slug>/{app.public_alias}/",
                    include((public, f"{module}-alias")),
                )
            )
    if staff := app.staff_urls():
        staff = guard_patterns(staff, app, staff_guard)
        urlpatterns.append(
            path(
                f"console/<slug:region_slug>/{app.key}/",
                include((staff, f"{module}-console")),
            )
        )
    urlpatterns.extend(root_patterns(app))

urlpatterns += [
    path("", include("kotacerdas.catalog.urls")),
    path("", include("kotacerdas.situation.urls")),
    path("", include("kotacerdas.maturity.urls")),
    path("", include("kotacerdas.web.urls")),
]

handler404 = "kotacerdas.web.views.errors.not_found"
handler403 = "kotacerdas.web.views.errors.forbidden"
handler500 = "kotacerdas.web.views.errors.server_error"
