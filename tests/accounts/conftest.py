import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Used TOTP codes and wrong-code counts live in the cache, keyed by user id: one test's must
    not reach the next test's user with the same id."""
    cache.clear()
    yield
    cache.clear()
