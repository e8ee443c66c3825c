"""E-mails: reminders before and after the deadline, the coordinator's digest, returned answers."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import TestCase

from activities import workflow
from activities.models import StatusResponse
from tests import factories

Status = StatusResponse.Status
DEADLINE = datetime.date(2022, 5, 13)


@pytest.fixture
def round_with_units(partnership):
    """Unit A has a draft, B a returned answer, C has submitted and D is approved."""
    round = factories.ReportingRoundFactory(partnership=partnership, deadline=DEADLINE)
    units = {}
    for name, status in [
        ("A", Status.DRAFT),
        ("B", Status.RETURNED),
        ("C", Status.SUBMITTED),
        ("D", Status.APPROVED),
    ]:
        unit = factories.UnitFactory(short_name=f"Enhed{name}", email=f"enhed{name.lower()}@example.kk.dk")
        factories.member_of(unit, username=f"medlem{name.lower()}")
        activity = factories.ActivityFactory(
            partnership=partnership, responsible_units=[unit], title=f"Aktivitet {name}"
        )
        factories.StatusResponseFactory(round=round, activity=activity, status=status)
        units[name] = unit
    return round, units


def run_command(name):
    """The cron command; its e-mails are queued on commit and (in tests) sent at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command(name, stdout=io.StringIO())


def run_reminders(on):
    with time_machine.travel(datetime.datetime.combine(on, datetime.time(7, 0)), tick=False):
        run_command("send_reminders")


@pytest.mark.parametrize(
    ("day", "sent"),
    [
        (DEADLINE - datetime.timedelta(days=8), False),
        (DEADLINE - datetime.timedelta(days=7), True),
        (DEADLINE - datetime.timedelta(days=3), False),
        (DEADLINE - datetime.timedelta(days=2), True),
        (DEADLINE, False),
        (DEADLINE + datetime.timedelta(days=1), True),
        (DEADLINE + datetime.timedelta(days=2), False),
    ],
)
def test_reminders_go_to_units_that_have_not_submitted(round_with_units, mailoutbox, day, sent):
    run_reminders(day)
    if not sent:
        assert mailoutbox == []
        return
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == [
        "enheda@example.kk.dk",
        "enhedb@example.kk.dk",
        "medlema@example.kk.dk",
        "medlemb@example.kk.dk",
    ]
    assert len(mailoutbox) == 2
    mail_a = next(mail for mail in mailoutbox if "enheda@example.kk.dk" in mail.to)
    assert "Aktivitet A" in mail_a.body and "Aktivitet B" not in mail_a.body
    assert "http://127.0.0.1:8000/svar/" in mail_a.body


def test_reminders_run_twice_send_nothing_new(round_with_units, mailoutbox):
    week_before = DEADLINE - datetime.timedelta(days=7)
    run_reminders(week_before)
    run_reminders(week_before)
    assert len(mailoutbox) == 2
    run_reminders(DEADLINE - datetime.timedelta(days=2))
    assert len(mailoutbox) == 4
    assert "2 dage til fristen" in mailoutbox[-1].body
    run_reminders(DEADLINE + datetime.timedelta(days=1))
    run_reminders(DEADLINE + datetime.timedelta(days=1))
    assert len(mailoutbox) == 6
    assert mailoutbox[-1].subject.startswith("Fristen er overskredet")


def test_no_reminders_for_closed_rounds(round_with_units, mailoutbox):
    round, _units = round_with_units
    round.is_open = False
    round.save()
    run_reminders(DEADLINE - datetime.timedelta(days=7))
    assert mailoutbox == []


def test_digest_sends_each_coordinator_new_submissions_once(partnership, coordinator, unit, mailoutbox):
    member = factories.member_of(unit)
    round = factories.ReportingRoundFactory(partnership=partnership)
    responses = [
        factories.StatusResponseFactory(
            round=round,
            activity=factories.ActivityFactory(partnership=partnership, responsible_units=[unit]),
            complete=True,
        )
        for _ in range(3)
    ]
    other_coordinator = factories.coordinator_of(factories.PartnershipFactory())
    workflow.transition(responses[0], "submit", acting_user=member)
    workflow.transition(responses[1], "submit", acting_user=member)
    run_command("send_digest")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [coordinator.email]
    assert (
        str(responses[0].activity) in mailoutbox[0].body and str(responses[1].activity) in mailoutbox[0].body
    )
    assert "I alt venter 2 svar på din godkendelse." in mailoutbox[0].body
    run_command("send_digest")
    assert len(mailoutbox) == 1
    workflow.transition(responses[2], "submit", acting_user=member)
    run_command("send_digest")
    assert len(mailoutbox) == 2
    assert str(responses[2].activity) in mailoutbox[1].body
    assert str(responses[0].activity) not in mailoutbox[1].body
    assert other_coordinator.email not in [address for mail in mailoutbox for address in mail.to]


def test_returning_mails_the_unit_with_the_reason(
    partnership, coordinator, unit, mailoutbox, django_capture_on_commit_callbacks
):
    member = factories.member_of(unit)
    response = factories.StatusResponseFactory(
        round=factories.ReportingRoundFactory(partnership=partnership),
        activity=factories.ActivityFactory(partnership=partnership, responsible_units=[unit]),
        complete=True,
    )
    workflow.transition(response, "submit", acting_user=member)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(response, "return", acting_user=coordinator, comment="Angiv antal deltagere.")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert "Angiv antal deltagere." in mailoutbox[0].body
    assert f"/svar/{response.pk}/" in mailoutbox[0].body
