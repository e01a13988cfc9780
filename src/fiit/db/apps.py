from django.apps import AppConfig


class FiitDbConfig(AppConfig):
    name = "fiit.db"
    label = "fiit"
    verbose_name = "fiit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fiit.db.report_store import connect_signals

        connect_signals()  # a change to what a report shows invalidates the stored reports
