"""Personal data: how long it is kept (the retention run) and everything about one user
on request (the personal-data export).

The retention period is ``settings.RETENTION_YEARS`` (``DJANGO_RETENTION_YEARS``).
Final reports and their archived files are never touched; the access log is kept.
"""

import io
import json
import zipfile

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_history_model_for_model

from activities.models import (
    DigestLog,
    OutgoingMail,
    Partnership,
    ReminderLog,
    ResponseTransition,
    StatusResponse,
    Unit,
)
from amager_partnerskab.spreadsheets import csv_bytes
from records import audit

FORMER_USER_PREFIX = "tidligere-bruger-"


def cutoff(now=None, years=None):
    """The moment before which personal data has expired."""
    now = now or timezone.now()
    years = settings.RETENTION_YEARS if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def expired(now=None, years=None):
    """{Danish label: queryset} of what the retention run anonymises or deletes."""
    now = now or timezone.now()
    before = cutoff(now, years)
    users = get_user_model().objects.filter(is_active=False).exclude(username__startswith=FORMER_USER_PREFIX)
    return {
        _("Deaktiverede brugere, der anonymiseres"): users.filter(last_login__lt=before)
        | users.filter(last_login__isnull=True, date_joined__lt=before),
        _("Svar i midtvejsstatus, der slettes"): StatusResponse.objects.filter(
            round__period_end__lt=before.date()
        ),
        _("E-mails i e-mailloggen, der slettes"): OutgoingMail.objects.filter(created_at__lt=before).exclude(
            status=OutgoingMail.Status.QUEUED
        ),
        _("Påmindelser i loggen, der slettes"): ReminderLog.objects.filter(sent_at__lt=before),
        _("Daglige oversigter i loggen, der slettes"): DigestLog.objects.filter(sent_at__lt=before),
        _("Loginforsøg, der slettes"): AccessAttempt.objects.filter(attempt_time__lt=before),
        _("Logins i loginloggen, der slettes"): AccessLog.objects.filter(attempt_time__lt=before),
        _("Mislykkede logins, der slettes"): AccessFailureLog.objects.filter(attempt_time__lt=before),
        _("Udløbne sessioner, der slettes"): Session.objects.filter(expire_date__lt=now),
    }


def apply_retention(*, now=None, years=None, dry_run=False):
    """Anonymise and delete what has expired; {label: count}. ``dry_run`` changes nothing."""
    plan = expired(now, years)
    counts = {label: queryset.count() for label, queryset in plan.items()}
    if dry_run:
        return counts
    (users, responses, *logs) = plan.values()
    with transaction.atomic():
        for user in users:
            anonymise(user)
        _delete_responses(responses)
        for queryset in logs:
            queryset.delete()
    return counts


def anonymise(user):
    """Replace the user's name and e-mail, drop roles and memberships; the history keeps
    pointing at the user, who now reads "Tidligere bruger #N"."""
    user.username = f"{FORMER_USER_PREFIX}{user.pk}"
    user.first_name = _("Tidligere bruger")
    user.last_name = f"#{user.pk}"
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    for unit in Unit.objects.filter(members=user):
        unit.members.remove(user)
    for partnership in Partnership.objects.filter(coordinators=user):
        partnership.coordinators.remove(user)
    for partnership in Partnership.objects.filter(readers=user):
        partnership.readers.remove(user)
    AccessAttempt.objects.filter(username=user.get_username()).delete()
    # The user's own history keeps the old name and e-mail in every earlier version.
    if hasattr(type(user), "history"):
        type(user).history.filter(id=user.pk).update(
            username=user.username, first_name=user.first_name, last_name=user.last_name, email=""
        )


def _delete_responses(responses):
    """Expired answers go with their transitions and their history (the texts live there too)."""
    ids = list(responses.values_list("pk", flat=True))
    if not ids:
        return
    ResponseTransition.objects.filter(response_id__in=ids).delete()
    StatusResponse.objects.filter(pk__in=ids).delete()
    # Last: deleting writes a history row of its own, which holds the texts too.
    get_history_model_for_model(StatusResponse).objects.filter(id__in=ids).delete()


# --- Everything about one user ----------------------------------------------------------------


def personal_data_zip(user):
    """One ZIP of everything stored about ``user``: profile, roles and units, answers
    written, history entries, login records and e-mails sent to them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profil.json", json.dumps(_profile(user), ensure_ascii=False, indent=2, default=str))
        archive.writestr("svar.csv", csv_bytes(*_answers(user)))
        archive.writestr("historik.csv", csv_bytes(*_history(user)))
        archive.writestr("logins.csv", csv_bytes(*_logins(user)))
        archive.writestr("e-mails.csv", csv_bytes(*_mails(user)))
    return buffer.getvalue()


def personal_data_summary(user):
    """What the personal-data page shows: the profile and how many rows each file holds."""
    return {
        "profile": _profile(user),
        "counts": {
            _("Svar skrevet eller indsendt"): len(_answers(user)[1]),
            _("Historikposter"): audit.audit_entries(user=user).count(),
            _("Logins og mislykkede logins"): len(_logins(user)[1]),
            _("E-mails sendt til brugeren"): len(_mails(user)[1]),
        },
    }


def _profile(user):
    return {
        "brugernavn": user.get_username(),
        "fornavn": user.first_name,
        "efternavn": user.last_name,
        "email": user.email,
        "aktiv": user.is_active,
        "oprettet": user.date_joined,
        "seneste_login": user.last_login,
        "roller": sorted(user.groups.values_list("name", flat=True)),
        "enheder": sorted(Unit.objects.filter(members=user).values_list("short_name", flat=True)),
        "koordinator_for": sorted(
            Partnership.objects.filter(coordinators=user).values_list("name", flat=True)
        ),
        "laeser_af": sorted(Partnership.objects.filter(readers=user).values_list("name", flat=True)),
        "eksporteret": timezone.now(),
    }


def _answers(user):
    header = ["runde", "aktivitet", "status", "indsendt", "senest ændret", *StatusResponse.ANSWER_FIELDS]
    responses = (
        StatusResponse.objects.filter(submitted_by=user) | StatusResponse.objects.filter(updated_by=user)
    ).select_related("round", "activity")
    rows = [
        [
            response.round.title,
            str(response.activity),
            response.get_status_display(),
            response.submitted_at,
            response.updated_at,
            *(getattr(response, name) for name in StatusResponse.ANSWER_FIELDS),
        ]
        for response in responses.distinct().order_by("round__year", "activity__number", "pk")
    ]
    return header, rows


def _history(user):
    header = ["tidspunkt", "handling", "slags", "objekt", "hvad blev ændret", "begrundelse"]
    rows = [
        [
            row.date,
            str(row.action),
            row.kind,
            row.label,
            row.changes_text,
            row.reason,
        ]
        for row in audit.describe(audit.audit_entries(user=user))
    ]
    return header, rows


def _logins(user):
    header = ["tidspunkt", "hændelse", "ip-adresse", "browser"]
    name = user.get_username()
    rows = [
        [row.attempt_time, _("login"), row.ip_address, row.user_agent]
        for row in AccessLog.objects.filter(username=name)
    ]
    rows += [
        [row.attempt_time, _("mislykket login"), row.ip_address, row.user_agent]
        for row in AccessFailureLog.objects.filter(username=name)
    ]
    return header, sorted(rows, key=lambda row: row[0])


def _mails(user):
    header = ["oprettet", "emne", "status", "sendt"]
    if not user.email:
        return header, []
    mails = OutgoingMail.objects.filter(recipients__icontains=user.email).order_by("created_at")
    rows = [
        [mail.created_at, mail.subject, mail.get_status_display(), mail.sent_at]
        for mail in mails
        if user.email.lower() in (line.strip().lower() for line in mail.recipients.splitlines())
    ]
    return header, rows
