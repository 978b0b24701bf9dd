from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HargaPanganConfig(AppConfig):
    name = "kotacerdas.apps.harga_pangan"
    label = "harga_pangan"
    verbose_name = _("Staple-food prices")
    default_auto_field = "django.db.models.BigAutoField"
