"""The app catalog: variants, publishing, adoption with lineage, merges, bundles, agreements."""

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "kotacerdas.catalog"
    label = "catalog"
    verbose_name = _("App catalog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kotacerdas.catalog.demo import seed_catalog
        from kotacerdas.catalog.revisions import record_revision
        from kotacerdas.core.models import AppInstallation
        from kotacerdas.core.signals import demo_seeded

        post_save.connect(record_revision, sender=AppInstallation, dispatch_uid="catalog-revisions")
        demo_seeded.connect(seed_catalog, dispatch_uid="catalog-demo")
