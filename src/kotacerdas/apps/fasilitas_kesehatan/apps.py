from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FasilitasKesehatanConfig(AppConfig):
    name = "kotacerdas.apps.fasilitas_kesehatan"
    label = "fasilitas_kesehatan"
    verbose_name = _("Health facilities")
    default_auto_field = "django.db.models.BigAutoField"
