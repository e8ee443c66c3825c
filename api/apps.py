from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("Læse-API")

    def ready(self):
        # Importing the module registers the token scheme with drf-spectacular; Django's place
        # for such registrations is ready(), once every app and model is loaded.
        from api import schema  # noqa: F401, PLC0415 - registers on import, see above
