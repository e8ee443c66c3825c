"""Opening rounds, the coordinator's overview, bulk approval and the XLSX export."""

import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from activities import workflow
from activities.models import ReportingRound, StatusResponse
from tests import factories

Status = StatusResponse.Status


ROUND_FORM = {
    "title": "Midtvejsstatus 2022",
    "year": "2022",
    "period_start": "2022-01-01",
    "period_end": "2022-04-30",
    "deadline": "2022-05-13",
}


def confirmed(activities, **changes):
    """The round form as the confirmation page posts it, with the chosen activities."""
    return {**ROUND_FORM, **changes, "confirm": "1", "activities": [activity.pk for activity in activities]}


@pytest.mark.parametrize(
    ("who", "status_code"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("reader", 403),
        ("other_coordinator", 404),
        ("coordinator", 302),
        ("admin", 302),
    ],
)
def test_who_opens_a_round(
    client,
    partnership,
    unit,
    member,
    reader,
    coordinator,
    admin_user,
    who,
    status_code,
    django_capture_on_commit_callbacks,
):
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=1)
    users = {
        "member": member,
        "reader": reader,
        "coordinator": coordinator,
        "admin": admin_user,
        "other_coordinator": factories.coordinator_of(factories.PartnershipFactory()),
    }
    if who != "anonymous":
        client.force_login(users[who])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("activities:round_create", args=[partnership.slug]), confirmed([activity]))
    assert page.status_code == status_code
    assert ReportingRound.objects.exists() == (who in ("coordinator", "admin"))


def test_opening_a_round_creates_one_response_per_numbered_activity_and_mails_units(
    client, partnership, unit, other_unit, member, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    other_unit.email = "postkasse@example.kk.dk"
    other_unit.save()
    first = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=1)
    second = factories.ActivityFactory(
        partnership=partnership, responsible_units=[unit, other_unit], number=2
    )
    factories.ActivityFactory(partnership=partnership, number=None, title="Videnspuljen")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:round_create", args=[partnership.slug]), confirmed([first, second]))
    round = ReportingRound.objects.get()
    assert sorted(round.responses.values_list("activity__number", flat=True)) == [1, 2]
    assert set(round.responses.values_list("status", flat=True)) == {Status.DRAFT}
    assert sorted(tuple(mail.to) for mail in mailoutbox) == [(member.email,), ("postkasse@example.kk.dk",)]
    mail = next(m for m in mailoutbox if m.to == [member.email])
    assert "Midtvejsstatus 2022" in mail.subject
    response = round.responses.get(activity__number=1)
    assert f"http://127.0.0.1:8000/svar/{response.pk}/" in mail.body
    assert "13. maj 2022" in mail.body


def test_a_second_round_for_the_same_year_is_refused(client, partnership, coordinator):
    factories.ReportingRoundFactory(partnership=partnership, year=2022)
    client.force_login(coordinator)
    page = client.post(reverse("activities:round_create", args=[partnership.slug]), ROUND_FORM)
    assert page.status_code == 200
    assert page.context["form"].errors["year"] == [f"{partnership.name} har allerede en runde for 2022."]
    assert ReportingRound.objects.count() == 1


def test_activities_added_later_join_an_open_round(
    client, partnership, unit, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    round = factories.ReportingRoundFactory(partnership=partnership)
    factories.StatusResponseFactory(
        round=round, activity=factories.ActivityFactory(partnership=partnership, number=1)
    )
    factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=2)
    factories.member_of(unit)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("activities:round_add_activities", args=[round.pk]))
    assert sorted(round.responses.values_list("activity__number", flat=True)) == [1, 2]
    assert len(mailoutbox) == 1
    client.post(reverse("activities:round_add_activities", args=[round.pk]))
    assert round.responses.count() == 2


def build_round(partnership, size):
    round = factories.ReportingRoundFactory(partnership=partnership)
    units = [factories.UnitFactory() for _ in range(3)]
    submitter = factories.member_of(units[0])
    for index in range(size):
        activity = factories.ActivityFactory(partnership=partnership, responsible_units=[units[index % 3]])
        status = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.RETURNED][index % 4]
        factories.StatusResponseFactory(
            round=round,
            activity=activity,
            status=status,
            complete=True,
            submitted_by=submitter,
            updated_by=submitter,
        )
    return round, units


@pytest.mark.parametrize("size", [4, 40])
def test_overview_query_count_does_not_grow(
    client, partnership, coordinator, size, django_assert_max_num_queries
):
    round, _units = build_round(partnership, size)
    client.force_login(coordinator)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("activities:round_overview", args=[round.pk]))
    assert page.status_code == 200
    assert len(page.context["table"].rows) == size


def test_overview_filters_by_state_and_unit(client, partnership, coordinator):
    round, units = build_round(partnership, 12)
    client.force_login(coordinator)
    url = reverse("activities:round_overview", args=[round.pk])
    submitted = client.get(url, {"status": "submitted"}).context["table"]
    assert {row.record.status for row in submitted.rows} == {Status.SUBMITTED}
    assert len(submitted.rows) == 3
    by_unit = client.get(url, {"unit": units[0].pk}).context["table"]
    assert len(by_unit.rows) == 4
    assert all(units[0] in row.record.activity.responsible_units.all() for row in by_unit.rows)


@pytest.mark.parametrize(
    ("who", "status_code"), [("member", 403), ("other_coordinator", 404), ("reader", 200), ("admin", 200)]
)
def test_who_sees_the_overview(client, partnership, member, reader, admin_user, who, status_code):
    round = factories.ReportingRoundFactory(partnership=partnership)
    factories.ActivityFactory(partnership=partnership, responsible_units=list(member.units.all()))
    users = {"member": member, "reader": reader, "admin": admin_user}
    users["other_coordinator"] = factories.coordinator_of(factories.PartnershipFactory())
    client.force_login(users[who])
    assert client.get(reverse("activities:round_overview", args=[round.pk])).status_code == status_code
    assert client.get(reverse("activities:round_export", args=[round.pk])).status_code == status_code


def test_overview_writes_the_period_in_the_users_language(client, partnership, coordinator, settings):
    round = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    client.force_login(coordinator)
    url = reverse("activities:round_overview", args=[round.pk])
    assert "Periode 1. januar 2022 – 30. april 2022" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "1 January 2022 – 30 April 2022" in english
    assert "1. January" not in english


def test_bulk_approval_approves_only_what_may_be_approved(client, partnership, coordinator, unit):
    round = factories.ReportingRoundFactory(partnership=partnership)
    member = factories.member_of(unit)
    unit.members.add(coordinator)
    responses = {}
    for number, (status, submitter) in enumerate(
        [
            (Status.SUBMITTED, member),
            (Status.SUBMITTED, member),
            (Status.DRAFT, None),
            (Status.SUBMITTED, coordinator),
        ],
        start=1,
    ):
        activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=number)
        responses[number] = factories.StatusResponseFactory(
            round=round, activity=activity, status=status, complete=True, submitted_by=submitter
        )
    client.force_login(coordinator)
    # The checkbox is offered only where approval is allowed.
    table = client.get(reverse("activities:round_overview", args=[round.pk])).context["table"]
    offered = {
        row.record.activity.number for row in table.rows if 'name="selected"' in row.get_cell("select")
    }
    assert offered == {1, 2}
    page = client.post(
        reverse("activities:round_bulk_approve", args=[round.pk]),
        {"selected": [responses[n].pk for n in (1, 2, 3, 4)]},
        follow=True,
    )
    states = {n: StatusResponse.objects.get(pk=r.pk).status for n, r in responses.items()}
    assert states == {1: Status.APPROVED, 2: Status.APPROVED, 3: Status.DRAFT, 4: Status.SUBMITTED}
    text = page.content.decode()
    assert "2 svar er godkendt." in text
    assert "Du kan ikke godkende et svar, du selv har indsendt." in text
    assert client.get(reverse("activities:round_bulk_approve", args=[round.pk])).status_code == 405


def test_export_is_an_xlsx_with_every_activity(client, partnership, coordinator):
    round, _units = build_round(partnership, 5)
    client.force_login(coordinator)
    page = client.get(reverse("activities:round_export", args=[round.pk]))
    assert page["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(page.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Nr.", "Aktivitet", "Ansvarlig", "Status")
    assert len(rows) == 6
    assert {row[3] for row in rows[1:]} == {"Kladde", "Indsendt", "Godkendt", "Returneret til rettelse"}


def test_closing_the_round_stops_editing(client, partnership, coordinator, unit, member):
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    response = factories.StatusResponseFactory(round=round, activity=activity)
    client.force_login(coordinator)
    client.post(reverse("activities:round_set_open", args=[round.pk]), {"open": "0"})
    round.refresh_from_db()
    assert not round.is_open
    assert not workflow.can_edit_response(member, response.__class__.objects.get(pk=response.pk))
    client.force_login(member)
    assert (
        client.post(reverse("activities:round_set_open", args=[round.pk]), {"open": "1"}).status_code == 403
    )
    assert not StatusResponse.objects.open_tasks_for(member).exists()


def test_member_start_page_lists_open_tasks_with_deadline(client, partnership, unit, member):
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(
        partnership=partnership, responsible_units=[unit], title="Lommepengejobs"
    )
    factories.StatusResponseFactory(round=round, activity=activity)
    approved = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], title="Blå bane")
    factories.StatusResponseFactory(round=round, activity=approved, status=Status.APPROVED)
    closed = factories.ReportingRoundFactory(partnership=partnership, year=2021, is_open=False)
    factories.StatusResponseFactory(round=closed, activity=activity, status=Status.APPROVED)
    client.force_login(member)
    page = client.get(reverse("home"))
    text = page.content.decode()
    assert [(t.activity.title, t.state_label) for t in page.context["open_tasks"]] == [
        ("Lommepengejobs", "Ikke påbegyndt"),
        ("Blå bane", "Godkendt"),
    ]
    assert [(answer.round, answer.activity) for answer in page.context["older"]] == [(closed, activity)]
    assert "Ikke påbegyndt" in text
    assert "Tidligere runder (1 svar)" in text
    assert "15-05-2022" in text or "15.05.2022" in text


def test_member_start_page_pages_the_answers_of_closed_rounds_newest_year_first(
    client, partnership, unit, member
):
    activities = [
        factories.ActivityFactory(
            partnership=partnership, responsible_units=[unit], title=f"Aktivitet {n:02}"
        )
        for n in range(1, 11)
    ]
    for year in (2019, 2020, 2021):
        closed = factories.ReportingRoundFactory(
            partnership=partnership, year=year, title=f"Midtvejsstatus {year}", is_open=False
        )
        for activity in activities:
            factories.StatusResponseFactory(round=closed, activity=activity, status=Status.APPROVED)
    client.force_login(member)

    first = client.get(reverse("home"))
    text = first.content.decode()
    assert "Tidligere runder (30 svar)" in text
    assert [answer.round.year for answer in first.context["older"]] == [2021] * 10 + [2020] * 10 + [2019] * 5
    assert text.count("Midtvejsstatus 2019 ·") == 5 and "Side 1 af 2" in text and 'href="?side=2"' in text
    assert '<details class="mt-4" data-testid="older-rounds">' in text  # folded until asked for

    second = client.get(reverse("home"), {"side": "2"}).content.decode()
    assert second.count("Midtvejsstatus 2019 ·") == 5 and "Midtvejsstatus 2021 ·" not in second
    assert 'data-testid="older-rounds" open' in second and "Side 2 af 2" in second
    # A page past the end shows the last page; a page number that is not one, the first.
    assert client.get(reverse("home"), {"side": "9"}).context["older"].number == 2
    assert client.get(reverse("home"), {"side": "x9"}).context["older"].number == 1
    assert client.get(reverse("home"), {"side": "9" * 25}).context["older"].number == 2


@pytest.mark.parametrize(
    ("today", "shown"),
    [
        ("2022-05-12", "3 dage"),
        ("2022-05-14", "1 dag"),
        ("2022-05-15", "i dag"),
        ("2022-05-17", "overskredet med 2 dage"),
    ],
)
def test_overview_shows_days_to_the_deadline_for_unanswered(client, partnership, coordinator, today, shown):
    round, _units = build_round(partnership, 2)
    client.force_login(coordinator)
    with time_machine.travel(f"{today} 09:00 +02:00", tick=False):
        table = client.get(reverse("activities:round_overview", args=[round.pk])).context["table"]
        cells = {row.record.status: str(row.get_cell("deadline")) for row in table.rows}
    assert shown in cells[Status.DRAFT]
    assert cells[Status.SUBMITTED] == "–"
