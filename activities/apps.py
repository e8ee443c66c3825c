from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class ActivitiesConfig(AppConfig):
    # The module holds other apps' configurations too: this one is the app's own.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    verbose_name = _("Tryghedsplan og midtvejsstatus")


class TasksDatabaseConfig(TasksAppConfig):
    """The task queue that sends the e-mails, under a Danish name in the admin (the app's own
    name is not marked for translation)."""

    default = False
    verbose_name = _("Opgavekø (e-mail og andet baggrundsarbejde)")
