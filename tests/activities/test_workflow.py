"""The midtvejsstatus workflow: every action from every state by every role."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from activities import workflow
from activities.models import ResponseTransition, StatusResponse
from tests import factories

Status = StatusResponse.Status
ROLES = [
    "anonymous",
    "unit_member",
    "other_unit_member",
    "coordinator",
    "coordinator_and_member",
    "other_coordinator",
    "administrator",
    "reader",
]

# The design, written out independently of workflow.TRANSITIONS:
# (action, from state, role) -> resulting state. Everything not listed is refused.
# "coordinator_and_member" coordinates the partnership, is in the responsible unit and
# submitted the answer, so the self-approval rule applies to that user.
ALLOWED = {
    ("submit", Status.DRAFT, "unit_member"): Status.SUBMITTED,
    ("submit", Status.RETURNED, "unit_member"): Status.SUBMITTED,
    ("submit", Status.DRAFT, "coordinator_and_member"): Status.SUBMITTED,
    ("submit", Status.RETURNED, "coordinator_and_member"): Status.SUBMITTED,
    ("approve", Status.SUBMITTED, "coordinator"): Status.APPROVED,
    ("return", Status.SUBMITTED, "coordinator"): Status.RETURNED,
    ("return", Status.SUBMITTED, "coordinator_and_member"): Status.RETURNED,
    ("reopen", Status.APPROVED, "coordinator"): Status.RETURNED,
    ("reopen", Status.APPROVED, "coordinator_and_member"): Status.RETURNED,
    ("withdraw", Status.SUBMITTED, "unit_member"): Status.DRAFT,
    ("withdraw", Status.SUBMITTED, "coordinator_and_member"): Status.DRAFT,
}


@pytest.fixture
def setting(db):
    partnership = factories.PartnershipFactory()
    unit, other_unit = factories.UnitFactory(), factories.UnitFactory()
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    dual = factories.coordinator_of(partnership)
    unit.members.add(dual)
    users = {
        "anonymous": AnonymousUser(),
        "unit_member": factories.member_of(unit),
        "other_unit_member": factories.member_of(other_unit),
        "coordinator": factories.coordinator_of(partnership),
        "coordinator_and_member": dual,
        "other_coordinator": factories.coordinator_of(factories.PartnershipFactory()),
        "administrator": factories.administrator(),
        "reader": factories.reader_of(partnership),
    }
    return {"partnership": partnership, "activity": activity, "users": users, "dual": dual}


def make_response(setting, status, **kwargs):
    round = factories.ReportingRoundFactory(partnership=setting["partnership"], **kwargs)
    return factories.StatusResponseFactory(
        round=round,
        activity=setting["activity"],
        status=status,
        complete=True,
        submitted_by=None if status == Status.DRAFT else setting["dual"],
    )


@pytest.mark.parametrize(
    ("action", "status", "role"), list(itertools.product(workflow.Action.values, Status.values, ROLES))
)
def test_every_action_from_every_state_by_every_role(setting, action, status, role):
    response = make_response(setting, status)
    user = setting["users"][role]
    expected = ALLOWED.get((action, status, role))

    assert bool(workflow.can_transition(user, response, action)) == (expected is not None)
    if expected is None:
        with pytest.raises(workflow.NotAllowed):
            workflow.transition(response, action, acting_user=user, comment="Se afsnit 2.")
        response.refresh_from_db()
        assert response.status == status
        assert not ResponseTransition.objects.exists()
        return

    record = workflow.transition(response, action, acting_user=user, comment="Se afsnit 2.")
    response.refresh_from_db()
    assert response.status == expected
    assert response.version == 2
    assert list(
        ResponseTransition.objects.values_list("action", "from_status", "to_status", "actor", "comment")
    ) == [(action, status, expected, user.pk, "Se afsnit 2.")]
    assert record.response == response


def test_the_table_is_the_design():
    """Buttons and querysets read TRANSITIONS; it must say what the design says."""
    table = {
        (action, state): rule.to_state
        for action, rule in workflow.TRANSITIONS.items()
        for state in rule.from_states
    }
    assert table == {(action, state): to for (action, state, _role), to in ALLOWED.items()}
    assert StatusResponse.EDITABLE_STATES == {Status.DRAFT, Status.RETURNED}
    assert workflow.TRANSITIONS[workflow.Action.SUBMIT].from_states == StatusResponse.EDITABLE_STATES


@pytest.mark.parametrize(("action", "status"), [("return", Status.SUBMITTED), ("reopen", Status.APPROVED)])
@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_and_reopening_need_a_reason(setting, action, status, comment):
    response = make_response(setting, status)
    with pytest.raises(workflow.NotAllowed, match="begrundelse"):
        workflow.transition(response, action, acting_user=setting["users"]["coordinator"], comment=comment)
    response.refresh_from_db()
    assert response.status == status
    assert not response.transitions.exists()


def test_nobody_approves_what_they_submitted(setting):
    dual = setting["dual"]
    response = make_response(setting, Status.DRAFT)
    workflow.transition(response, "submit", acting_user=dual)
    decision = workflow.can_transition(dual, response, "approve")
    assert not decision
    assert decision.reason == "Du kan ikke godkende et svar, du selv har indsendt."
    workflow.transition(response, "approve", acting_user=setting["users"]["coordinator"])
    assert response.status == Status.APPROVED


def test_an_incomplete_answer_cannot_be_submitted(setting):
    response = make_response(setting, Status.DRAFT)
    StatusResponse.objects.filter(pk=response.pk).update(deliverable_1="")
    response.refresh_from_db()
    with pytest.raises(workflow.NotAllowed, match="alle spørgsmål"):
        workflow.transition(response, "submit", acting_user=setting["users"]["unit_member"])
    assert StatusResponse.objects.get(pk=response.pk).status == Status.DRAFT


@pytest.mark.parametrize(
    ("action", "status", "role", "allowed"),
    [
        ("submit", Status.DRAFT, "unit_member", False),
        ("return", Status.SUBMITTED, "coordinator", False),
        ("reopen", Status.APPROVED, "coordinator", False),
        # Approval may finish after the round closes; nothing is sent back to a closed round.
        ("approve", Status.SUBMITTED, "coordinator", True),
    ],
)
def test_a_closed_round(setting, action, status, role, allowed):
    response = make_response(setting, status, is_open=False)
    decision = workflow.can_transition(setting["users"][role], response, action)
    assert bool(decision) == allowed
    if not allowed:
        assert decision.reason == "Runden er lukket."


def test_submitting_records_who_and_when(setting):
    member = setting["users"]["unit_member"]
    response = make_response(setting, Status.DRAFT)
    workflow.transition(response, "submit", acting_user=member)
    response.refresh_from_db()
    assert response.submitted_by == member
    assert response.submitted_at is not None
    assert response.updated_by == member
    assert response.history.first().history_user == member


@pytest.mark.parametrize(
    ("status", "round_open", "role", "allowed"),
    [
        (Status.DRAFT, True, "unit_member", True),
        (Status.RETURNED, True, "unit_member", True),
        (Status.SUBMITTED, True, "unit_member", False),
        (Status.APPROVED, True, "unit_member", False),
        (Status.DRAFT, False, "unit_member", False),
        (Status.DRAFT, True, "other_unit_member", False),
        (Status.DRAFT, True, "coordinator", False),
        (Status.DRAFT, True, "administrator", False),
        (Status.DRAFT, True, "reader", False),
        (Status.DRAFT, True, "anonymous", False),
    ],
)
def test_who_may_edit_the_answers(setting, status, round_open, role, allowed):
    response = make_response(setting, status, is_open=round_open)
    assert bool(workflow.can_edit_response(setting["users"][role], response)) == allowed


def test_querysets_follow_the_states(setting):
    member = setting["users"]["unit_member"]
    responses = {}
    for year, status in zip(range(2021, 2025), Status.values, strict=True):
        responses[status] = make_response(setting, status, year=year)
    assert set(StatusResponse.objects.awaiting_review()) == {responses[Status.SUBMITTED]}
    assert set(StatusResponse.objects.awaiting_answer()) == {
        responses[Status.DRAFT],
        responses[Status.RETURNED],
    }
    assert set(StatusResponse.objects.open_tasks_for(member)) == {
        responses[Status.DRAFT],
        responses[Status.RETURNED],
    }
    assert not StatusResponse.objects.open_tasks_for(setting["users"]["other_unit_member"]).exists()
    assert StatusResponse.objects.visible_to(member).count() == 4
    assert StatusResponse.objects.visible_to(setting["users"]["reader"]).count() == 4
    assert not StatusResponse.objects.visible_to(setting["users"]["other_unit_member"]).exists()
    assert not StatusResponse.objects.visible_to(setting["users"]["other_coordinator"]).exists()
    assert not StatusResponse.objects.visible_to(AnonymousUser()).exists()
