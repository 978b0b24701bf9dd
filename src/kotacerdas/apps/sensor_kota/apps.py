from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SensorKotaConfig(AppConfig):
    name = "kotacerdas.apps.sensor_kota"
    label = "sensor_kota"
    verbose_name = _("City sensors")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kotacerdas.apps.sensor_kota.ingest.directory import forget
        from kotacerdas.apps.sensor_kota.models import Sensor, Station

        def registry_changed(sender: object, instance: Station | Sensor, **kwargs: object) -> None:
            # New or renamed sensors are writable at once in this process.
            forget(instance.region_id)

        for model in (Station, Sensor):
            post_save.connect(registry_changed, sender=model, weak=False)
            post_delete.connect(registry_changed, sender=model, weak=False)
