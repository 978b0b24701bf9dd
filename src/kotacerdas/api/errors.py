"""One error shape for the whole API: ``{"detail": "...", "field": "..."}``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from kotacerdas.platform.installations import ConfigInvalid, NotAllowed, UnknownApp


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        loc = [str(p) for p in first.get("loc", []) if p not in ("body", "query", "path")]
        field = ".".join(loc) or None
        msg = first.get("msg", "invalid input")
        detail = f"{field}: {msg}" if field else msg
        return api.create_response(request, {"detail": detail, "field": field}, status=422)

    @api.exception_handler(ConfigInvalid)
    def bad_config(request: HttpRequest, exc: ConfigInvalid) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc), "field": exc.field}, status=422)

    @api.exception_handler(NotAllowed)
    def not_allowed(request: HttpRequest, exc: NotAllowed) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=403)

    @api.exception_handler(UnknownApp)
    def unknown_app(request: HttpRequest, exc: UnknownApp) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=404)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, {"detail": "sign in first"}, status=401)
