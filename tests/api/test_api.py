"""The read API: a token sees what its user sees, nothing more; paging, filters, ETags."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import workflow
from activities.models import Partnership, StatusResponse
from api.models import ApiToken, token_hash
from indicators.models import Goal, SurveyResult
from indicators.summary import indicator_summary
from tests import factories
from tests.test_permissions_matrix import DRAFT_WORD

pytestmark = pytest.mark.django_db

LISTS = [
    "partnership",
    "unit",
    "activity",
    "round",
    "survey-result",
    "police-count",
    "population",
    "goal-status",
    "final-report",
]


def list_url(name):
    return reverse(f"api:{name}-list")


def partnerships_in(body):
    """The partnership slugs a list answer mentions."""
    slugs = set()
    for item in body["results"]:
        value = item.get("partnership", item.get("slug"))
        slugs.add(value)
    return slugs


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_is_refused_with_401(client, world, name):
    response = client.get(list_url(name))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("name", LISTS)
def test_the_other_coordinator_sees_nothing_of_ours(api, world, name):
    response = api(world.users["other_coordinator"], list_url(name))
    assert response.status_code == 200
    assert "amager-test" not in response.content.decode()
    assert "EGEN" not in response.content.decode()


@pytest.mark.parametrize("role", ["own_unit", "other_unit", "reader", "coordinator"])
def test_a_member_of_the_partnership_sees_only_it(api, world, role):
    body = api(world.users[role], list_url("partnership")).json()
    assert [item["slug"] for item in body["results"]] == ["amager-test"]
    activities = api(world.users[role], list_url("activity")).json()
    assert {item["partnership"] for item in activities["results"]} == {"amager-test"}
    assert activities["count"] == 3


def test_the_administrator_sees_every_partnership(api, world):
    body = api(world.users["admin"], list_url("partnership")).json()
    assert {item["slug"] for item in body["results"]} == {"amager-test", "anden-by"}


def test_the_token_sees_what_the_pages_show(api, client, world):
    """Every list, for every role, names exactly the partnerships that role can open."""
    for role, user in world.users.items():
        if user is None:
            continue
        visible = set(Partnership.objects.visible_to(user).values_list("slug", flat=True))
        for name in ["activity", "round", "survey-result", "police-count", "population", "final-report"]:
            seen = partnerships_in(api(user, list_url(name)).json())
            assert seen <= visible, (role, name)


@pytest.mark.parametrize("role", ["own_unit", "other_unit", "reader", "coordinator", "admin"])
def test_rounds_carry_approved_answers_only(api, world, role):
    body = api(world.users[role], list_url("round")).content.decode()
    assert DRAFT_WORD not in body
    assert '"approved_answers":[]' in body  # the submitted answer is not approved yet

    workflow.transition(world.submitted, workflow.Action.APPROVE, acting_user=world.users["coordinator"])
    rounds = api(world.users[role], list_url("round")).json()["results"]
    answers = [answer["id"] for answer in rounds[0]["approved_answers"]]
    # The other unit's members read only their own unit's answers, as on the pages.
    assert answers == ([] if role == "other_unit" else [world.submitted.pk])


def test_activities_carry_their_budgets(api, world):
    body = api(world.users["reader"], reverse("api:activity-detail", args=[world.activity.pk])).json()
    assert body["budgets"] == [{"year": 2022, "amount": body["budgets"][0]["amount"]}]
    assert body["responsible_units"] == ["EGEN"]


def test_goal_statuses_come_from_the_indicator_summary(api, world):
    Goal.objects.create(
        partnership=world.partnership, indicator="utrygge_nabolag", rule="fastholdelse", baseline_year=2021
    )
    expected = indicator_summary(world.partnership, 2022)
    body = api(world.users["reader"], list_url("goal-status"), year=2022).json()
    [item] = body["results"]
    assert item["partnership"] == "amager-test"
    assert item["report_year"] == 2022
    assert [(goal["id"], goal["state"]) for goal in item["goals"]] == [
        (goal.pk, goal.status.state if goal.status else None) for goal in expected.goals
    ]


def test_final_reports_link_to_the_download(api, world, client):
    [item] = api(world.users["reader"], list_url("final-report")).json()["results"]
    assert item["download_url"].endswith(reverse("indicators:report_download", args=[world.export.pk]))
    assert item["sha256"] == world.export.sha256
    assert (item["partnership"], item["year"], item["version"]) == ("amager-test", 2022, 1)


def test_details_outside_the_users_partnerships_are_404(api, world):
    user = world.users["other_coordinator"]
    assert api(user, reverse("api:partnership-detail", args=["amager-test"])).status_code == 404
    assert api(user, reverse("api:activity-detail", args=[world.activity.pk])).status_code == 404
    assert api(user, reverse("api:final-report-detail", args=[world.export.pk])).status_code == 404


def test_filters_by_partnership_and_year(api, world):
    admin = world.users["admin"]
    factories.ActivityFactory(partnership=world.other_partnership, number=1)
    assert api(admin, list_url("activity"), partnership="anden-by").json()["count"] == 1
    assert api(admin, list_url("activity"), partnership="amager-test").json()["count"] == 3
    assert api(admin, list_url("survey-result"), year=2021).json()["count"] == 1
    assert api(admin, list_url("survey-result"), year=2022).json()["count"] == 0
    assert api(admin, list_url("round"), partnership="amager-test", year=2022).json()["count"] == 1
    assert api(admin, list_url("final-report"), year=2023).json()["count"] == 0
    assert api(admin, list_url("survey-result"), year="nonsense").status_code == 400


def test_lists_are_paged_by_fifty(api, world):
    for number in range(4, 60):
        factories.ActivityFactory(partnership=world.partnership, number=number)
    first = api(world.users["admin"], list_url("activity")).json()
    assert (first["count"], len(first["results"])) == (59, 50)
    second = api(world.users["admin"], list_url("activity"), page=2).json()
    assert len(second["results"]) == 9 and second["next"] is None


def test_an_unchanged_answer_is_304_with_its_etag(api, world):
    user = world.users["reader"]
    first = api(user, list_url("activity"))
    etag = first["ETag"]
    assert etag
    again = api(user, list_url("activity"), headers={"If-None-Match": etag})
    assert again.status_code == 304
    factories.ActivityFactory(partnership=world.partnership, number=9)
    changed = api(user, list_url("activity"), headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_tokens_are_stored_hashed_and_revoked_tokens_refused(client, world):
    row, token = ApiToken.issue(world.users["reader"], "Datavarehuset")
    assert row.key_hash == token_hash(token) and token not in row.key_hash
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(list_url("partnership"), headers=headers).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert client.get(list_url("partnership"), headers={"Authorization": f"Token {token}"}).status_code == 200

    row.revoke()
    assert client.get(list_url("partnership"), headers=headers).status_code == 401
    assert client.get(list_url("partnership"), headers={"Authorization": "Bearer forkert"}).status_code == 401


def test_a_deactivated_users_token_is_refused(client, world):
    user = world.users["reader"]
    token = ApiToken.issue(user, "x")[1]
    user.is_active = False
    user.save()
    assert (
        client.get(list_url("partnership"), headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_a_logged_in_browser_may_use_the_api(client, world):
    client.force_login(world.users["reader"])
    assert client.get(list_url("partnership")).status_code == 200


def test_requests_are_rate_limited(api, world, settings):
    settings.API_THROTTLE_RATE = "2/hour"
    user = world.users["reader"]
    statuses = [api(user, list_url("partnership")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_the_api_does_not_write(api, world, client):
    token = ApiToken.issue(world.users["admin"], "x")[1]
    response = client.post(list_url("activity"), {}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405


def test_the_schema_and_the_documentation_page(api, world):
    user = world.users["reader"]
    schema = api(user, reverse("api:schema"))
    assert schema.status_code == 200
    assert b"/api/v1/activities/" in schema.content
    docs = api(user, reverse("api:docs"))
    assert docs.status_code == 200
    text = docs.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in text
    assert "cdn" not in text.lower()


def test_the_admin_issues_a_token_once_and_revokes_it(client, world):
    admin = factories.administrator(is_staff=True, is_superuser=True)
    client.force_login(admin)
    user = world.users["reader"]
    response = client.post(
        reverse("admin:api_apitoken_add"), {"user": user.pk, "name": "Datavarehuset"}, follow=True
    )
    assert response.status_code == 200
    row = ApiToken.objects.get(user=user)
    [message] = [str(m) for m in response.context["messages"] if "Tokenet" in str(m)]
    token = message.split(": ", 1)[1].split(" ")[0]
    assert row.key_hash == token_hash(token)
    assert token not in client.get(reverse("admin:api_apitoken_change", args=[row.pk])).content.decode()

    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.is_revoked


@pytest.mark.parametrize("name", LISTS)
def test_a_list_costs_the_same_queries_however_long(api, world, name):
    """No query per row: more activities, answers and data leave the count as it was."""

    user = world.users["coordinator"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api(user, list_url(name)).status_code == 200
        return len(queries)

    before = count()
    for number in range(4, 14):
        factories.ActivityFactory(
            partnership=world.partnership, number=number, responsible_units=[world.unit]
        )
    round = factories.ReportingRoundFactory(partnership=world.partnership, year=2023)
    for activity in world.partnership.activities.all():
        factories.StatusResponseFactory(round=round, activity=activity, status=StatusResponse.Status.APPROVED)
    for year in range(2015, 2021):
        SurveyResult.objects.create(
            partnership=world.partnership, measure="utrygge_nabolag", level="omraade", year=year, percent=20
        )
    assert count() == before
