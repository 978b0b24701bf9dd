from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationConfig(AppConfig):
    name = "kotacerdas.situation"
    label = "situation"
    verbose_name = _("Situation room")
    default_auto_field = "django.db.models.BigAutoField"
