"""Two-factor login in the browser: set up with the key shown, log in with a code, and the pages pass axe."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from activities import roles
from tests import factories
from tests.browser.test_accessibility import violations
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_an_administrator_sets_up_two_factor_login_and_logs_in_with_a_code(page, settings, db):
    settings.MFA_REQUIRED_ROLES = [roles.ROLE_ADMINISTRATOR]
    admin = factories.UserFactory(username="administrator", roles=[roles.ROLE_ADMINISTRATOR])
    found = {}

    browser_login(page, admin.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Slå totrinslogin til"
    found["setup"] = violations(page)
    secret = page.locator("code.user-select-all").inner_text()
    page.get_by_label("Kode fra godkenderappen").fill(fresh_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="Slå totrinslogin til").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sikkerhedskoder")
    found["recovery codes"] = violations(page)
    codes = page.get_by_role("list", name="Sikkerhedskoder").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10

    page.context.clear_cookies()
    browser_login(page, admin.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Totrinslogin"
    found["code"] = violations(page)
    page.get_by_label("Kode").fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tryghedsplaner og budgetter")

    problems = [f"{name}:\n" + "\n".join(lines) for name, lines in found.items() if lines]
    assert not problems, "Tilgængelighedsfejl:\n" + "\n".join(problems)


def fresh_code(secret):
    """The app's current code, taken early enough in its 30-second step that the server still accepts it."""
    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < 5:
        time.sleep(left + 0.1)
    return totp.now()
