"""WCAG 2.1 AA in the browser: axe-core on every main page for each role, Danish as the
page language, keyboard use with a visible focus and a working skip link, and form errors
tied to their fields."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from activities import workflow
from activities.models import ReportingRound, StatusResponse
from tests import factories
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}
ROUND_YEAR = 2023


def open_round_with_one_submitted_answer(partnership):
    """A round of its own (the demo's may be closed and approved): every response is a
    draft the unit can edit, except one BUF answer waiting for the coordinator."""
    users = get_user_model().objects
    coordinator = users.get(username="koordinator")
    round = ReportingRound.objects.filter(partnership=partnership, year=ROUND_YEAR).first()
    if round is None:
        round = workflow.round_open(
            partnership=partnership,
            title=f"Midtvejsstatus {ROUND_YEAR}",
            year=ROUND_YEAR,
            period_start=datetime.date(ROUND_YEAR, 1, 1),
            period_end=datetime.date(ROUND_YEAR, 4, 30),
            deadline=datetime.date.today() + datetime.timedelta(days=30),
            acting_user=coordinator,
        )
    buf = users.get(username="buf")
    answers = list(
        StatusResponse.objects.filter(round=round, activity__responsible_units__members=buf).order_by(
            "activity__order"
        )
    )
    submitted, draft = answers[0], answers[1]
    workflow.response_save(
        submitted,
        answers={
            **{name: getattr(submitted, name) for name in StatusResponse.ANSWER_FIELDS},
            "on_track": StatusResponse.Progress.YES,
            "on_track_text": "Aktiviteten kører som planlagt.",
            "deliverable_1": "Tre dialogmøder med beboerne.",
            "concerns": StatusResponse.YesNo.NO,
            "adjustments": StatusResponse.YesNo.NO,
        },
        expected_version=submitted.version,
        acting_user=buf,
    )
    workflow.transition(submitted, workflow.Action.SUBMIT, acting_user=buf)
    return round, submitted, draft


def role_pages(partnership, round, submitted, draft):
    slug = partnership.slug
    report = f"/partnerskaber/{slug}/rapport/2022/"
    return {
        None: ["/konto/login/", "/tilgaengelighed/"],
        "buf": ["/", f"/svar/{draft.pk}/"],
        "koordinator": [
            "/",
            f"/partnerskaber/{slug}/",
            f"/partnerskaber/{slug}/plan/",
            f"/partnerskaber/{slug}/runder/",
            f"/runder/{round.pk}/",
            f"/runder/{round.pk}/luk/",
            f"/runder/{round.pk}/slet/",
            f"/partnerskaber/{slug}/runder/ny/",
            "/konto/e-mail/",
            f"/svar/{submitted.pk}/",
            f"/partnerskaber/{slug}/indikatorer/",
            f"/partnerskaber/{slug}/indikatorer/import/",
            report,
            report + "preview/",
            f"/partnerskaber/{slug}/enheder/",
        ],
        "admin": [
            "/",
            f"/partnerskaber/{slug}/plan/budgetter/",
            f"/partnerskaber/{slug}/plan/import/",
            f"/partnerskaber/{slug}/",
            f"/partnerskaber/{slug}/forlaeng/",
            "/historik/",
            f"/persondata/{submitted.updated_by_id or submitted.submitted_by_id}/",
            "/persondata/adgangslog/",
            "/aar/2022/",
            "/brugere/",
            f"/brugere/{submitted.submitted_by_id or submitted.updated_by_id}/",
            "/enheder/",
        ],
        "laeser": ["/", f"/partnerskaber/{slug}/plan/", report],
    }


def violations(page):
    """Every axe finding on the page, whatever its impact (minor ones included)."""
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"  {violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"      {', '.join(map(str, node['target']))}" for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


def test_every_main_page_passes_axe_for_each_role(browser, live_server, demo):
    round, submitted, draft = open_round_with_one_submitted_answer(demo)
    # A first single sign-on waiting for approval: the users list shows its banner.
    get_user_model().objects.create_user("ny@kk.dk", "ny@kk.dk", is_active=False)
    problems = []
    for username, paths in role_pages(demo, round, submitted, draft).items():
        context = browser.new_context(
            locale="da-DK", base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            browser_login(page, username, "demo")
            page.wait_for_url(f"{live_server.url}/")
        for path in paths:
            response = page.goto(path)
            where = f"{username or 'anonym'} {path}"
            if response.status != 200:
                problems.append(f"{where}: HTTP {response.status}")
                continue
            if page.locator("html").get_attribute("lang") != "da":
                problems.append(f"{where}: <html lang> er ikke 'da'")
            found = violations(page)
            if found:
                problems.append(f"{where}:\n" + "\n".join(found))
        context.close()
    assert not problems, "Tilgængelighedsfejl:\n" + "\n".join(problems)


def test_the_new_round_confirmation_page_passes_axe(browser, live_server, demo):
    context = browser.new_context(locale="da-DK", base_url=live_server.url)
    page = context.new_page()
    browser_login(page, "koordinator", "demo")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"/partnerskaber/{demo.slug}/runder/ny/")
    page.get_by_role("button", name="Kontrollér runden").click()
    page.get_by_role("heading", name="Kontrollér den nye runde").wait_for()
    found = violations(page)
    context.close()
    assert not found, "Tilgængelighedsfejl:\n" + "\n".join(found)


def test_the_agreement_period_confirmation_page_passes_axe(browser, live_server, demo):
    context = browser.new_context(locale="da-DK", base_url=live_server.url)
    page = context.new_page()
    browser_login(page, "admin", "demo")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"/partnerskaber/{demo.slug}/forlaeng/")
    page.get_by_role("button", name="Fortsæt til kontrol").click()
    page.get_by_role("heading", name="Kontrollér den nye aftaleperiode").wait_for()
    found = violations(page)
    context.close()
    assert not found, "Tilgængelighedsfejl:\n" + "\n".join(found)


# --- Keyboard ------------------------------------------------------------------------------

FOCUS_STATE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        name: element.getAttribute("name"),
        text: (element.innerText || element.value || "").trim().slice(0, 40),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
        visible: element.getBoundingClientRect().width > 1 && element.getBoundingClientRect().height > 1,
    };
}"""


def tab(page):
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_STATE)


def assert_focus_visible(state):
    assert state["visible"] and state["outline"], f"usynligt fokus: {state}"


def test_login_by_keyboard_then_skip_link_with_visible_focus(page, partnership, coordinator):
    page.goto("/konto/login/")
    # The username field has the focus on arrival.
    username = page.evaluate(FOCUS_STATE)
    assert username["name"] == "username"
    assert_focus_visible(username)
    page.keyboard.type(coordinator.username)
    password = tab(page)
    assert password["name"] == "password"
    assert_focus_visible(password)
    page.keyboard.type(factories.DEFAULT_PASSWORD)
    button = tab(page)
    assert button["text"] == "Log ind"
    assert_focus_visible(button)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mine partnerskaber"

    # The first stop on every page is the skip link; it shows when focused and jumps past the menu.
    skip = tab(page)
    assert skip["text"] == "Gå til indhold", skip
    assert_focus_visible(skip)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    first_in_main = tab(page)
    assert first_in_main["text"] == partnership.name, first_in_main
    assert_focus_visible(first_in_main)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/partnerskaber/{partnership.slug}/")


def test_response_form_by_keyboard_and_its_errors(page, partnership, unit, member):
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    draft = factories.StatusResponseFactory(round__partnership=partnership, activity=activity)
    browser_login(page, member.username)
    page.wait_for_url("**/")
    page.goto(f"/svar/{draft.pk}/")
    page.locator("#main").focus()

    # Every stop from the top of the content to the submit button shows where the focus is.
    stops = []
    while True:
        state = tab(page)
        if state["tag"] == "body" or state["text"] == "Indsend" or len(stops) > 60:
            break
        assert_focus_visible(state)
        stops.append(state)
    assert state["text"] == "Indsend", "Indsend-knappen nås med tabulatoren"
    assert_focus_visible(state)
    names = [stop["name"] for stop in stops]
    for field in (
        "responsible_text",
        "on_track",
        "on_track_text",
        "deliverable_1",
        "concerns",
        "adjustments",
    ):
        assert field in names, f"{field} nås ikke med tabulatoren"

    # Radio buttons are chosen with the arrow keys, and the draft is saved with Enter.
    page.locator("input[name='on_track']").first.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUS_STATE)["name"] == "on_track"
    assert page.locator("input[name='on_track']:checked").count() == 1
    page.get_by_role("button", name="Gem kladde").focus()
    page.keyboard.press("Enter")
    assert "Kladden er gemt" in page.get_by_role("status").first.inner_text()

    # Submitting with a question unanswered: the message sits on the field and is tied to it.
    page.get_by_role("button", name="Indsend", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Svaret er ikke gemt")
    field = page.get_by_label("Eksempel 1")
    assert field.get_attribute("aria-invalid") == "true"
    assert "is-invalid" in field.get_attribute("class")
    described = (field.get_attribute("aria-describedby") or "").split()
    messages = [page.locator(f"#{id}").inner_text() for id in described]
    assert any(message and "Højst" not in message for message in messages), (
        f"fejlbeskeden er ikke knyttet til feltet: {described} {messages}"
    )
