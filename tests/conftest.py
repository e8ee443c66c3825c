import io
import os
import shutil

import pytest
from django.core.management import call_command

from activities.models import Partnership
from tests import factories
from tests.module_data import FAST_PASSWORD_HASHERS, TASKS_AT_ONCE, data_for_module

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing demo and factory passwords with PBKDF2 would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for a module whose tests read it (see :func:`data_for_module`)."""
    with data_for_module(django_db_blocker, tmp_path_factory.mktemp("media")):
        call_command("load_demo", stdout=io.StringIO())
        yield Partnership.objects.get(slug="amager")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and archived files go to a per-test folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(request, settings):
    """Tasks (the e-mails) run as soon as they are enqueued, so ``mailoutbox`` shows them;
    tests marked ``task_worker`` keep the database queue and run the real worker."""
    if "task_worker" not in request.keywords:
        settings.TASKS = TASKS_AT_ONCE


@pytest.fixture
def demo(db):
    """The seed's Amager data as `make run` shows it."""
    call_command("load_demo", stdout=open(os.devnull, "w"))

    return Partnership.objects.get(slug="amager")


@pytest.fixture
def partnership(db):
    return factories.PartnershipFactory()


@pytest.fixture
def unit(db):
    return factories.UnitFactory()


@pytest.fixture
def other_unit(db):
    return factories.UnitFactory()


@pytest.fixture
def coordinator(partnership):
    return factories.coordinator_of(partnership)


@pytest.fixture
def admin_user(db):
    return factories.administrator()


@pytest.fixture
def member(unit):
    return factories.member_of(unit)


@pytest.fixture
def reader(partnership):
    return factories.reader_of(partnership)


# --- Browser tests -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """The system Chromium through Playwright. Without it the browser tests skip, unless
    REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium findes ikke på {CHROMIUM}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - about a second to load, only for browser tests

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="da-DK", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def browser_login(page, username, password=factories.DEFAULT_PASSWORD):
    page.goto("/konto/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    # The form always answers with a new page (the start page, or the form with its
    # message): wait for it, so nothing is read off the login page just left.
    with page.expect_navigation():
        page.get_by_role("button", name="Log ind").click()


# --- Single sign-on ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (oidc-provider-mock) on a free local port, for the whole run."""
    from oidc_provider_mock import run_server_in_thread  # noqa: PLC0415 - loads Flask, only for the SSO tests

    with run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso(settings, oidc_provider):
    """Single sign-on switched on against the local provider, for @kk.dk addresses of one tenant."""
    settings.SSO_OIDC_ALLOWED_DOMAINS = ["kk.dk"]
    settings.SSO_OIDC_TENANT_ID = SSO_TENANT
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": settings.SSO_OIDC_PROVIDER_ID,
                    "name": "Kommunens konto",
                    "client_id": "partnerskab",
                    "secret": "hemmelig",
                    "settings": {"server_url": oidc_provider},
                }
            ],
        }
    }
    return oidc_provider


SSO_TENANT = "2c6a1b7e-kk-tenant"


def sso_person(issuer, sub, **claims):
    """Tells the provider who ``sub`` is: an @kk.dk address, verified, in the municipality's tenant
    unless ``claims`` say otherwise."""
    import requests  # noqa: PLC0415 - only the SSO tests talk to the provider over HTTP

    claims = {
        "email": f"{sub}@kk.dk",
        "email_verified": True,
        "tid": SSO_TENANT,
        "name": sub.title(),
    } | claims
    requests.put(f"{issuer}/users/{sub}", json=claims, timeout=10).raise_for_status()
    return claims
