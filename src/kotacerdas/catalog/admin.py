"""Platform admins record agreements (PKS) and inspect the catalog in Django admin, through
the same scoping as everywhere else."""

from __future__ import annotations

from django.contrib import admin

from kotacerdas.catalog.models import Agreement, ConfigRevision, Variant
from kotacerdas.core.admin import ScopedAdmin


@admin.register(Agreement)
class AgreementAdmin(ScopedAdmin):
    list_display = ["number", "title", "signed_on", "valid_from", "valid_until"]
    filter_horizontal = ["parties"]


@admin.register(Variant)
class VariantAdmin(ScopedAdmin):
    list_display = ["name", "app_key", "region", "sharing"]
    readonly_fields = ["derived_from"]


@admin.register(ConfigRevision)
class ConfigRevisionAdmin(ScopedAdmin):
    list_display = ["region", "app_key", "reason", "created_at", "created_by"]
    list_filter = ["reason", "app_key"]
