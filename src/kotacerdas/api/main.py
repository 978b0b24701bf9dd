"""The NinjaAPI instance; each installed app's router is mounted under /api/apps/<key>/."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.openapi.schema import OpenAPISchema

from kotacerdas import __version__
from kotacerdas.api import platform, regions
from kotacerdas.api.document import complete_document
from kotacerdas.api.errors import install_error_handlers
from kotacerdas.catalog.api import router as catalog_router
from kotacerdas.catalog.services.errors import CatalogError
from kotacerdas.contract import all_apps


class KotacerdasAPI(NinjaAPI):
    """ninja's document, completed (``kotacerdas.api.document``): every operation's error
    answers, and the JSON endpoints served outside ninja (the sensor batch ingest)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return complete_document(schema, prefix=self.get_root_path(path_params or {}))


api = KotacerdasAPI(
    title="kotacerdas API",
    version=__version__,
    description=(
        "Regions, agencies, the six dimensions and the smart-city apps of kotacerdas. "
        'Every error answer is JSON, `{"detail": "...", "field": "..."}` (`field` names the '
        "input at fault, or is null)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    # Swagger UI from ninja's own static files (INSTALLED_APPS has "ninja"), started by its
    # swagger-ui-init.js: nothing from a CDN, no inline script. No validator badge, which
    # would send the document to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
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
