from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "kotacerdas.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        # Sign-in and role-change entries of the audit log (model and auth signals).
        from kotacerdas.web import audit_trail, signin

        signin.connect()
        audit_trail.connect()
