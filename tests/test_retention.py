"""Personal data kept no longer than needed: the retention run, the personal-data export
and the log of who opened someone else's data."""

import csv
import datetime
import io
import json
import zipfile

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from activities import workflow
from activities.models import OutgoingMail, PersonalDataAccess, StatusResponse
from indicators.models import ReportExport, StatusReport
from tests import factories

LONG_AGO = timezone.make_aware(datetime.datetime(2015, 3, 1, 10, 0))


@pytest.fixture
def old_world(partnership, unit):
    """A unit member who left in 2015 after answering a 2014 round, and a colleague who stayed."""
    with time_machine.travel(LONG_AGO, tick=False):
        leaver = factories.member_of(unit, first_name="Lise", last_name="Leaver", email="lise@kk.dk")
        old_round = factories.ReportingRoundFactory(
            partnership=partnership, year=2014, period_end=datetime.date(2014, 4, 30)
        )
        activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
        response = factories.StatusResponseFactory(round=old_round, activity=activity)
        answers = {name: "" for name in StatusResponse.ANSWER_FIELDS}
        workflow.response_save(
            response,
            answers={**answers, "on_track_text": "Lise skrev dette"},
            expected_version=1,
            acting_user=leaver,
        )
        leaver.last_login = LONG_AGO
        leaver.is_active = False
        leaver.save()
        OutgoingMail.objects.create(subject="Gammel", body="…", recipients="lise@kk.dk", status="sent")
        AccessLog.objects.create(
            username=leaver.username, ip_address="10.0.0.1", user_agent="x", attempt_time=LONG_AGO
        )
        AccessAttempt.objects.create(
            username=leaver.username,
            ip_address="10.0.0.1",
            user_agent="x",
            attempt_time=LONG_AGO,
            failures_since_start=1,
        )
    stayer = factories.member_of(unit, first_name="Sam", last_name="Stayer")
    recent = factories.StatusResponseFactory(
        round=factories.ReportingRoundFactory(partnership=partnership, year=partnership.last_year),
        activity=activity,
    )
    return leaver, stayer, response, recent


def test_a_dry_run_counts_and_changes_nothing(old_world):
    leaver, _stayer, response, _recent = old_world
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Ville blive behandlet" in text
    assert "Deaktiverede brugere, der anonymiseres: 1" in text
    assert "Svar i midtvejsstatus, der slettes: 1" in text
    leaver.refresh_from_db()
    assert leaver.first_name == "Lise" and StatusResponse.objects.filter(pk=response.pk).exists()
    assert OutgoingMail.objects.count() == 1 and AccessLog.objects.count() == 1


def test_the_run_anonymises_deletes_what_expired_and_keeps_the_history_readable(client, old_world):
    leaver, stayer, response, recent = old_world
    history_before = leaver.pk
    call_command("apply_retention", stdout=io.StringIO())

    leaver.refresh_from_db()
    assert (leaver.username, leaver.get_full_name(), leaver.email) == (
        f"tidligere-bruger-{leaver.pk}",
        f"Tidligere bruger #{leaver.pk}",
        "",
    )
    assert not leaver.has_usable_password() and not leaver.groups.exists()
    assert not type(leaver).history.filter(first_name="Lise").exists()
    assert not type(leaver).history.filter(email="lise@kk.dk").exists()
    assert not StatusResponse.objects.filter(pk=response.pk).exists()
    assert not StatusResponse.history.filter(id=response.pk).exists()  # the text went with it
    assert StatusResponse.objects.filter(pk=recent.pk).exists()
    assert (
        not OutgoingMail.objects.exists()
        and not AccessLog.objects.exists()
        and not AccessAttempt.objects.exists()
    )
    stayer.refresh_from_db()
    assert stayer.get_full_name() == "Sam Stayer" and stayer.is_active
    # The history still says who did what, under the former user's new name.
    client.force_login(factories.administrator())
    html = client.get(reverse("audit"), {"user": history_before}).content.decode()
    assert f"Tidligere bruger #{leaver.pk}" in html and "Lise" not in html


def test_final_reports_are_never_deleted(old_world, partnership):
    with time_machine.travel(LONG_AGO, tick=False):
        report = StatusReport.objects.create(partnership=partnership, year=2014)
        ReportExport.objects.create(
            report=report, version=1, file=ContentFile(b"%PDF", name="x.pdf"), sha256="0" * 64, size=4
        )
    call_command("apply_retention", stdout=io.StringIO())
    assert ReportExport.objects.filter(report=report).count() == 1


def test_the_personal_data_export_holds_everything_about_the_user_and_is_logged(client, old_world):
    leaver, _stayer, _response, _recent = old_world
    admin = factories.administrator()
    client.force_login(admin)
    page = client.get(reverse("personal_data", args=[leaver.pk])).content.decode()
    assert "Persondata om Lise Leaver" in page and "Svar skrevet eller indsendt: 1" in page

    response = client.post(reverse("personal_data", args=[leaver.pk]))

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "e-mails.csv",
        "historik.csv",
        "logins.csv",
        "profil.json",
        "svar.csv",
    ]
    profile = json.loads(archive.read("profil.json"))
    assert profile["email"] == "lise@kk.dk" and profile["roller"] == ["enhedsmedlem"]
    answers = list(csv.reader(io.StringIO(archive.read("svar.csv").decode("utf-8-sig")), delimiter=";"))
    assert len(answers) == 2 and "Lise skrev dette" in answers[1]
    mails = archive.read("e-mails.csv").decode("utf-8-sig")
    assert "Gammel" in mails
    assert "10.0.0.1" in archive.read("logins.csv").decode("utf-8-sig")
    history = archive.read("historik.csv").decode("utf-8-sig")
    assert "Ændret;Midtvejsstatus;Midtvejsstatus 2014" in history
    log = list(PersonalDataAccess.objects.values_list("accessed_by", "subject", "what"))
    assert log == [(admin.pk, leaver.pk, "eksport"), (admin.pk, leaver.pk, "profil")]
    log_page = client.get(reverse("personal_data_log")).content.decode()
    assert "Eksport af persondata" in log_page and "Lise Leaver" in log_page


def test_the_access_log_cannot_be_changed_or_deleted(db):
    admin, other = factories.administrator(), factories.UserFactory()
    entry = PersonalDataAccess.objects.create(accessed_by=admin, subject=other, what="profil")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_only_administrators_see_personal_data(client, coordinator, old_world):
    leaver = old_world[0]
    client.force_login(coordinator)
    assert client.get(reverse("personal_data", args=[leaver.pk])).status_code == 403
    assert client.post(reverse("personal_data", args=[leaver.pk])).status_code == 403
    assert client.get(reverse("personal_data_log")).status_code == 403
    assert not PersonalDataAccess.objects.exists()
