"""What a user, a client or the machine can cause never ends in a 500: the cases an attack
run on the production setup found, each reproduced here."""

import errno
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.urls import reverse

from activities.forms_rounds import ReportingRoundForm
from activities.models import Activity, ReportingRound, StatusResponse
from indicators import report as report_data
from indicators.models import ReportExport, StatusReport
from tests import factories


@pytest.fixture
def response(partnership, unit):
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=4)
    round = factories.ReportingRoundFactory(partnership=partnership)
    return factories.StatusResponseFactory(round=round, activity=activity)


def test_answer_page_copes_with_history_saved_without_a_user(client, response, member, coordinator, reader):
    # A save from the shell or a script: simple-history records no user.
    response.on_track_text = "Rettet fra kommandolinjen."
    response.save()
    response.refresh_from_db()
    assert response.history.first().history_user is None
    for user in (member, coordinator, reader):
        client.force_login(user)
        page = client.get(reverse("activities:response", args=[response.pk]))
        assert page.status_code == 200, user
        assert "system ·" in page.content.decode()


@pytest.mark.parametrize("host", ["evil.example.com", "127.0.0.1:8000\r\nX: y", "[::1"])
def test_a_bad_host_header_is_400(client, db, host):
    page = client.get("/", HTTP_HOST=host)
    assert page.status_code == 400
    assert "Forespørgslen kunne ikke behandles" in page.content.decode()


def test_healthz_answers_over_plain_http_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz").content == b"ok"
    assert client.get(reverse("login")).status_code == 301


def test_logged_in_pages_and_downloads_are_private_and_not_stored(client, demo, partnership):
    client.force_login(get_user_model().objects.get(username="koordinator"))
    for url in (
        reverse("home"),
        reverse("activities:plan", args=["amager"]),
        reverse("indicators:export", args=["amager", "csv"]),
        reverse("indicators:report_pdf", args=["amager", 2022]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        cache_control = {part.strip() for part in page.get("Cache-Control", "").split(",")}
        assert {"private", "no-store"} <= cache_control, url


@pytest.fixture
def approved_demo(demo):
    StatusResponse.objects.filter(round__partnership=demo, round__year=2022).update(
        status=StatusResponse.Status.APPROVED
    )
    return demo


def coordinator_client(client):
    client.force_login(get_user_model().objects.get(username="koordinator"))
    return client


def test_a_full_disk_refuses_the_final_report_in_danish_and_leaves_no_file(
    client, approved_demo, settings, monkeypatch
):
    def disk_full(storage, name, content):
        # The file is created, then the disk runs out before anything is written.
        path = storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "wb").close()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    page = coordinator_client(client).post(
        reverse("indicators:report_final", args=["amager", 2022]), {"confirm": "1"}, follow=True
    )
    assert page.status_code == 200
    assert "Den endelige rapport kunne ikke gemmes" in page.content.decode()
    assert not ReportExport.objects.exists()
    archived = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert archived == []


def test_a_missing_archived_pdf_answers_a_page_that_says_so_and_tells_the_administrator(
    client, approved_demo, mailoutbox, django_capture_on_commit_callbacks
):
    report = StatusReport.objects.get(partnership=approved_demo, year=2022)
    export, _created = report_data.status_report_export(
        report=report, acting_user=approved_demo.coordinators.get()
    )
    os.remove(export.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        page = coordinator_client(client).get(reverse("indicators:report_download", args=[export.pk]))
    assert page.status_code == 404
    text = page.content.decode()
    assert "findes ikke længere i arkivet" in text and export.filename in text
    assert [mail.to for mail in mailoutbox] == [["admin@example.kk.dk"]]
    assert export.sha256 in mailoutbox[0].body


ROUND_FORM = {
    "title": "Midtvejsstatus 2022",
    "year": "2022",
    "period_start": "2022-01-01",
    "period_end": "2022-04-30",
    "deadline": "2022-05-13",
    "confirm": "1",
}


def test_a_round_opened_meanwhile_by_someone_else_is_a_clear_message(
    client, partnership, unit, coordinator, monkeypatch
):
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=1)
    checked = ReportingRoundForm.clean_year

    def another_coordinator_is_faster(form):
        year = checked(form)
        factories.ReportingRoundFactory(partnership=partnership, year=year)
        return year

    monkeypatch.setattr(ReportingRoundForm, "clean_year", another_coordinator_is_faster)
    client.force_login(coordinator)
    page = client.post(
        reverse("activities:round_create", args=[partnership.slug]),
        {**ROUND_FORM, "activities": [activity.pk]},
        follow=True,
    )
    assert page.status_code == 200
    assert "allerede en runde" in page.content.decode()
    assert ReportingRound.objects.count() == 1


def all_at_once(jobs):
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_opening_the_same_round_at_once(partnership, unit):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("concurrent connections need PostgreSQL (SQLite locks the whole file)")
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=1)
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        client.force_login(factories.coordinator_of(partnership))
        clients.append(client)
    url = reverse("activities:round_create", args=[partnership.slug])
    data = {**ROUND_FORM, "activities": [activity.pk]}
    responses = all_at_once([lambda c=c: c.post(url, data) for c in clients])
    # One opens the round. The other passed the form's check either before the first
    # committed (then the open is refused: back to the rounds with the message) or after
    # it (then the form says so at once): a clear answer either way, and one round.
    round_ = ReportingRound.objects.get()
    opened = [r for r in responses if r.status_code == 302 and r.url == round_.get_absolute_url()]
    assert len(opened) == 1, [r.status_code for r in responses]
    (other,) = [r for r in responses if r is not opened[0]]
    if other.status_code == 200:
        assert "allerede en runde" in other.content.decode()
    else:
        assert (other.status_code, other.url) == (
            302,
            reverse("activities:round_list", args=[partnership.slug]),
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_one_upload_at_once(partnership, coordinator):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("concurrent connections need PostgreSQL (SQLite locks the whole file)")
    factories.UnitFactory(short_name="E1")
    partnership.first_year, partnership.last_year = 2021, 2022
    partnership.save()
    first = Client(raise_request_exception=False)
    first.force_login(coordinator)
    url = reverse("activities:plan_import", args=[partnership.slug])
    text = "nr;aktivitet;ansvarlige;samarbejdspartnere;2021;2022\n1;Natteravne;E1;;100.000;100.000\n"
    assert first.post(url, {"file": SimpleUploadedFile("Plan.csv", text.encode())}).status_code == 200
    token = first.session["plan_import"][partnership.slug]["token"]
    # A second tab of the same browser: the same session.
    second = Client(raise_request_exception=False)
    second.cookies = first.cookies
    statuses = all_at_once(
        [lambda c=c: c.post(url, {"action": "confirm", "token": token}).status_code for c in (first, second)]
    )
    assert all(status in (200, 302) for status in statuses), statuses
    assert Activity.objects.filter(partnership=partnership).count() == 1
