"""The region a page is about and its price lists; 404 where the app is not enabled."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from kotacerdas.apps.harga_pangan.lists import PriceLists, lists_for
from kotacerdas.core.models import Region


def signed_in(request: HttpRequest) -> AbstractBaseUser | None:
    """The user to record on revisions (views behind console_region are signed in)."""
    user = request.user
    return user if isinstance(user, AbstractBaseUser) else None


def region_lists(region_slug: str) -> tuple[Region, PriceLists]:
    region = get_object_or_404(Region, slug=region_slug)
    lists = lists_for(region)
    if lists is None:
        raise Http404("Harga Pangan is not enabled here")
    return region, lists
