"""The signed-in user's stored language, applied on the response of the sign-in itself.

Django's LocaleMiddleware decides the language from the cookie; the sign-in signal
(``web.views.account``) leaves the user's preference in the session and this middleware
sets the cookie from it once, so every later page is in that language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class PreferredLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a request that changed the session (a sign-in does) is looked at: reading
        # the session on every request would add "Vary: Cookie" to public pages.
        if session is not None and session.modified and "kc_language" in session:
            from kotacerdas.web.views.account import SESSION_KEY, set_language_cookie

            set_language_cookie(response, str(session.pop(SESSION_KEY)))
        return response
