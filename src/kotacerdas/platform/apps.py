from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "kotacerdas.platform"
    label = "platform"
    verbose_name = "kotacerdas platform"
