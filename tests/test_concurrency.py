"""Many people at once on one midtvejsstatus round, through the real pages, on PostgreSQL:
no update is lost, no transition is recorded twice, and nobody gets a server error.

SQLite serialises every write on one file lock, so the row locks these tests are about
cannot be exercised there; CI runs them on PostgreSQL.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import reverse

from activities import workflow
from activities.models import ResponseTransition, StatusResponse
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL row locks and concurrent connections (SQLite locks the whole file); "
        "run with DATABASE_URL=postgres://… as CI does",
    ),
]

THREADS = 20


def all_at_once(jobs):
    """Run the jobs in parallel threads, released together, and return their results."""
    barrier = threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait(timeout=30)
            return job()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def client_for(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def answers(response, **changes):
    data = {name: getattr(response, name) or "" for name in StatusResponse.ANSWER_FIELDS}
    data.update(changes, version=response.version)
    return data


@pytest.fixture
def round_with_team():
    partnership = factories.PartnershipFactory()
    unit = factories.UnitFactory()
    activities = [
        factories.ActivityFactory(partnership=partnership, number=n, responsible_units=[unit])
        for n in range(1, THREADS // 2 + 1)
    ]
    round = factories.ReportingRoundFactory(partnership=partnership)
    responses = [
        factories.StatusResponseFactory(round=round, activity=activity, complete=True)
        for activity in activities
    ]
    members = [factories.member_of(unit) for _ in range(2)]
    coordinators = [factories.coordinator_of(partnership) for _ in range(2)]
    return round, responses, members, coordinators


def history_of(response):
    return list(response.history.order_by("history_date", "history_id").values_list("status", "version"))


def assert_consistent(response):
    """The transition log, the history and the version tell the same story."""
    response.refresh_from_db()
    transitions = list(ResponseTransition.objects.filter(response=response).order_by("at", "pk"))
    state = StatusResponse.Status.DRAFT
    for transition in transitions:
        assert transition.from_status == state, "a transition started from a state it was not in"
        state = transition.to_status
    assert state == response.status
    history = history_of(response)
    assert len(history) == 1 + len(transitions), "a history row too many or too few"
    assert [version for _status, version in history] == list(range(1, len(history) + 1))
    assert response.version == 1 + len(transitions)


def test_twenty_reviewers_on_one_answer_make_exactly_one_decision(round_with_team):
    round, responses, members, coordinators = round_with_team
    response = responses[0]
    workflow.transition(response, workflow.Action.SUBMIT, acting_user=members[0])
    clients = [client_for(coordinators[n % 2]) for n in range(THREADS)]

    def review(n):
        action = "approve" if n % 2 else "return"
        data = {f"{action}-comment": f"Begrundelse {n}"}
        url = reverse("activities:response_action", args=[response.pk, action])
        return lambda: clients[n].post(url, data).status_code

    statuses = all_at_once([review(n) for n in range(THREADS)])

    assert 500 not in statuses and set(statuses) == {302}
    decisions = ResponseTransition.objects.filter(response=response).exclude(action=workflow.Action.SUBMIT)
    assert decisions.count() == 1
    assert_consistent(response)
    assert response.status in (StatusResponse.Status.APPROVED, StatusResponse.Status.RETURNED)


def test_twenty_people_submitting_and_approving_across_a_round_lose_nothing(round_with_team):
    round, responses, members, coordinators = round_with_team
    jobs = []
    for n, response in enumerate(responses):
        submitter, reviewer = client_for(members[n % 2]), client_for(coordinators[n % 2])
        submit_url = reverse("activities:response", args=[response.pk])
        approve_url = reverse("activities:response_action", args=[response.pk, "approve"])
        submit_data = {**answers(response), "intent": "submit"}
        jobs.append(lambda c=submitter, u=submit_url, d=submit_data: c.post(u, d).status_code)
        jobs.append(lambda c=reviewer, u=approve_url: c.post(u, {}).status_code)

    statuses = all_at_once(jobs)

    assert 500 not in statuses and set(statuses) <= {302}
    for response in responses:
        assert_consistent(response)
        # Submitted always; approved too when the approval came after the submission.
        assert response.status in (StatusResponse.Status.SUBMITTED, StatusResponse.Status.APPROVED)
        assert response.submitted_by in members


def test_twenty_saves_of_one_answer_keep_one_and_refuse_the_rest_visibly(round_with_team):
    round, responses, members, coordinators = round_with_team
    response = responses[0]
    url = reverse("activities:response", args=[response.pk])
    clients = [client_for(members[n % 2]) for n in range(THREADS)]

    def save(n):
        data = answers(response, on_track_text=f"Version fra medarbejder {n}")
        return lambda: (n, clients[n].post(url, data).status_code)

    results = all_at_once([save(n) for n in range(THREADS)])

    statuses = [status for _n, status in results]
    assert 500 not in statuses
    winners = [n for n, status in results if status == 302]
    assert len(winners) == 1, statuses
    assert statuses.count(409) == THREADS - 1  # the conflict page, with both texts
    response.refresh_from_db()
    assert response.on_track_text == f"Version fra medarbejder {winners[0]}"
    assert response.version == 2
    assert len(history_of(response)) == 2
