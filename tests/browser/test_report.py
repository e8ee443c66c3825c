import os

import pytest
from playwright.sync_api import expect

from indicators.models import StatusReport
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, name), full_page=True)


def test_coordinator_opens_the_2022_report_edits_it_and_previews_it(page, demo):
    browser_login(page, "koordinator", "demo")
    page.goto("/partnerskaber/amager/")
    page.get_by_role("link", name="Statusrapport").click()
    page.get_by_role("link", name="2022").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Status på tryghed og kriminalitet 2022")
    assert page.get_by_label("Sagsnummer i F2").input_value() == "2022 - 7384"
    _shot(page, "report-page.png")

    page.get_by_label("Sagsbehandler").fill("Anna Andersen")
    page.get_by_role("button", name="Gem rapportens oplysninger").click()
    expect(page.get_by_role("status").first).to_contain_text("Rapportens oplysninger er gemt.")
    assert StatusReport.objects.get(partnership=demo, year=2022).caseworker == "Anna Andersen"

    page.get_by_role("link", name="Vis rapporten").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Status på tryghed og kriminalitet")
    expect(page.get_by_role("heading", name="2. Udviklingen i kriminalitet")).to_be_visible()
    assert page.locator("svg.indicator-chart").count() == 3
    assert "Anna Andersen" in page.locator("dl.meta").inner_text()
    assert page.get_by_role("table").count() >= 3
    _shot(page, "report-preview.png")
    page.get_by_role("link", name="Tilbage til rapportsiden").click()
    assert "Statusrapport 2022" in page.title()


def test_reader_sees_no_edit_form_or_export_button(page, demo):
    browser_login(page, "laeser", "demo")
    page.goto("/partnerskaber/amager/rapport/2022/")
    expect(page.get_by_role("heading", name="Sagsoplysninger")).to_be_visible()
    assert page.get_by_role("button", name="Eksportér endelig rapport").count() == 0
    assert page.get_by_role("link", name="Eksportér endelig rapport").count() == 0
    expect(page.get_by_role("link", name="Hent PDF (udkast)")).to_be_visible()


def test_coordinator_exports_the_final_report_twice_and_downloads_version_1(page, demo):
    browser_login(page, "koordinator", "demo")
    page.goto("/partnerskaber/amager/rapport/2022/")
    expect(page.get_by_text("Klar til endelig eksport")).to_be_visible()
    page.get_by_role("link", name="Eksportér endelig rapport").click()
    expect(page.locator("main")).to_contain_text("dette bliver version 1")
    _shot(page, "report-final-confirm.png")
    page.get_by_role("button", name="Ja, eksportér og arkivér").click()
    expect(page.get_by_role("status").first).to_contain_text("gemt som version 1")
    # The same content again: the confirmation says so and offers no export.
    page.get_by_role("link", name="Eksportér endelig rapport").click()
    expect(page.locator("main")).to_contain_text("Der oprettes ingen ny version")
    assert page.get_by_role("button", name="Ja, eksportér og arkivér").is_disabled()
    page.get_by_role("link", name="Fortryd").click()
    # A corrected case number is a new version, and the confirmation shows the change.
    page.get_by_label("Dokumentnummer i F2").fill("1400000")
    page.get_by_role("button", name="Gem rapportens oplysninger").click()
    page.get_by_role("link", name="Eksportér endelig rapport").click()
    expect(page.get_by_test_id("differences")).to_contain_text("+1400000")
    page.get_by_role("button", name="Ja, eksportér og arkivér").click()
    expect(page.get_by_role("status").first).to_contain_text("gemt som version 2")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    _shot(page, "report-exports.png")
    with page.expect_download() as download_info:
        rows.nth(1).get_by_role("link", name="Hent PDF").click()
    download = download_info.value
    assert download.suggested_filename == "statusrapport-amager-2022-v1.pdf"
