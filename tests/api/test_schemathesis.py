"""Schemathesis against the API on the live test server: no 500s, no answer that breaks the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from activities import workflow
from api.models import ApiToken
from tests.test_permissions_matrix import World


@pytest.fixture
def api_token(transactional_db, settings):
    settings.API_THROTTLE_RATE = None  # the run makes far more requests than the limit allows
    world = World()
    workflow.transition(world.submitted, workflow.Action.APPROVE, acting_user=world.users["coordinator"])
    return ApiToken.issue(world.users["coordinator"], "schemathesis")[1]


def test_the_api_keeps_to_its_schema(live_server, api_token):
    """Every operation of the schema, with cases Hypothesis generates from it.

    The operations are walked here rather than with ``schema.parametrize()``: the schema
    exists only once the live server runs, and the fixture loader does not work with this
    pytest."""
    headers = {"Authorization": f"Bearer {api_token}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/?format=json", headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def keeps_to_the_schema(case):
            case.call_and_validate(
                base_url=live_server.url,
                headers=headers,
                checks=[not_a_server_error, response_schema_conformance],
            )

        keeps_to_the_schema()
