"""E-mail goes through the task queue: a saved action never fails on the mail server, the
real ``db_worker`` sends with retries, and a mail that keeps failing is shown to the
administrator. Runs on SQLite and on PostgreSQL (CI runs the suite on both)."""

import datetime
import io
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from activities import emails, tasks, workflow
from activities.models import OutgoingMail, ReminderLog, StatusResponse
from tests import factories

# The worker commits and checks its connection like the real one, so these tests commit too.
pytestmark = [pytest.mark.task_worker, pytest.mark.django_db(transaction=True)]

Status = OutgoingMail.Status


def run_worker():
    """The real worker, once through everything that is due, in this process."""
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, stdout=io.StringIO())


@pytest.fixture
def smtp_unreachable(settings):
    """The SMTP backend pointed at a local port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def admin_client(client, db):
    """The administrator in Django's admin (the demo's admin is a superuser)."""
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def submitted(partnership, unit):
    member = factories.member_of(unit)
    response = factories.StatusResponseFactory(
        round=factories.ReportingRoundFactory(partnership=partnership),
        activity=factories.ActivityFactory(
            partnership=partnership, responsible_units=[unit], title="Natteravne\r\nBcc: x@example.com"
        ),
        complete=True,
    )
    workflow.transition(response, "submit", acting_user=member)
    return response, member


def return_answer(client, coordinator, response):
    client.force_login(coordinator)
    return client.post(
        reverse("activities:response_action", args=[response.pk, "return"]),
        {"return-comment": "Angiv antal deltagere."},
    )


def test_returning_an_answer_with_the_mail_server_down_is_saved_and_not_an_error(
    client, coordinator, submitted, smtp_unreachable, mailoutbox
):
    response, member = submitted
    page = return_answer(client, coordinator, response)
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.status == StatusResponse.Status.RETURNED
    mail = OutgoingMail.objects.get()
    assert mail.status == Status.QUEUED
    # Line breaks in a title never reach a mail header.
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert mail.recipient_list == [member.email]

    run_worker()
    mail.refresh_from_db()
    assert mail.status == Status.QUEUED
    assert mail.attempts == 1
    assert "ConnectionRefusedError" in mail.last_error
    assert mailoutbox == []


def test_the_worker_tries_again_later_and_then_shows_the_failure_to_the_administrator(
    client, coordinator, submitted, smtp_unreachable
):
    response, _member = submitted
    return_answer(client, coordinator, response)
    run_worker()
    # A retry is not due yet: running the worker again does not try again at once.
    run_worker()
    assert OutgoingMail.objects.get().attempts == 1
    later = timezone.now()
    for delay in tasks.RETRY_DELAYS:
        later += delay + datetime.timedelta(seconds=1)
        with time_machine.travel(later, tick=False):
            run_worker()
    mail = OutgoingMail.objects.get()
    assert mail.status == Status.FAILED
    assert mail.attempts == len(tasks.RETRY_DELAYS) + 1

    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:activities_outgoingmail_changelist") + "?status=failed")
    assert page.status_code == 200
    assert mail.subject in page.content.decode()
    assert "mislykket" in page.content.decode()


def test_the_worker_sends_a_queued_mail_once(client, coordinator, submitted, mailoutbox):
    response, member = submitted
    return_answer(client, coordinator, response)
    assert mailoutbox == []
    run_worker()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert "Angiv antal deltagere." in mailoutbox[0].body
    mail = OutgoingMail.objects.get()
    assert mail.status == Status.SENT and mail.sent_at is not None
    # The same task run again (e.g. after a worker crash) sends nothing more.
    tasks.deliver_mail.call(mail.pk)
    run_worker()
    assert len(mailoutbox) == 1


def test_a_failed_mail_can_be_sent_again_from_the_admin(admin_client, mailoutbox):
    mail = OutgoingMail.objects.create(
        subject="Runde åben", body="Tekst", recipients="a@example.kk.dk", status=Status.FAILED, attempts=5
    )
    page = admin_client.post(
        reverse("admin:activities_outgoingmail_changelist"),
        {"action": "send_again", "_selected_action": [mail.pk]},
    )
    assert page.status_code == 302
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Status.SENT
    assert [m.to for m in mailoutbox] == [["a@example.kk.dk"]]


def test_a_rolled_back_change_queues_no_mail(partnership, unit, coordinator, submitted):
    response, _member = submitted
    with pytest.raises(RuntimeError), django_db_atomic():
        workflow.transition(response, "return", acting_user=coordinator, comment="Ret")
        raise RuntimeError
    assert not OutgoingMail.objects.exists()


def django_db_atomic():
    return transaction.atomic()


def test_reminders_queued_twice_are_sent_once(partnership, unit, mailoutbox):
    unit.email = "enhed@example.kk.dk"
    unit.save()
    deadline = datetime.date(2022, 5, 13)
    round = factories.ReportingRoundFactory(partnership=partnership, deadline=deadline)
    factories.StatusResponseFactory(
        round=round, activity=factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    )
    with time_machine.travel(datetime.datetime(2022, 5, 6, 7, 0), tick=False):
        assert emails.send_reminders() == 1
        assert emails.send_reminders() == 0
        run_worker()
    assert ReminderLog.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.postgres
def test_two_digest_runs_at_once_send_the_digest_once(partnership, coordinator, unit):
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.skip("two connections writing at once need PostgreSQL (SQLite locks the whole file)")

    member = factories.member_of(unit)
    round = factories.ReportingRoundFactory(partnership=partnership)
    for number in (1, 2):
        response = factories.StatusResponseFactory(
            round=round,
            activity=factories.ActivityFactory(
                partnership=partnership, responsible_units=[unit], number=number
            ),
            complete=True,
        )
        workflow.transition(response, "submit", acting_user=member)
    barrier = threading.Barrier(4)

    def run():
        try:
            barrier.wait(timeout=30)
            return emails.send_digests()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        queued = list(pool.map(lambda _: run(), range(4)))
    assert sum(queued) == 1
    assert OutgoingMail.objects.filter(recipients=coordinator.email).count() == 1
