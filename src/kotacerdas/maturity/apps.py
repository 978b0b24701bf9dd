from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    name = "kotacerdas.maturity"
    label = "maturity"
    verbose_name = _("Maturity index")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kotacerdas.core.signals import demo_seeded
        from kotacerdas.maturity.demo import seed_maturity

        demo_seeded.connect(seed_maturity, dispatch_uid="maturity-demo")

        from kotacerdas.maturity.jobs import RECOMPUTE
        from kotacerdas.platform.jobs import register_platform_job

        register_platform_job("maturity", RECOMPUTE)
