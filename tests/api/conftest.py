import pytest
from django.core.cache import cache

from api.models import ApiToken
from tests.test_permissions_matrix import World


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    """Throttle counts live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def token_for():
    def issue(user, name="Datavarehuset"):
        return ApiToken.issue(user, name)[1]

    return issue


@pytest.fixture
def api(client, token_for):
    """GET with a user's token: ``api(user, url, **params)``."""

    def get(user, url, headers=None, **params):
        headers = {"Authorization": f"Bearer {token_for(user)}", **(headers or {})}
        return client.get(url, params, headers=headers)

    return get
