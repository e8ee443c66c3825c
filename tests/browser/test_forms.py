"""Forms that lose nothing, in the browser: pasted text is kept whole and counted, and
leaving a form with unsaved changes asks first."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(db):
    partnership = factories.PartnershipFactory()
    unit = factories.UnitFactory()
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    factories.member_of(unit, username="enhed")
    round = factories.ReportingRoundFactory(partnership=partnership)
    return factories.StatusResponseFactory(round=round, activity=activity)


def test_a_long_paste_is_kept_whole_and_counted(page, draft):
    browser_login(page, "enhed")
    page.goto(draft.get_absolute_url())
    field = page.locator("#id_on_track_text")
    counter = page.locator("#id_on_track_text-count")
    expect(counter).to_have_text("0 af højst 2.000 tegn")
    field.fill("x" * 2550)
    assert len(field.input_value()) == 2550
    expect(counter).to_have_text("2.550 tegn: 550 for mange (højst 2.000)")
    page.get_by_role("button", name="Gem kladde").click()
    expect(page.locator("#id_on_track_text").locator("xpath=..")).to_contain_text(
        "Spørgsmål 1: uddybning er 2.550 tegn; der er plads til højst 2.000."
    )
    assert len(page.locator("#id_on_track_text").input_value()) == 2550


def test_leaving_with_unsaved_changes_asks_first(page, draft):
    browser_login(page, "enhed")
    page.goto(draft.get_absolute_url())
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_label("Eksempel 1").fill("Tre dialogmøder")
    page.get_by_role("link", name="Forside").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(draft.get_absolute_url())
    # Saving is not leaving: no question, and the draft is kept.
    page.remove_listener("dialog", answer)
    page.get_by_role("button", name="Gem kladde").click()
    expect(page.locator(".messages")).to_contain_text("Kladden er gemt.")
    assert dialogs == ["beforeunload"]
