"""Fasilitas Kesehatan tests: the seeded demo (Semarang's hospitals, Kendal's), contexts
per demo user as the platform builds them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from kotacerdas.apps.fasilitas_kesehatan.config import APP_KEY
from kotacerdas.apps.fasilitas_kesehatan.models import Facility
from kotacerdas.contract import AppContext, get_app
from kotacerdas.core.models import Region
from kotacerdas.core.tenancy import Scope
from kotacerdas.platform.context import region_context

KEY = APP_KEY


def context_for(region: Region, username: str | None = None) -> AppContext[Any]:
    app = get_app(APP_KEY)
    assert app is not None
    scope = None if username is None else Scope.for_user(User.objects.get(username=username))
    ctx = region_context(app, region, scope)
    assert ctx is not None
    return ctx


def facility(region: Region, slug: str) -> Facility:
    return Facility.objects.unscoped("tests").get(region=region, slug=slug)
