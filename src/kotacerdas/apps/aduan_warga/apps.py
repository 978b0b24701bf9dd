from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AduanWargaConfig(AppConfig):
    name = "kotacerdas.apps.aduan_warga"
    label = "aduan_warga"
    verbose_name = _("Citizen reports")
    default_auto_field = "django.db.models.BigAutoField"
