"""Django admin, for platform admins only (see kotacerdas.urls). Region-owned models are
listed through the same scoping mechanism as everywhere else."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kotacerdas.core.models import Agency, AppInstallation, Membership, Province, Region
from kotacerdas.core.tenancy import RegionScopedManager, Scope


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        manager = self.model._default_manager
        assert isinstance(manager, RegionScopedManager)
        return manager.scoped(Scope.for_user(request.user))


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "kind", "slug", "province"]
    search_fields = ["code", "name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "slug", "region"]
    list_filter = ["region"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "province", "region", "agency"]
    list_filter = ["role", "region"]


@admin.register(AppInstallation)
class AppInstallationAdmin(ScopedAdmin):
    list_display = ["app_key", "region", "app_version", "enabled", "updated_at"]
    list_filter = ["app_key", "enabled"]
