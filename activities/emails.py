"""E-mails of the midtvejsstatus: plain Danish text with a link to the form.

Units hear when a round opens, when an answer is returned and, through ``send_reminders``,
before and just after the deadline; coordinators get one daily digest of new submissions
(``send_digest``). Reminders and digests are logged, so running a command twice sends
nothing new.

Every e-mail goes through :func:`queue_mail`: it is rendered and stored in the
transaction of the change it tells about and sent by the task worker after the commit
(``activities.tasks.deliver_mail``), so a mail server that is down never fails a save.
"""

import logging
from collections import defaultdict
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.models import (
    DigestLog,
    MailPreference,
    OutgoingMail,
    ReminderLog,
    ReportingRound,
    ResponseTransition,
    StatusResponse,
)
from activities.tasks import deliver_mail

logger = logging.getLogger(__name__)

# Reminder kinds by days left to the deadline (negative: days since it passed).
REMINDER_DAYS = {
    7: ReminderLog.Kind.WEEK_BEFORE,
    2: ReminderLog.Kind.TWO_DAYS_BEFORE,
    -1: ReminderLog.Kind.DAY_AFTER,
}


def unit_recipients(unit):
    """The unit's shared address and its active members' addresses, without duplicates."""
    addresses = [unit.email] if unit.email else []
    addresses += [member.email for member in unit.members.all() if member.is_active and member.email]
    return list(dict.fromkeys(address.lower() for address in addresses))


def queue_mail(subject, template, context, recipients):
    """Render ``template`` with ``context`` (plus ``site_url``) and queue it for ``recipients``.

    The mail is stored in the current transaction and handed to the task worker once that
    commits: a rolled-back change sends nothing, and sending (with retries) can never fail
    the request. Line breaks in the subject become spaces. Returns the number of e-mails
    queued: 1, or 0 when there is nobody to send to.
    """
    recipients = list(dict.fromkeys(address.strip() for address in recipients if address and address.strip()))
    if not recipients:
        return 0
    body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    mail = OutgoingMail.objects.create(
        subject=" ".join(str(subject).split())[:255], body=body, recipients="\n".join(recipients)
    )
    enqueue_delivery(mail)
    return 1


def enqueue_delivery(mail):
    """Hand ``mail`` to the task worker when the current transaction commits."""
    # Robust: a queue that cannot be reached leaves the mail queued for the administrator
    # to send again, it does not turn the committed change into an error.
    transaction.on_commit(partial(_enqueue, mail.pk), robust=True)


def _enqueue(mail_id):
    deliver_mail.enqueue(mail_id)


def _responses_by_unit(responses):
    by_unit = defaultdict(list)
    for response in responses:
        for unit in response.activity.responsible_units.all():
            by_unit[unit].append(response)
    return by_unit


def _with_units(queryset):
    return queryset.select_related("round", "round__partnership", "activity").prefetch_related(
        "activity__responsible_units__members"
    )


def send_round_opened(round, response_ids):
    """Tell each responsible unit which of its activities the new round asks about."""
    responses = _with_units(StatusResponse.objects.filter(pk__in=response_ids)).order_by(
        "activity__order", "activity__number"
    )
    sent = 0
    with translation.override("da"):
        for unit, unit_responses in _responses_by_unit(responses).items():
            subject = _("%(round)s er åben: %(partnership)s") % {
                "round": round.title,
                "partnership": round.partnership.name,
            }
            context = {"round": round, "unit": unit, "responses": unit_responses}
            sent += queue_mail(subject, "emails/round_opened.txt", context, unit_recipients(unit))
    return sent


def send_response_returned(record):
    """Tell the responsible units that an answer came back, with the coordinator's reason."""
    response = _with_units(StatusResponse.objects.filter(pk=record.response_id)).get()
    sent = 0
    with translation.override("da"):
        subject = _("Svar returneret til rettelse: %(activity)s") % {"activity": response.activity}
        for unit in response.activity.responsible_units.all():
            context = {"response": response, "record": record, "unit": unit}
            sent += queue_mail(subject, "emails/response_returned.txt", context, unit_recipients(unit))
    return sent


def send_response_submitted(record):
    """Tell the partnership's coordinators who chose to hear at once that an answer waits
    for them; the others read it in the daily digest."""
    response = _with_units(StatusResponse.objects.filter(pk=record.response_id)).get()
    coordinators = response.round.partnership.coordinators.filter(
        is_active=True, mail_preference__submissions=MailPreference.Submissions.IMMEDIATE
    ).exclude(email="")
    sent = 0
    with translation.override("da"):
        subject = _("Nyt svar til godkendelse: %(activity)s") % {"activity": response.activity}
        for coordinator in coordinators:
            context = {"response": response, "record": record, "coordinator": coordinator}
            sent += queue_mail(subject, "emails/response_submitted.txt", context, [coordinator.email])
    return sent


def send_response_approved(record):
    """Tell the responsible units that the coordinator approved their answer."""
    response = _with_units(StatusResponse.objects.filter(pk=record.response_id)).get()
    sent = 0
    with translation.override("da"):
        subject = _("Svar godkendt: %(activity)s") % {"activity": response.activity}
        for unit in response.activity.responsible_units.all():
            context = {"response": response, "record": record, "unit": unit}
            sent += queue_mail(subject, "emails/response_approved.txt", context, unit_recipients(unit))
    return sent


def send_reminders_now(round, today=None):
    """The coordinator's "send reminder now": every unit with answers still to submit in
    the round gets one e-mail at once, logged like the scheduled ones. Returns the units
    reminded."""
    today = today or timezone.localdate()
    responses = _with_units(round.responses.awaiting_answer()).order_by("activity__order", "activity__number")
    reminded = 0
    with translation.override("da"):
        for unit, unit_responses in _responses_by_unit(responses).items():
            if _remind(round, unit, ReminderLog.Kind.MANUAL, unit_responses, today):
                reminded += 1
    return reminded


def send_reminders(today=None):
    """Remind units with unsubmitted answers 7 and 2 days before the deadline and the day
    after it. Each unit gets each reminder once per round; returns the e-mails sent."""
    today = today or timezone.localdate()
    sent = 0
    with translation.override("da"):
        for round in ReportingRound.objects.open().select_related("partnership"):
            kind = REMINDER_DAYS.get(round.days_to_deadline(today))
            if kind is None:
                continue
            responses = _with_units(round.responses.awaiting_answer()).order_by(
                "activity__order", "activity__number"
            )
            already = set(
                ReminderLog.objects.filter(round=round, kind=kind).values_list("unit_id", flat=True)
            )
            for unit, unit_responses in _responses_by_unit(responses).items():
                if unit.pk in already:
                    continue
                sent += _remind(round, unit, kind, unit_responses, today)
    return sent


def _remind(round, unit, kind, responses, today):
    recipients = unit_recipients(unit)
    days = round.days_to_deadline(today)
    try:
        # The log row is written first under its unique constraint: a second run racing
        # this one fails here instead of sending the same mail again.
        with transaction.atomic():
            ReminderLog.objects.create(round=round, unit=unit, kind=kind, recipients=", ".join(recipients))
            if days >= 0:
                subject = _("Påmindelse: %(round)s skal besvares senest %(deadline)s") % {
                    "round": round.title,
                    "deadline": round.deadline.strftime("%d-%m-%Y"),
                }
            else:
                subject = _("Fristen er overskredet: %(round)s") % {"round": round.title}
            context = {
                "round": round,
                "unit": unit,
                "responses": responses,
                "days": days,
                "overdue": days < 0,
            }
            return queue_mail(subject, "emails/reminder.txt", context, recipients)
    except IntegrityError:
        return 0


def send_digests(now=None):
    """Send each coordinator one e-mail with the answers submitted since the last digest
    (the first digest covers the last day). Returns the number of e-mails sent.

    Two runs at once send each digest once: each coordinator's digest is worked out under
    a lock on the coordinator's row, and its log row is unique per last submission."""
    now = now or timezone.now()
    sent = 0
    User = get_user_model()
    # Coordinators who chose to hear of each submission at once get no digest.
    coordinators = (
        User.objects.filter(is_active=True, coordinated_partnerships__isnull=False)
        .exclude(mail_preference__submissions=MailPreference.Submissions.IMMEDIATE)
        .distinct()
    )
    with translation.override("da"):
        for coordinator_id in coordinators.values_list("pk", flat=True):
            try:
                sent += _digest(coordinator_id, now)
            except IntegrityError:
                # Another run logged (and queued) this digest between our read and write.
                continue
    return sent


@transaction.atomic
def _digest(coordinator_id, now):
    coordinator = get_user_model().objects.select_for_update().get(pk=coordinator_id)
    if not coordinator.email:
        return 0
    last = DigestLog.objects.filter(recipient=coordinator).order_by("-last_transition_id").first()
    submissions = ResponseTransition.objects.filter(
        action="submit", response__round__partnership__coordinators=coordinator
    )
    if last:
        submissions = submissions.filter(pk__gt=last.last_transition_id)
    else:
        submissions = submissions.filter(at__gte=now - timedelta(days=1))
    submissions = list(
        submissions.select_related(
            "actor", "response__activity", "response__round", "response__round__partnership"
        ).order_by("pk")
    )
    if not submissions:
        return 0
    DigestLog.objects.create(
        recipient=coordinator, last_transition_id=submissions[-1].pk, submissions=len(submissions)
    )
    subject = _("Dagens indsendte midtvejsstatusser: %(count)s nye") % {"count": len(submissions)}
    context = {
        "coordinator": coordinator,
        "submissions": submissions,
        "awaiting": StatusResponse.objects.awaiting_review()
        .filter(round__partnership__coordinators=coordinator)
        .count(),
    }
    return queue_mail(subject, "emails/digest.txt", context, [coordinator.email])
