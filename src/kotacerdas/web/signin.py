"""Signing in: the form and view, the lockout answer, and the sign-in audit entries.

Throttling is django-axes (settings ``AXES_*``): five wrong passwords for one username from
one address lock that pair out for ``AXES_COOLOFF_TIME``; a successful sign-in resets the
count. A locked-out attempt is answered by ``lockout_response``: the sign-in form again,
with the reason on it, status 429. Every attempt is written to the audit log:
``signin.succeeded``, ``signin.failed`` (the username tried, never the password) and
``signin.locked`` when a lockout starts. An entry belongs to the user's region when they
have exactly one, otherwise to none (the platform admin's entries).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kotacerdas.core.audit import record
from kotacerdas.core.tenancy import Scope

TEMPLATE = "kotacerdas/registration/login.html"


class SignInForm(AuthenticationForm):
    # Django's own message names the username field by its verbose name, which in
    # Indonesian came out as "nama pengguna nama pengguna".
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
    }


class SignInView(LoginView):
    form_class = SignInForm
    template_name = TEMPLATE


def cooloff_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    assert isinstance(cooloff, dt.timedelta)
    return max(1, round(cooloff.total_seconds() / 60))


def lockout_message() -> str:
    return gettext("Too many sign-in attempts. Try again in %(minutes)d minutes.") % {
        "minutes": cooloff_minutes()
    }


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the sign-in form with the lockout message, status 429.

    The form is not bound: validating it would try the password once more.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    view = SignInView()
    view.setup(request)
    context = {
        "form": SignInForm(request, initial={"username": str(username)[:150]}),
        "locked": lockout_message(),
        "next": view.get_redirect_url(),
    }
    response = render(request, TEMPLATE, context, status=429)
    response["Retry-After"] = str(cooloff_minutes() * 60)
    return response


def _region_of(user: AbstractBaseUser | None) -> int | None:
    """The one region the user works in (region admin, agency staff), else None."""
    if user is None:
        return None
    scope = Scope.for_user(user)
    if scope.admin_regions is None or scope.staff_regions is None:
        return None  # the platform admin: every region
    regions = scope.admin_regions | scope.staff_regions
    return next(iter(regions)) if len(regions) == 1 else None


def _address(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return str(getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or "")


def _signed_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kw: Any) -> None:
    address = _address(request)
    record(
        "signin.succeeded",
        region=_region_of(user),
        actor_id=int(user.pk),
        target=user.get_username(),
        detail={"address": address} if address else {},
    )


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kw: Any
) -> None:
    """Runs after django-axes' own receiver (axes is listed first in INSTALLED_APPS), so the
    request already says whether this attempt is locked out and how many failures led here."""
    username = str(credentials.get("username") or "")[:150]
    model = get_user_model()
    user = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
    region = _region_of(user)
    address = _address(request)
    locked = bool(getattr(request, "axes_locked_out", False))
    failures = getattr(request, "axes_failures_since_start", None)
    detail: dict[str, Any] = {"username": username, "known_user": user is not None}
    if address:
        detail["address"] = address
    if locked:
        detail["locked"] = True
    record("signin.failed", region=region, actor_label=address, target=username, detail=detail)
    # Attempts during a lockout count on (and extend it); the lockout starts only once.
    if locked and (failures is None or failures == settings.AXES_FAILURE_LIMIT):
        record(
            "signin.locked",
            region=region,
            actor_label=address,
            target=username,
            detail={
                "username": username,
                "address": address,
                "minutes": cooloff_minutes(),
                "failures": failures,
            },
        )


def connect() -> None:
    """Called once from the web app's ready()."""
    user_logged_in.connect(_signed_in, dispatch_uid="audit-signin-succeeded")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="audit-signin-failed")
