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


def task_2023(page):
    """The survey's row in the unit's task list for the 2023 round."""
    return (
        page.get_by_test_id("open-tasks")
        .get_by_role("row")
        .filter(has_text="Dybdegående undersøgelse")
        .filter(has_text="Midtvejsstatus 2023")
    )


def test_answer_return_resubmit_approve(page, demo):
    # The coordinator looks at the demo round and opens next year's.
    browser_login(page, "koordinator", "demo")
    page.get_by_role("link", name=re.compile("Midtvejsstatus 2022")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Midtvejsstatus 2022")
    shot(page, "round_overview_demo")
    page.get_by_role("link", name="Midtvejsstatus", exact=True).click()
    page.get_by_role("link", name="Åbn ny runde").click()
    page.get_by_label("Titel").fill("Midtvejsstatus 2023")
    page.get_by_label("År").fill("2023")
    page.get_by_label("Periodens start").fill("2023-01-01")
    page.get_by_label("Periodens slutning").fill("2023-04-30")
    page.get_by_label("Svarfrist").fill("2023-05-15")
    shot(page, "round_form")
    page.get_by_role("button", name="Kontrollér runden").click()
    # Four activities are funded in 2023; the coordinator adds the unfunded survey.
    page.get_by_label(re.compile("Dybdegående undersøgelse")).check()
    page.get_by_role("button", name="Åbn runden og send e-mails").click()
    expect(page.get_by_text("Midtvejsstatus 2023 er åbnet med 5 aktiviteter.")).to_be_visible()
    log_out(page)

    # ØKF answers: a draft first, then a submit that misses a question, then a full submit.
    browser_login(page, "okf", "demo")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine opgaver")
    shot(page, "home_unit_member")
    task_2023(page).get_by_role("link").click()
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
    task_2023(page).get_by_role("link").click()
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
    expect(task_2023(page)).to_contain_text("Godkendt")
    page.goto(response_url)
    expect(page.get_by_test_id("edit-reason")).to_have_text("Svaret er godkendt og kan ikke længere ændres.")
    expect(page.get_by_role("button", name="Indsend")).to_have_count(0)
    response = StatusResponse.objects.get(activity__number=12, round__year=2023)
    assert response.status == StatusResponse.Status.APPROVED
    assert response.deliverable_1 == "Spørgeskemaet er sendt ud til 400 beboere; 120 har svaret."
