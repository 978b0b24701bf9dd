"""Root URL map: core pages, the API, the admin, and every installed app's URLs.

Apps are mounted from their contract hooks, so adding an app never edits this file.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, include, path

from kotacerdas.api.main import api
from kotacerdas.contract import all_apps
from kotacerdas.web.app_mount import guard_patterns, public_guard, staff_guard
from kotacerdas.web.views.health import healthz


def _platform_admin_only(request: HttpRequest) -> bool:
    # Django admin is the platform admin's tool; region staff work in the console.
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _platform_admin_only  # type: ignore[method-assign]
admin.site.site_header = "kotacerdas"

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

for app in all_apps():
    module = app.key.replace("-", "_")
    if public := app.public_urls():
        public = guard_patterns(public, app.key, public_guard)
        urlpatterns.append(path(f"r/<slug:region_slug>/{app.key}/", include((public, module))))
    if staff := app.staff_urls():
        staff = guard_patterns(staff, app.key, staff_guard)
        urlpatterns.append(
            path(
                f"console/<slug:region_slug>/{app.key}/",
                include((staff, f"{module}-console")),
            )
        )
    urlpatterns.extend(app.root_urls())

urlpatterns += [
    path("", include("kotacerdas.catalog.urls")),
    path("", include("kotacerdas.situation.urls")),
    path("", include("kotacerdas.web.urls")),
]

handler404 = "kotacerdas.web.views.errors.not_found"
handler403 = "kotacerdas.web.views.errors.forbidden"
handler500 = "kotacerdas.web.views.errors.server_error"
