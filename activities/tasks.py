"""Work done by the task worker (``python manage.py db_worker``) outside the request.

E-mail is sent here, never in the request that caused it: an unreachable mail server or a
refused address cannot turn a saved change into an error page. Tasks go through Django's
tasks API (the ``django-tasks`` backport until Django 6) with the database backend.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

try:
    from django.tasks import task
except ImportError:  # Django < 6: the backport
    from django_tasks import task

from activities.models import OutgoingMail

logger = logging.getLogger(__name__)

# Waits before the second, third, … try; after the last one the mail is marked failed.
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]


@task()
def deliver_mail(mail_id):
    """Send one queued :class:`OutgoingMail`. A failure is recorded on the row and tried
    again later; a mail already sent (or given up) is left alone, so running the task
    twice never sends twice. Returns the mail's status."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != OutgoingMail.Status.QUEUED:
            return mail.status if mail else None
        mail.attempts += 1
        try:
            EmailMessage(subject=mail.subject, body=mail.body, to=mail.recipient_list).send()
        except Exception as error:
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            _retry_or_give_up(mail)
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
        mail.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return mail.status


def _retry_or_give_up(mail):
    backend = deliver_mail.get_backend()
    if mail.attempts <= len(RETRY_DELAYS) and backend.supports_defer:
        run_after = timezone.now() + RETRY_DELAYS[mail.attempts - 1]
        # Enqueued in this transaction: the retry exists exactly when the attempt is recorded.
        deliver_mail.using(run_after=run_after).enqueue(mail.pk)
        logger.warning("E-mail %s kunne ikke sendes (forsøg %s); prøver igen", mail.pk, mail.attempts)
        return
    mail.status = OutgoingMail.Status.FAILED
    logger.error("E-mail %s kunne ikke sendes efter %s forsøg: %s", mail.pk, mail.attempts, mail.last_error)
