"""Test data built once for a whole module, for modules whose tests mostly read it."""

from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS_AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@contextmanager
def data_for_module(django_db_blocker, media_root):
    """Rows built once for a module's tests, rolled back after the module; each test's own
    writes still roll back after the test, inside it. Not for tests that need committed
    data (live server, other connections)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS, TASKS=TASKS_AT_ONCE, MEDIA_ROOT=media_root),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
