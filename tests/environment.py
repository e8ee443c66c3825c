"""Loaded by pytest before Django starts (see pyproject addopts): test defaults for the settings."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
# Playwright's sync API runs an event loop; Django's async-safety check would trip on it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
