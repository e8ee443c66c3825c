"""Every kind of edit a user makes through the pages leaves a history row naming that user,
and the administrators' history page shows it: activities, budgets, midtvejsstatus
answers, indicator values and the status report."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, Budget, StatusResponse
from indicators.models import StatusReport, SurveyResult
from tests import factories


def form_data(form, **changes):
    """What the browser would post back for an unchanged form, with `changes` applied."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            value = [str(item) for item in value]
        elif value is True:
            value = "on"
        data[form.add_prefix(name)] = value
    data.update(changes)
    return data


@pytest.fixture
def team(db):
    partnership = factories.PartnershipFactory(first_year=2021, last_year=2024)
    unit = factories.UnitFactory()
    activity = factories.ActivityFactory(
        partnership=partnership, number=1, title="Natteravne", responsible_units=[unit]
    )
    factories.BudgetFactory(activity=activity, year=2022, amount=100_000)
    round = factories.ReportingRoundFactory(partnership=partnership)
    response = factories.StatusResponseFactory(round=round, activity=activity, complete=True)
    return {
        "partnership": partnership,
        "activity": activity,
        "response": response,
        "member": factories.member_of(unit, first_name="Mette", last_name="Medlem"),
        "coordinator": factories.coordinator_of(partnership, first_name="Karl", last_name="Koordinator"),
        "admin": factories.administrator(first_name="Ada", last_name="Admin"),
    }


def latest_change(model, pk):
    return (
        model.history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date", "-history_id").first()
    )


def assert_audited(client, team, model, pk, user, field_label, new_value):
    record = latest_change(model, pk)
    assert record.history_type == "~"
    assert record.history_user == user
    client.force_login(team["admin"])
    page = client.get(reverse("audit"), {"user": user.pk}).content.decode()
    assert user.get_full_name() in page
    assert field_label in page and new_value in page


def test_editing_an_activity_is_audited(client, team):
    activity, coordinator = team["activity"], team["coordinator"]
    client.force_login(coordinator)
    url = reverse("activities:activity_edit", args=[activity.pk])
    form = client.get(url).context["form"]
    assert client.post(url, form_data(form, title="Natteravne på Amager")).status_code == 302
    assert_audited(client, team, Activity, activity.pk, coordinator, "Aktivitet", "Natteravne på Amager")


def test_changing_a_budget_is_audited(client, team):
    activity, admin = team["activity"], team["admin"]
    client.force_login(admin)
    url = reverse("activities:budget_grid", args=[team["partnership"].slug])
    form = client.get(url).context["form"]
    cell = form.cell_name(activity.pk, 2022)
    assert client.post(url, form_data(form, **{cell: "125.000"})).status_code == 302
    budget = Budget.objects.get(activity=activity, year=2022)
    assert budget.amount == 125_000
    assert_audited(client, team, Budget, budget.pk, admin, "Beløb", "<ins>125.000</ins>")


def test_answering_the_midtvejsstatus_is_audited(client, team):
    response, member = team["response"], team["member"]
    client.force_login(member)
    url = reverse("activities:response", args=[response.pk])
    form = client.get(url).context["form"]
    text = "Aktiviteten kører som planlagt med tre hold."
    assert client.post(url, form_data(form, on_track_text=text)).status_code == 302
    assert_audited(client, team, StatusResponse, response.pk, member, "Uddybning", text)


def test_correcting_an_indicator_value_is_audited_with_the_reason(client, team):
    value = SurveyResult.objects.create(
        partnership=team["partnership"], measure="utrygge_nabolag", level="omraade", year=2021, percent=17
    )
    coordinator = team["coordinator"]
    client.force_login(coordinator)
    url = reverse("indicators:value_edit", args=[team["partnership"].slug, "tryghed", value.pk])
    form = client.get(url).context["form"]
    reason = "Rettet efter den endelige rapport"
    assert client.post(url, form_data(form, percent="18", reason=reason)).status_code == 302
    assert latest_change(SurveyResult, value.pk).history_change_reason == reason
    label = str(SurveyResult._meta.get_field("percent").verbose_name).capitalize()
    assert_audited(client, team, SurveyResult, value.pk, coordinator, label, "<ins>18")


def test_editing_the_status_report_is_audited(client, team):
    report = StatusReport.objects.create(
        partnership=team["partnership"], year=2022, report_date=datetime.date(2022, 5, 24)
    )
    coordinator = team["coordinator"]
    client.force_login(coordinator)
    url = reverse("indicators:report", args=[team["partnership"].slug, 2022])
    form = client.get(url).context["form"]
    assert client.post(url, form_data(form, caseworker="Sikker By, Anne Jensen")).status_code == 302
    assert_audited(
        client, team, StatusReport, report.pk, coordinator, "Sagsbehandler", "Sikker By, Anne Jensen"
    )
