from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "kotacerdas_example"
    label = "kotacerdas_example"
    default_auto_field = "django.db.models.BigAutoField"
