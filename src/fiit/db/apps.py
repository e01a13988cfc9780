from django.apps import AppConfig


class FiitDbConfig(AppConfig):
    name = "fiit.db"
    label = "fiit"
    verbose_name = "fiit"
    default_auto_field = "django.db.models.BigAutoField"
