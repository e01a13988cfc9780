from django.apps import AppConfig


class FiitWebConfig(AppConfig):
    name = "fiit.web"
    label = "fiit_web"
    verbose_name = "fiit web"

    def ready(self) -> None:
        from fiit.web import login_audit

        login_audit.connect()
