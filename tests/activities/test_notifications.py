"""E-mails that close the loop: submitted answers reach the coordinator (at once or in the
daily digest, as the coordinator chose), approved answers reach the unit, and the
coordinator can send a reminder now; links use the site's own address."""

import pytest
from django.urls import reverse

from activities import emails, workflow
from activities.models import MailPreference, ReminderLog, StatusResponse
from tests import factories

Status = StatusResponse.Status


@pytest.fixture
def answer(partnership, unit):
    unit.email = "enhed@example.kk.dk"
    unit.save()
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(
        partnership=partnership, number=1, title="Nattevandring", responsible_units=[unit]
    )
    return factories.StatusResponseFactory(round=round, activity=activity, complete=True)


def test_a_coordinator_who_chose_at_once_hears_of_each_submission(
    answer, unit, member, coordinator, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://127.0.0.1:8615"
    MailPreference.objects.create(user=coordinator, submissions=MailPreference.Submissions.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(answer, workflow.Action.SUBMIT, acting_user=member)
    assert [mail.to for mail in mailoutbox] == [[coordinator.email]]
    assert mailoutbox[0].subject == "Nyt svar til godkendelse: 1. Nattevandring"
    assert f"http://127.0.0.1:8615/svar/{answer.pk}/" in mailoutbox[0].body
    # ...and gets no digest of what was already sent.
    assert emails.send_digests() == 0


def test_a_coordinator_on_the_digest_gets_nothing_at_once_and_the_digest_later(
    answer, member, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(answer, workflow.Action.SUBMIT, acting_user=member)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert emails.send_digests() == 1
    assert mailoutbox[0].to == [coordinator.email]


def test_the_unit_hears_when_its_answer_is_approved(
    answer, member, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    workflow.transition(answer, workflow.Action.SUBMIT, acting_user=member)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(answer, workflow.Action.APPROVE, acting_user=coordinator, comment="Fint")
    assert sorted(tuple(mail.to) for mail in mailoutbox) == [("enhed@example.kk.dk", member.email)]
    assert mailoutbox[0].subject == "Svar godkendt: 1. Nattevandring"
    assert "Fint" in mailoutbox[0].body


def test_the_coordinator_chooses_at_once_on_the_settings_page(client, coordinator):
    client.force_login(coordinator)
    url = reverse("activities:mail_preferences")
    client.post(url, {"submissions": "straks"})
    assert MailPreference.wants_immediate(coordinator)
    client.post(url, {"submissions": "daglig"})
    assert not MailPreference.wants_immediate(coordinator)


def test_send_reminder_now_mails_the_units_that_owe_answers_and_shows_the_date(
    client,
    partnership,
    answer,
    unit,
    other_unit,
    member,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    done = factories.ActivityFactory(partnership=partnership, number=2, responsible_units=[other_unit])
    factories.member_of(other_unit)
    factories.StatusResponseFactory(round=answer.round, activity=done, status=Status.SUBMITTED)
    client.force_login(coordinator)
    overview = reverse("activities:round_overview", args=[answer.round.pk])
    assert "Der er ikke sendt nogen påmindelse i runden endnu." in client.get(overview).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("activities:round_remind", args=[answer.round.pk]), follow=True)
    assert "1 enhed har fået en påmindelse." in page.content.decode()
    assert [sorted(mail.to) for mail in mailoutbox] == [sorted(["enhed@example.kk.dk", member.email])]
    assert "Seneste påmindelse:" in page.content.decode()
    # A second reminder by hand is sent again, and logged again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:round_remind", args=[answer.round.pk]))
    assert ReminderLog.objects.filter(kind=ReminderLog.Kind.MANUAL, unit=unit).count() == 2
    assert len(mailoutbox) == 2
