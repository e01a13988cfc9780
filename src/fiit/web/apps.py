from django.apps import AppConfig


class FiitWebConfig(AppConfig):
    name = "fiit.web"
    label = "fiit_web"
    verbose_name = "fiit web"
