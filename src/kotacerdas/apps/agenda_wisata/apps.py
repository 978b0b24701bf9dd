from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaWisataConfig(AppConfig):
    name = "kotacerdas.apps.agenda_wisata"
    label = "agenda_wisata"
    verbose_name = _("Events and tourism")
    default_auto_field = "django.db.models.BigAutoField"
