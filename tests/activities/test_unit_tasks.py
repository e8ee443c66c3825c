"""The unit's side of a round: withdrawing a submitted answer, and last year's answer."""

from django.urls import reverse

from activities import workflow
from activities.models import StatusResponse
from tests import factories

Status = StatusResponse.Status


def test_the_unit_withdraws_a_submitted_answer_to_fix_it(client, partnership, unit, member, coordinator):
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    response = factories.StatusResponseFactory(round=round, activity=activity, complete=True)
    workflow.transition(response, workflow.Action.SUBMIT, acting_user=member)
    client.force_login(member)
    page = client.get(response.get_absolute_url()).content.decode()
    assert "Træk svaret tilbage" in page
    page = client.post(reverse("activities:response_action", args=[response.pk, "withdraw"]), follow=True)
    assert "Svaret er trukket tilbage og er en kladde igen." in page.content.decode()
    response.refresh_from_db()
    assert response.status == Status.DRAFT
    assert workflow.can_edit_response(member, response)
    assert list(response.transitions.values_list("action", "to_status")) == [
        ("submit", Status.SUBMITTED),
        ("withdraw", Status.DRAFT),
    ]
    assert not workflow.can_transition(coordinator, response, workflow.Action.APPROVE)


def test_once_the_coordinator_has_acted_the_answer_cannot_be_withdrawn(
    partnership, unit, member, coordinator
):
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    response = factories.StatusResponseFactory(round=round, activity=activity, complete=True)
    workflow.transition(response, workflow.Action.SUBMIT, acting_user=member)
    workflow.transition(response, workflow.Action.APPROVE, acting_user=coordinator)
    decision = workflow.can_transition(member, response, workflow.Action.WITHDRAW)
    assert not decision
    assert "Godkendt" in decision.reason


def test_the_form_links_last_years_answer_for_the_same_activity(client, partnership, unit, member):
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    other = factories.ActivityFactory(partnership=partnership, number=2, responsible_units=[unit])
    earlier = factories.ReportingRoundFactory(partnership=partnership, year=2021, title="Midtvejsstatus 2021")
    last = factories.StatusResponseFactory(round=earlier, activity=activity)
    factories.StatusResponseFactory(round=earlier, activity=other)
    round = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    response = factories.StatusResponseFactory(round=round, activity=activity)
    client.force_login(member)
    page = client.get(response.get_absolute_url())
    assert page.context["last_year"] == last
    assert f'href="{last.get_absolute_url()}"' in page.content.decode()
    assert "Se sidste års svar for aktiviteten (Midtvejsstatus 2021)" in page.content.decode()
    assert client.get(last.get_absolute_url()).context["last_year"] is None
