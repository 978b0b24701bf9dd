from django.apps import AppConfig


class PlatformConfig(AppConfig):
    name = "kotacerdas.platform"
    label = "platform"
    verbose_name = "kotacerdas platform"

    def ready(self) -> None:
        from kotacerdas.contract.services import install
        from kotacerdas.platform.services import services

        install(services)
