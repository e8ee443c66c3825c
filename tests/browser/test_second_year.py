"""The second year in the browser: the coordinator opens the next plan year's round through
the confirmation page; the unit finds its task, drafts, submits, withdraws and resubmits;
the coordinator approves; the new year's report exports, and the first year's is unchanged."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_midtvejsstatus import shot
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION_1 = "1. Kører aktiviteten som planlagt, og forventer I at opnå jeres mål?"
QUESTION_3 = "3. Er der op til nu opstået bekymringer knyttet til opfyldelse af aktivitetens leverancer?"
QUESTION_4 = "4. Er der behov for justeringer? Hvis ja, hvilke?"


def session(browser, live_server, username):
    context = browser.new_context(
        locale="da-DK", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    browser_login(page, username, "demo")
    page.wait_for_url(f"{live_server.url}/")
    return page


def report_text(page, slug, year):
    response = page.request.get(f"/partnerskaber/{slug}/rapport/{year}/pdf/")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)


def test_a_second_year_from_the_confirmation_page_to_the_report(browser, live_server, demo):
    slug = demo.slug
    coordinator = session(browser, live_server, "koordinator")
    first_year_before = report_text(coordinator, slug, 2022)

    # The coordinator proposes the next plan year's round and checks it before it opens.
    coordinator.goto(f"/partnerskaber/{slug}/runder/")
    coordinator.get_by_role("link", name="Åbn ny runde").click()
    expect(coordinator.get_by_label("År")).to_have_value("2023")
    coordinator.get_by_role("button", name="Kontrollér runden").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Kontrollér den nye runde")
    expect(coordinator.get_by_label(re.compile("Blå bane"))).to_be_checked()
    expect(coordinator.get_by_label(re.compile("Tryghedspulje"))).not_to_be_checked()
    expect(coordinator.get_by_test_id("round-units")).to_contain_text("BUF")
    coordinator.get_by_role("button", name="Åbn runden og send e-mails").click()
    expect(coordinator.locator(".messages")).to_contain_text(
        "Midtvejsstatus 2023 er åbnet med 4 aktiviteter."
    )

    # BUF finds the task, not started, with last year's answer one click away.
    unit = session(browser, live_server, "buf")
    task = unit.get_by_test_id("open-tasks").get_by_role("row").filter(has_text="Midtvejsstatus 2023")
    expect(task).to_contain_text("Ikke påbegyndt")
    task.get_by_role("link").click()
    expect(unit.get_by_test_id("last-year")).to_contain_text("Midtvejsstatus 2022")
    unit.get_by_role("group", name=QUESTION_1).get_by_label("Ja", exact=True).check()
    unit.get_by_label("Uddybning").first.fill("Banen bruges hver uge.")
    unit.get_by_role("button", name="Gem kladde").click()
    expect(unit.locator(".messages")).to_contain_text("Kladden er gemt.")
    unit.get_by_label("Eksempel 1").fill("Tyve træningsaftener med 30 unge.")
    unit.get_by_role("group", name=QUESTION_3).get_by_label("Nej", exact=True).check()
    unit.get_by_role("group", name=QUESTION_4).get_by_label("Nej", exact=True).check()
    unit.get_by_role("button", name="Indsend", exact=True).click()
    expect(unit.locator(".messages")).to_contain_text("Svaret er indsendt til koordinatoren.")

    # A typo: the unit withdraws, fixes and resubmits before the coordinator acts.
    unit.get_by_role("button", name="Træk svaret tilbage").click()
    expect(unit.locator(".messages")).to_contain_text("Svaret er trukket tilbage og er en kladde igen.")
    unit.get_by_label("Eksempel 1").fill("Tyve træningsaftener med 35 unge.")
    unit.get_by_role("button", name="Indsend", exact=True).click()
    expect(unit.locator(".messages")).to_contain_text("Svaret er indsendt til koordinatoren.")
    answer_url = unit.url

    # The coordinator approves.
    coordinator.goto(answer_url)
    coordinator.get_by_role("button", name="Godkend").click()
    expect(coordinator.locator(".messages")).to_contain_text("Svaret er godkendt.")
    unit.goto("/")
    expect(task).to_contain_text("Godkendt")

    # The new year's report exports with the approved answer; the first year's is unchanged.
    assert "35 unge" in report_text(coordinator, slug, 2023).replace("\n", " ")
    assert report_text(coordinator, slug, 2022) == first_year_before


def test_an_administrator_extends_the_partnership_into_its_next_agreement(browser, live_server, demo):
    slug = demo.slug
    admin = session(browser, live_server, "admin")
    first_year_before = report_text(admin, slug, 2022)

    admin.goto(f"/partnerskaber/{slug}/")
    admin.get_by_role("link", name="Forlæng med en ny aftaleperiode").click()
    expect(admin.get_by_label("Den nye aftales sidste år")).to_have_value("2028")
    expect(admin.get_by_label("Baselineår")).to_have_value("2024")
    admin.get_by_label("Området er ændret: sammenlignelige data fra").fill("2025")
    admin.get_by_label(re.compile("Tryghedspulje")).uncheck()
    shot(admin, "partnership_extend")
    admin.get_by_role("button", name="Fortsæt til kontrol").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Kontrollér den nye aftaleperiode")
    shot(admin, "partnership_extend_confirm")
    expect(admin.get_by_test_id("extend-summary")).to_contain_text("2025–2028")
    expect(admin.get_by_test_id("ending")).to_contain_text("Tryghedspulje")
    admin.get_by_role("button", name="Forlæng partnerskabet").click()
    expect(admin.locator(".messages")).to_contain_text("er forlænget med aftaleperioden 2025–2028")
    expect(admin.get_by_test_id("agreements")).to_contain_text(
        "Aftale 2025–2028: baseline 2024, sammenlignelige data fra 2025"
    )
    shot(admin, "partnership_extended")
    admin.goto("/")
    expect(admin.get_by_test_id("partnership-overview")).to_contain_text("Amager Partnerskab")
    shot(admin, "home_administrator")

    # The plan now runs to 2028, and the first agreement's appendix is unchanged.
    admin.goto(f"/partnerskaber/{slug}/plan/budgetter/")
    expect(admin.get_by_role("columnheader", name="2028")).to_be_visible()
    assert report_text(admin, slug, 2022) == first_year_before
