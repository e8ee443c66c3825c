"""In a real browser: the Content-Security-Policy blocks nothing the site itself needs, and
the lockout after repeated wrong passwords is explained in Danish."""

import pytest
from playwright.sync_api import expect

from activities.models import ReportingRound
from tests.conftest import browser_login

pytestmark = pytest.mark.browser


def watch_for_csp_violations(page):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def visit(page, path):
    response = page.goto(path)
    assert response.status < 400, f"{path}: {response.status}"
    assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
    return response


def test_coordinator_pages_run_under_the_policy_without_violations(page, demo):
    violations = watch_for_csp_violations(page)
    browser_login(page, "koordinator", "demo")
    round = ReportingRound.objects.filter(partnership=demo).first()
    paths = [
        "/",
        f"/partnerskaber/{demo.slug}/",
        f"/partnerskaber/{demo.slug}/plan/",
        f"/partnerskaber/{demo.slug}/runder/",
        f"/partnerskaber/{demo.slug}/indikatorer/",
        f"/partnerskaber/{demo.slug}/rapport/2022/",
        f"/partnerskaber/{demo.slug}/rapport/2022/preview/",
    ]
    if round is not None:
        paths.append(f"/runder/{round.pk}/")
        response = round.responses.first()
        if response is not None:
            paths.append(f"/svar/{response.pk}/")
    for path in paths:
        visit(page, path)
    # Bootstrap's JavaScript runs under the policy: the user menu opens.
    page.goto("/")
    page.locator("nav .dropdown [data-bs-toggle=dropdown]").click()
    expect(page.get_by_role("link", name="Skift adgangskode")).to_be_visible()
    assert violations == []


def test_admin_and_audit_pages_run_under_the_policy_without_violations(page, demo):
    violations = watch_for_csp_violations(page)
    browser_login(page, "admin", "demo")
    for path in [
        "/historik/",
        "/admin/",
        "/admin/auth/user/",
        "/admin/activities/unit/",
        "/admin/auth/user/1/change/",
    ]:
        visit(page, path)
    page.goto("/admin/activities/activity/")
    assert violations == []


def test_lockout_is_explained_in_danish(page, demo):
    for _ in range(5):
        browser_login(page, "koordinator", "forkert")
    browser_login(page, "koordinator", "demo")
    assert page.get_by_role("heading", level=1).inner_text() == "For mange forsøg"
    assert "Prøv igen om 15 minutter" in page.content()


def test_the_api_documentation_page_runs_under_the_policy_from_the_sites_own_files(page, demo):
    violations = watch_for_csp_violations(page)
    outside = []
    page.on(
        "request",
        lambda request: (
            None if "127.0.0.1" in request.url or "localhost" in request.url else outside.append(request.url)
        ),
    )
    browser_login(page, "koordinator", "demo")
    visit(page, "/api/v1/docs/")
    # Swagger UI has read the schema and lists the operations.
    page.get_by_text("/api/v1/partnerships/", exact=True).first.wait_for()
    assert violations == []
    assert outside == []
