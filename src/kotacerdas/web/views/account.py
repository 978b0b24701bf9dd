"""A user's own account: setting a password from an e-mailed link, changing it, and the
console language that follows them from device to device (``UserPreference``).

Django's LocaleMiddleware reads the language cookie, not the session: on sign-in the stored
preference is put in the session and ``web.middleware.language.PreferredLanguageMiddleware``
turns it into the cookie on that same response.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core.audit import record
from kotacerdas.core.models import Membership, UserPreference
from kotacerdas.web.forms import LanguageForm

SESSION_KEY = "kc_language"


def preferred_language(user: Any) -> str:
    pref = UserPreference.objects.filter(user_id=user.pk).first()
    codes = {code for code, _name in settings.LANGUAGES}
    return pref.language if pref is not None and pref.language in codes else ""


@receiver(user_logged_in, dispatch_uid="kotacerdas-preferred-language")
def apply_language_on_sign_in(
    sender: object, request: HttpRequest | None, user: Any, **_: Any
) -> None:
    if request is None or not hasattr(request, "session"):
        return
    language = preferred_language(user)
    if language:
        request.session[SESSION_KEY] = language


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link in an invitation or a reset e-mail: choose a password, then sign in."""

    template_name = "kotacerdas/registration/set_password.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.user
        region_ids = set(
            Membership.objects.unscoped("the regions of the user who set a password")
            .filter(user=user)
            .values_list("region_id", flat=True)
        )
        region_ids.discard(None)
        record(
            "password.set",
            region=region_ids.pop() if len(region_ids) == 1 else None,
            actor_id=user.pk,
            target=user.get_username(),
        )
        messages.success(
            self.request,
            _("Your password is set. Sign in with your username %(username)s.")
            % {"username": user.get_username()},
        )
        return response


class ChangePasswordView(auth_views.PasswordChangeView):
    template_name = "kotacerdas/registration/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record("password.changed", actor_id=self.request.user.pk, target=str(self.request.user))
        messages.success(self.request, _("Your password is changed."))
        return response


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = LanguageForm(
        initial={"language": preferred_language(user) or translation.get_language()}
    )
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            language = form.cleaned_data["language"]
            with transaction.atomic():
                UserPreference.objects.update_or_create(user=user, defaults={"language": language})
                record(
                    "preference.changed",
                    actor_id=user.pk,
                    target=user.get_username(),
                    detail={"language": language},
                )
            translation.activate(language)
            messages.success(request, _("Language saved."))
            response = redirect("account")
            set_language_cookie(response, language)
            return response
    memberships = (
        Membership.objects.unscoped("a user's own roles on their account page")
        .filter(user=user)
        .select_related("region", "agency", "province")
    )
    return render(
        request,
        "kotacerdas/registration/me.html",
        {"form": form, "memberships": memberships, "title": gettext_lazy("My account")},
    )


def set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
