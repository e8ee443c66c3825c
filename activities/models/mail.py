"""Every e-mail the site sends, kept from the moment it is queued until it is delivered."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMailQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(status=OutgoingMail.Status.FAILED)

    def waiting(self):
        return self.filter(status=OutgoingMail.Status.QUEUED)


class OutgoingMail(models.Model):
    """One e-mail, rendered when it was queued and sent by the task worker with retries.

    The row is written in the transaction of the change it tells about, so a rolled-back
    change sends nothing; a mail that still fails after the last try stays here as
    ``failed`` with the error for the administrator to see and send again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("i kø")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("mislykket")

    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True, db_index=True)
    subject = models.CharField(_("emne"), max_length=255)
    body = models.TextField(_("tekst"))
    recipients = models.TextField(_("modtagere"), help_text=_("Én adresse pr. linje."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("udgående e-mail")
        verbose_name_plural = _("udgående e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
