from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    verbose_name = _("Tryghedsplan og midtvejsstatus")

    def ready(self):
        from django.db.backends.signals import connection_created

        from amager_partnerskab import page_cache

        connection_created.connect(page_cache.watch_writes, dispatch_uid="page_cache.watch_writes")
        page_cache.watch_open_connections()
