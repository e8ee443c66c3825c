"""A new round is proposed, checked on a confirmation page, then opened; an unanswered
round can be deleted; closing lists the answers not yet approved."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from activities import workflow
from activities.models import ReportingRound, StatusResponse
from tests import factories

PROPOSAL = {
    "title": "Midtvejsstatus 2023",
    "year": "2023",
    "period_start": "2023-01-01",
    "period_end": "2023-04-30",
    "deadline": "2023-05-15",
}


@pytest.fixture
def plan(partnership, unit, other_unit):
    """Three numbered activities: one funded in 2023, one with 0 kr., one not funded; and a
    budget line."""
    funded = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    zero = factories.ActivityFactory(partnership=partnership, number=2, responsible_units=[other_unit])
    unfunded = factories.ActivityFactory(partnership=partnership, number=3, responsible_units=[other_unit])
    factories.BudgetFactory(activity=funded, year=2023, amount=335_000)
    factories.BudgetFactory(activity=zero, year=2023, amount=0)
    factories.BudgetFactory(activity=unfunded, year=2023, amount=None)
    factories.ActivityFactory(partnership=partnership, number=None, title="Videnspuljen")
    return funded, zero, unfunded


def create_url(partnership):
    return reverse("activities:round_create", args=[partnership.slug])


@time_machine.travel("2026-12-02 09:00 +01:00", tick=False)
def test_the_form_proposes_the_first_plan_year_without_a_round_and_a_future_deadline(
    client, partnership, coordinator
):
    factories.ReportingRoundFactory(partnership=partnership, year=2021)
    factories.ReportingRoundFactory(partnership=partnership, year=2022)
    client.force_login(coordinator)
    form = client.get(create_url(partnership)).context["form"]
    assert form["year"].initial == 2023
    assert form["title"].initial == "Midtvejsstatus 2023"
    assert form["period_start"].initial == datetime.date(2023, 1, 1)
    assert form["period_end"].initial == datetime.date(2023, 4, 30)
    assert form["deadline"].initial == datetime.date(2026, 12, 23)


@pytest.mark.parametrize("year", ["2020", "2026"])
def test_a_year_outside_the_plan_is_refused_with_the_reason(client, partnership, coordinator, year):
    client.force_login(coordinator)
    page = client.post(create_url(partnership), {**PROPOSAL, "year": year, "confirm": "1"})
    assert page.context["form"].errors["year"] == [
        f"{year} ligger uden for partnerskabets planperiode 2021–2024. "
        "En administrator kan forlænge partnerskabet med en ny aftaleperiode."
    ]
    assert not ReportingRound.objects.exists()


def test_the_confirmation_page_preselects_the_funded_activities_and_sends_nothing(
    client, partnership, plan, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    funded, zero, unfunded = plan
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(create_url(partnership), PROPOSAL)
    assert page.status_code == 200
    assert not ReportingRound.objects.exists()
    assert mailoutbox == []
    choice = page.context["choice"]
    assert sorted(choice["activities"].initial) == sorted([funded.pk, zero.pk])
    text = page.content.decode()
    assert "2023: finansieret med 335.000 kr." in text
    assert "2023: ikke finansieret" in text
    assert "Videnspuljen" not in text
    assert [unit.short_name for unit in page.context["units"]] == sorted(
        {funded.responsible_units.get().short_name, zero.responsible_units.get().short_name}
    )


def test_confirming_opens_the_round_with_the_chosen_activities_and_mails_their_units(
    client, partnership, plan, unit, other_unit, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    funded, zero, unfunded = plan
    factories.member_of(unit, email="a@example.kk.dk")
    factories.member_of(other_unit, email="b@example.kk.dk")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(create_url(partnership), {**PROPOSAL, "confirm": "1", "activities": [funded.pk]})
    round = ReportingRound.objects.get()
    assert page.url == round.get_absolute_url()
    assert list(round.responses.values_list("activity", flat=True)) == [funded.pk]
    assert [mail.to for mail in mailoutbox] == [["a@example.kk.dk"]]


def test_confirming_without_an_activity_is_refused(client, partnership, plan, coordinator):
    client.force_login(coordinator)
    page = client.post(create_url(partnership), {**PROPOSAL, "confirm": "1"})
    assert page.status_code == 400
    assert "Vælg mindst én aktivitet, runden skal spørge om." in page.content.decode()
    assert not ReportingRound.objects.exists()


def test_a_round_without_answers_is_deleted_and_the_deletion_kept(client, partnership, plan, coordinator):
    round = workflow.round_open(
        partnership=partnership,
        title="Midtvejsstatus 2023",
        year=2023,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 4, 30),
        deadline=datetime.date(2023, 5, 15),
        acting_user=coordinator,
    )
    client.force_login(coordinator)
    url = reverse("activities:round_delete", args=[round.pk])
    assert "Ingen enhed har skrevet noget endnu." in client.get(url).content.decode()
    page = client.post(url)
    assert page.url == reverse("activities:round_list", args=[partnership.slug])
    assert not ReportingRound.objects.exists()
    assert not StatusResponse.objects.exists()
    deletion = ReportingRound.history.get(history_type="-")
    assert deletion.history_user == coordinator


def test_a_round_with_a_saved_answer_cannot_be_deleted(client, partnership, unit, coordinator):
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    response = factories.StatusResponseFactory(round=round, activity=activity)
    member = factories.member_of(unit)
    workflow.response_save(
        response,
        answers={**{name: "" for name in StatusResponse.ANSWER_FIELDS}, "on_track_text": "Påbegyndt"},
        expected_version=response.version,
        acting_user=member,
    )
    client.force_login(coordinator)
    url = reverse("activities:round_delete", args=[round.pk])
    assert "Runden kan ikke slettes" in client.get(url).content.decode()
    client.post(url)
    assert ReportingRound.objects.filter(pk=round.pk).exists()


def test_closing_lists_the_answers_not_approved_and_who_owes_them(client, partnership, unit, coordinator):
    round = factories.ReportingRoundFactory(partnership=partnership)
    owed = factories.ActivityFactory(
        partnership=partnership, number=1, title="Nattevandring", responsible_units=[unit]
    )
    done = factories.ActivityFactory(partnership=partnership, number=2, title="Lektiecafé")
    factories.StatusResponseFactory(round=round, activity=owed)
    factories.StatusResponseFactory(round=round, activity=done, status=StatusResponse.Status.APPROVED)
    client.force_login(coordinator)
    url = reverse("activities:round_close", args=[round.pk])
    page = client.get(url)
    assert [r.activity for r in page.context["not_approved"]] == [owed]
    text = page.content.decode()
    assert "1 svar er ikke godkendt." in text
    assert unit.short_name in text
    assert "Lektiecafé" not in text
    client.post(url)
    round.refresh_from_db()
    assert not round.is_open
