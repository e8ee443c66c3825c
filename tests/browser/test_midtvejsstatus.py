"""The midtvejsstatus loop in a browser, on the demo data: answer, return, resubmit, approve."""

import os
import re

import pytest
from playwright.sync_api import expect

from activities.models import StatusResponse
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def shot(page, name):
    """Screenshots for a person checking the pages, when SCREENSHOT_DIR is set."""
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], f"{name}.png"), full_page=True)


def log_out(page):
    page.context.clear_cookies()


def test_answer_return_resubmit_approve(page, demo):
    # The coordinator adds the plan's new activity 12 to the demo round.
    browser_login(page, "koordinator", "demo")
    page.get_by_role("link", name=re.compile("Midtvejsstatus 2022")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Midtvejsstatus 2022")
    shot(page, "round_overview_demo")
    page.get_by_role("button", name="Tilføj 1 ny aktivitet").click()
    expect(page.get_by_text("1 aktivitet er føjet til runden")).to_be_visible()
    log_out(page)

    # ØKF answers: a draft first, then a submit that misses a question, then a full submit.
    browser_login(page, "okf", "demo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine opgaver")
    page.get_by_role("link", name=re.compile("Dybdegående undersøgelse")).click()
    page.check("input[name=on_track][value=ja]")
    page.get_by_label("Uddybning").fill("Ja, undersøgelsen er i gang.")
    page.get_by_role("button", name="Gem kladde").click()
    expect(page.get_by_text("Kladden er gemt.")).to_be_visible()
    page.get_by_role("button", name="Indsend").click()
    expect(page.get_by_text("Nævn mindst ét eksempel på en leverance.")).to_be_visible()
    shot(page, "response_form_errors")
    page.get_by_label("Eksempel 1").fill("Spørgeskemaet er sendt ud til 400 beboere.")
    page.check("input[name=concerns][value=nej]")
    page.check("input[name=adjustments][value=nej]")
    page.get_by_role("button", name="Indsend").click()
    expect(page.get_by_text("Svaret er indsendt til koordinatoren.")).to_be_visible()
    expect(page.get_by_role("button", name="Gem kladde")).to_have_count(0)
    response_url = page.url
    log_out(page)

    # The coordinator returns it with a reason.
    browser_login(page, "koordinator", "demo")
    page.goto(response_url)
    page.get_by_label("Begrundelse").fill("Skriv hvor mange der har svaret indtil nu.")
    page.get_by_role("button", name="Returnér til rettelse").click()
    expect(page.get_by_text("Svaret er returneret til enheden")).to_be_visible()
    log_out(page)

    # The unit sees the reason, edits and resubmits.
    browser_login(page, "okf", "demo")
    page.get_by_role("link", name=re.compile("Dybdegående undersøgelse")).click()
    expect(page.get_by_test_id("return-reason")).to_have_text("Skriv hvor mange der har svaret indtil nu.")
    shot(page, "response_returned")
    page.get_by_label("Eksempel 1").fill("Spørgeskemaet er sendt ud til 400 beboere; 120 har svaret.")
    page.get_by_role("button", name="Indsend").click()
    expect(page.get_by_text("Svaret er indsendt til koordinatoren.")).to_be_visible()
    log_out(page)

    # The coordinator approves; the timeline shows every step.
    browser_login(page, "koordinator", "demo")
    page.goto(response_url)
    page.get_by_role("button", name="Godkend").click()
    expect(page.get_by_text("Svaret er godkendt.")).to_be_visible()
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(4)
    shot(page, "response_approved")
    log_out(page)

    # The unit can no longer edit.
    browser_login(page, "okf", "demo")
    expect(page.get_by_role("link", name=re.compile("Dybdegående undersøgelse"))).to_have_count(0)
    page.goto(response_url)
    expect(page.get_by_test_id("edit-reason")).to_have_text("Svaret er godkendt og kan ikke længere ændres.")
    expect(page.get_by_role("button", name="Indsend")).to_have_count(0)
    response = StatusResponse.objects.get(activity__number=12, round__year=2022)
    assert response.status == StatusResponse.Status.APPROVED
    assert response.deliverable_1 == "Spørgeskemaet er sendt ud til 400 beboere; 120 har svaret."
