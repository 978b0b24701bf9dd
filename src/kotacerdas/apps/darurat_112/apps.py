from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Darurat112Config(AppConfig):
    name = "kotacerdas.apps.darurat_112"
    label = "darurat_112"
    verbose_name = _("Emergency 112")
    default_auto_field = "django.db.models.BigAutoField"
