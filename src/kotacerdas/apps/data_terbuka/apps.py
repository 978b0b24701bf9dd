from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataTerbukaConfig(AppConfig):
    name = "kotacerdas.apps.data_terbuka"
    label = "data_terbuka"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The portal's demo runs after every app has seeded its own (its datasets read them).
        from kotacerdas.apps.data_terbuka.demo import seed_after_the_apps
        from kotacerdas.core.signals import demo_seeded

        demo_seeded.connect(seed_after_the_apps, dispatch_uid="data-terbuka-demo")
