"""Access to personal data, logged where the Datatilsynet expects it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataAccess(models.Model):
    """Who looked at another user's personal data, and when. Written once, never changed
    or deleted (also not by the retention run)."""

    class What(models.TextChoices):
        PROFILE = "profil", _("Persondata-side")
        EXPORT = "eksport", _("Eksport af persondata")

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    accessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("hvem")
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("hvis data")
    )
    what = models.CharField(_("hvad"), max_length=10, choices=What.choices)

    class Meta:
        verbose_name = _("adgang til persondata")
        verbose_name_plural = _("adgange til persondata")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.accessed_by} → {self.subject} ({self.get_what_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Loggen over adgang til persondata kan ikke ændres."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Loggen over adgang til persondata kan ikke slettes."))
