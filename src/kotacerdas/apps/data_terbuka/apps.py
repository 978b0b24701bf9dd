from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataTerbukaConfig(AppConfig):
    name = "kotacerdas.apps.data_terbuka"
    label = "data_terbuka"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"
