"""One row that changes whenever committed data changes: what cached pages are checked against."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    return uuid.uuid4().hex


class DataVersion(models.Model):
    """The current data version. Every transaction that writes replaces ``token`` once it
    has committed (see ``amager_partnerskab.page_cache``); a page rendered under an older
    token is never shown again. A random token rather than a counter, so a restored backup
    never meets pages cached under the same value for other data."""

    token = models.CharField(_("token"), max_length=32, default=new_token)
    changed_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("dataversion")
        verbose_name_plural = _("dataversioner")

    def __str__(self):
        return self.token
