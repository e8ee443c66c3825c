"""Single sign-on end to end in the browser, through a real OpenID Connect provider on localhost."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from activities import roles
from tests import factories
from tests.browser.test_accessibility import violations
from tests.conftest import sso_person

pytestmark = pytest.mark.browser


def sign_in_at_the_provider(page, sub):
    page.goto("/konto/login/")
    page.get_by_role("button", name="Log ind med kommunens konto").click()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_municipal_user_logs_in_through_the_provider_and_out_again(page, sso, partnership):
    coordinator = factories.coordinator_of(partnership)
    get_user_model().objects.filter(pk=coordinator.pk).update(email="koordinator@kk.dk")
    sso_person(sso, "koordinator")

    sign_in_at_the_provider(page, "koordinator")

    assert page.get_by_role("heading", level=1).inner_text() == "Mine partnerskaber"
    page.locator("nav [data-bs-toggle=dropdown]").click()
    page.get_by_role("button", name="Log ud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er logget ud")
    page.get_by_role("link", name="Log også ud af kommunens konto").click()
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Log ind"


def test_a_refused_login_explains_itself_and_offers_the_local_login(page, sso, db):
    factories.UserFactory(email="ekstern@example.com", roles=[roles.ROLE_READER])
    sso_person(sso, "ekstern", email="ekstern@example.com")

    sign_in_at_the_provider(page, "ekstern")

    assert page.get_by_role("heading", level=1).inner_text() == "Du kan ikke logge ind med kommunens konto"
    assert "hører ikke til den organisation" in page.get_by_role("alert").inner_text()
    page.get_by_role("link", name="Til login med lokal konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")


def test_a_first_login_waits_for_approval(page, sso, db):
    sso_person(sso, "ny")

    sign_in_at_the_provider(page, "ny")

    assert page.get_by_role("heading", level=1).inner_text() == "Din konto venter på godkendelse"
    assert not get_user_model().objects.get(email="ny@kk.dk").is_active


def test_the_single_sign_on_pages_pass_axe(page, sso, settings, db):
    sso_person(sso, "ny")
    found = {}
    page.goto("/konto/login/")
    found["login"] = violations(page)
    page.goto("/konto/oidc/kommune/login/")
    found["confirm"] = violations(page)
    sign_in_at_the_provider(page, "ny")
    page.get_by_role("heading", name="Din konto venter på godkendelse").wait_for()
    found["awaiting approval"] = violations(page)
    sso_person(sso, "ny", email_verified=False)
    sign_in_at_the_provider(page, "ny")
    page.get_by_role("heading", name="Du kan ikke logge ind med kommunens konto").wait_for()
    found["refused"] = violations(page)
    settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["settings"]["server_url"] = (
        "http://127.0.0.1:9"
    )
    page.goto("/konto/login/")
    page.get_by_role("button", name="Log ind med kommunens konto").click()
    page.get_by_role("heading", name="Single sign-on er ikke tilgængeligt").wait_for()
    found["unavailable"] = violations(page)

    problems = [f"{name}:\n" + "\n".join(lines) for name, lines in found.items() if lines]
    assert not problems, "Tilgængelighedsfejl:\n" + "\n".join(problems)
