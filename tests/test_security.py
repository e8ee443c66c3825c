"""Login protection, security headers, error pages and what a failing request leaves behind."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path, reverse
from django.utils import timezone

from activities import permissions
from activities.models import Unit
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- Lockout -------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(client, member):
    for _ in range(4):
        response = log_in(client, member.username, "forkert-gæt")
        assert response.status_code == 200
        assert "korrekt brugernavn og adgangskode" in response.content.decode()
    locked = log_in(client, member.username, "forkert-gæt")
    assert locked.status_code == 429

    response = log_in(client, member.username, factories.DEFAULT_PASSWORD)
    assert response.status_code == 429
    content = response.content.decode()
    assert "For mange forsøg" in content
    assert "15 minutter" in content
    assert SESSION_KEY not in client.session


def test_lockout_ends_after_the_cool_off_and_spares_other_users(client, member):
    colleague = factories.member_of(member.units.first())
    for _ in range(5):
        log_in(client, member.username, "forkert-gæt")
    assert log_in(Client(), colleague.username, factories.DEFAULT_PASSWORD).status_code == 302

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16), tick=False):
        response = log_in(client, member.username, factories.DEFAULT_PASSWORD)
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(member.pk)


def test_a_successful_login_resets_the_count(client, member):
    for _ in range(4):
        log_in(client, member.username, "forkert-gæt")
    assert log_in(client, member.username, factories.DEFAULT_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, member.username, "forkert-gæt")
    assert log_in(client, member.username, factories.DEFAULT_PASSWORD).status_code == 302


def test_behind_a_proxy_a_lockout_from_one_address_spares_the_same_username_elsewhere(settings, member):
    settings.TRUSTED_PROXIES = 1
    # Everyone reaches the site from the load balancer's address.
    stranger = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.66")
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")
    for _ in range(5):
        log_in(stranger, member.username, "forkert-gæt")
    assert log_in(stranger, member.username, factories.DEFAULT_PASSWORD).status_code == 429
    assert log_in(colleague, member.username, factories.DEFAULT_PASSWORD).status_code == 302


def test_behind_a_proxy_a_client_cannot_choose_its_address_by_prepending_to_the_header(settings, member):
    settings.TRUSTED_PROXIES = 1
    for attempt in range(5):
        # A new left-most address each time: the proxy's right-most entry is what counts.
        spoofing = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 198.51.100.66")
        log_in(spoofing, member.username, "forkert-gæt")
    again = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10, 198.51.100.66")
    assert log_in(again, member.username, factories.DEFAULT_PASSWORD).status_code == 429


def test_with_no_trusted_proxy_the_forwarded_header_is_ignored(member):
    for attempt in range(5):
        log_in(Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}"), member.username, "forkert-gæt")
    other = Client(HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert log_in(other, member.username, factories.DEFAULT_PASSWORD).status_code == 429


# --- Sessions and passwords ----------------------------------------------------------------


def test_a_session_expires_after_eight_hours(client, member):
    client.force_login(member)
    assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=8, minutes=1), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_weak_passwords_are_refused_in_danish(client, member):
    client.force_login(member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.DEFAULT_PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Denne adgangskode er for almindelig." in content
    assert "Denne adgangskode er udelukkende numerisk." in content
    member.refresh_from_db()
    assert member.check_password(factories.DEFAULT_PASSWORD)


def test_changing_the_password_logs_out_every_other_session(client, member):
    other_browser = Client()
    other_browser.force_login(member)
    client.force_login(member)
    new = "nyt-langt-kodeord-til-amager"
    response = client.post(
        reverse("password_change"),
        {"old_password": factories.DEFAULT_PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    stale = other_browser.get(reverse("home"))
    assert stale.status_code == 302
    assert stale.url.startswith(reverse("login"))


# --- Headers in production -----------------------------------------------------------------

HEADER_PROBE = """
import django, json, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'amager_partnerskab.settings'
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get('/konto/login/', secure=True, headers={'host': 'tryghed.kk.dk'})
print(json.dumps({
    'status': response.status_code,
    'headers': dict(response.headers),
    'csrf_cookie_secure': bool(response.cookies['csrftoken']['secure']),
    'session_cookie_secure': settings.SESSION_COOKIE_SECURE,
}))
"""


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k8#2v!q9" * 8,
        DJANGO_ALLOWED_HOSTS="tryghed.kk.dk",
        DJANGO_STATIC_MANIFEST="0",
    )
    env.update(extra)
    return env


def test_production_sends_the_security_headers_and_secure_cookies(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", HEADER_PROBE],
        cwd=ROOT,
        env=production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    assert probe["status"] == 200
    policy = dict(
        directive.strip().split(" ", 1) for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in policy["script-src"] + policy["default-src"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert probe["csrf_cookie_secure"] and probe["session_cookie_secure"]


# --- Error pages ---------------------------------------------------------------------------


def test_404_is_danish_and_shows_nothing_technical(client, member):
    client.force_login(member)
    response = client.get("/findes/ikke/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Siden findes ikke" in content
    assert "urlpatterns" not in content and "Traceback" not in content


def failing_view(request):
    Unit.objects.create(short_name="HALV", name="Halvt skrevet enhed")
    raise RuntimeError("secret detail: connection string postgres://x")


def forbidden_view(request):
    raise PermissionDenied(permissions.can_edit_budgets(request.user, None).reason)


def ok_view(request):
    return HttpResponse("ok")


urlpatterns = [
    path("test/fejler-halvvejs/", failing_view),
    path("test/forbudt/", forbidden_view),
    path("", include("amager_partnerskab.urls")),
]


@pytest.mark.urls("tests.test_security")
def test_a_failing_request_shows_a_danish_500_and_leaves_nothing_half_written(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.post("/test/fejler-halvvejs/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Der opstod en fejl" in content
    assert "secret detail" not in content and "RuntimeError" not in content
    assert not Unit.objects.filter(short_name="HALV").exists()
    assert not Unit.history.filter(short_name="HALV").exists()


@pytest.mark.urls("tests.test_security")
def test_403_is_danish_and_says_why_with_the_permission_rule_s_reason(client, member):
    client.force_login(member)
    response = client.get("/test/forbudt/")
    content = response.content.decode()
    assert response.status_code == 403
    assert "Ingen adgang" in content
    assert "Kun administratorer kan ændre budgetter." in content
    assert "Traceback" not in content


def test_a_form_with_an_expired_csrf_token_gets_a_danish_page(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": member.username, "password": "x"})
    assert response.status_code == 403
    assert "Formularen er udløbet" in response.content.decode()


# --- The database is down ------------------------------------------------------------------


def test_pages_show_a_friendly_503_when_the_database_stops_answering(member, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(member)

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    # Undone before the test database is torn down.
    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        patch.setattr(CursorWrapper, "executemany", refuse)
        response = client.get(reverse("home"))
        health = client.get("/healthz")
    content = response.content.decode()
    assert response.status_code == 503
    assert "Systemet er midlertidigt utilgængeligt" in content
    assert "Connection refused" not in content and "OperationalError" not in content
    assert health.status_code == 503


DOWN_PROBE = """
import django, json, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'amager_partnerskab.settings'
django.setup()
from django.test import Client
client = Client(raise_request_exception=False, headers={'host': 'tryghed.kk.dk'})
health = client.get('/healthz')
login = client.post('/konto/login/', {'username': 'koordinator', 'password': 'demo'})
print(json.dumps({'health': health.status_code, 'login': login.status_code,
                  'body': login.content.decode()}))
"""


def test_with_no_database_server_healthz_and_login_answer_503():
    """A real refused connection: PostgreSQL on a port where nothing listens."""
    result = subprocess.run(
        [sys.executable, "-c", DOWN_PROBE],
        cwd=ROOT,
        env=production_env(DJANGO_HTTPS="0", DATABASE_URL="postgres://postgres@127.0.0.1:9/nothing"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["health"] == 503
    assert probe["login"] == 503
    assert "Systemet er midlertidigt utilgængeligt" in probe["body"]
    assert "psycopg" not in probe["body"]
