"""Contexts of Darurat 112 for tests, as the platform builds them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from kotacerdas.contract import AppContext, get_app
from kotacerdas.core.models import Agency, Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context

KEY = "darurat-112"


def ctx_for(region: Region, username: str | None = None) -> AppContext[Any]:
    scope = None
    if username is not None:
        scope = Scope.for_user(User.objects.get(username=username))
    app = get_app(KEY)
    assert app is not None
    ctx = region_context(app, region, scope)
    assert ctx is not None
    return ctx


def agency(region: Region, slug: str) -> Agency:
    return Agency.objects.unscoped("test").get(region=region, slug=slug)
