"""The history page reads like the domain: names instead of ids, no internal version
numbers, and an emptied budget cell as a change to "ikke besluttet"."""

import pytest
from django.urls import reverse

from activities import workflow
from activities.models import Budget, StatusResponse
from tests import factories


@pytest.fixture
def staff_admin(db):
    return factories.administrator(first_name="Anne", last_name="Admin")


def test_people_are_named_and_version_numbers_are_left_out(client, staff_admin, partnership, unit):
    first = factories.member_of(unit, first_name="Ulla", last_name="Ungdom")
    second = factories.member_of(unit, first_name="Henrik", last_name="Hus")
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    response = factories.StatusResponseFactory(round=round, activity=activity, updated_by=first)
    answers = {name: "" for name in StatusResponse.ANSWER_FIELDS}
    workflow.response_save(
        response, answers={**answers, "on_track_text": "Godt i gang"}, expected_version=1, acting_user=second
    )
    client.force_login(staff_admin)
    content = client.get(reverse("audit"), {"model": "activities.statusresponse"}).content.decode()
    assert "<del>Ulla Ungdom</del> → <ins>Henrik Hus</ins>" in content
    assert f"<del>{first.pk}</del>" not in content
    assert "Version" not in content and "version:" not in content.lower()


def test_an_emptied_budget_cell_reads_as_not_decided(client, staff_admin):
    budget = Budget.objects.create(activity=factories.ActivityFactory(), year=2022, amount=335000)
    budget.delete()
    client.force_login(staff_admin)
    content = client.get(reverse("audit"), {"model": "activities.budget"}).content.decode()
    assert "<del>335.000</del> → <ins>ikke besluttet</ins>" in content
    assert "<del>ikke besluttet</del> → <ins>335.000</ins>" in content
    assert "Slettet" not in content.split("<tbody>")[1]
    assert "Oprettet" not in content.split("<tbody>")[1]
