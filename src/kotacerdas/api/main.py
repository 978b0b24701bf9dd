"""The NinjaAPI instance; each installed app's router is mounted under /api/apps/<key>/."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from kotacerdas import __version__
from kotacerdas.api import platform, regions
from kotacerdas.api.errors import install_error_handlers
from kotacerdas.catalog.api import router as catalog_router
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.contract import all_apps

api = NinjaAPI(
    title="kotacerdas API",
    version=__version__,
    description="Regions, agencies, the six dimensions and the smart-city apps of kotacerdas.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)


@api.exception_handler(CatalogError)
def catalog_refused(request: HttpRequest, exc: CatalogError) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "field": exc.field}, status=exc.status
    )


api.add_router("/", platform.router)
api.add_router("/", regions.router)
api.add_router("/catalog/", catalog_router)
for app in all_apps():
    router = app.api_router()
    if router is not None:
        api.add_router(f"/apps/{app.key}/", router)
