"""Two-factor login in the browser: set up with the key shown, log in with a code, and the pages pass axe."""

import pyotp
import pytest

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
    page.get_by_label("Kode fra godkenderappen").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Slå totrinslogin til").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sikkerhedskoder"
    found["recovery codes"] = violations(page)
    codes = page.get_by_role("list", name="Sikkerhedskoder").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10

    page.context.clear_cookies()
    browser_login(page, admin.username)
    assert page.get_by_role("heading", level=1).inner_text() == "Totrinslogin"
    found["code"] = violations(page)
    page.get_by_label("Kode").fill(codes[0])
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tryghedsplaner og budgetter"

    problems = [f"{name}:\n" + "\n".join(lines) for name, lines in found.items() if lines]
    assert not problems, "Tilgængelighedsfejl:\n" + "\n".join(problems)
