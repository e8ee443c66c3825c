from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The history of every model and the backups of the whole site, for both apps."""

    name = "records"
    verbose_name = _("Historik og sikkerhedskopier")
