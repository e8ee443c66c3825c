import pytest
from playwright.sync_api import expect

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("admin", "Tryghedsplaner og budgetter"),
        ("koordinator", "Mine partnerskaber"),
        ("buf", "Mine opgaver"),
        ("laeser", "Partnerskaber"),
    ],
)
def test_demo_roles_log_in_to_their_start_page(page, demo, username, heading):
    browser_login(page, username, "demo")
    assert page.get_by_role("heading", level=1).inner_text() == heading


def test_wrong_password_shows_a_danish_message(page, demo):
    browser_login(page, "koordinator", "forkert")
    expect(page.get_by_role("alert").first).to_be_visible()
    assert "korrekt brugernavn og adgangskode" in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "Log ind"
