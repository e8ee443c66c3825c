"""The demo's midtvejsstatus pages as each role sees them."""

import os

import pytest
from playwright.sync_api import expect

from activities.models import StatusResponse
from tests.browser.test_midtvejsstatus import shot
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def test_coordinator_finds_the_round_from_start_page_and_partnership(page, demo):
    browser_login(page, "koordinator", "demo")
    expect(page.get_by_test_id("rounds")).to_contain_text("0 venter på godkendelse")
    shot(page, "home_coordinator")
    page.get_by_role("link", name="Amager Partnerskab").first.click()
    page.get_by_role("link", name="Midtvejsstatus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Midtvejsstatus")
    expect(page.get_by_role("cell", name="12 / 12")).to_be_visible()
    shot(page, "round_list")


def test_demo_answer_reads_like_the_seed(page, demo):
    browser_login(page, "laeser", "demo")
    first = StatusResponse.objects.get(activity__number=1)
    page.goto(f"/svar/{first.pk}/")
    examples = page.locator("dl.response-answers ol li")
    expect(examples).to_have_count(3)
    expect(examples.nth(0)).to_contain_text("Lysfestival i februar måned")
    expect(page.get_by_role("button", name="Indsend")).to_have_count(0)
    shot(page, "response_demo_1")
    eleventh = StatusResponse.objects.get(activity__number=11)
    page.goto(f"/svar/{eleventh.pk}/")
    expect(page.locator("dl.response-answers")).to_contain_text("1. SFH cafeer")
    if os.environ.get("SCREENSHOT_DIR"):
        shot(page, "response_demo_11")
