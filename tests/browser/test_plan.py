import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sum_cells(page):
    return page.locator("table.plan-table tfoot td").all_inner_texts()[-4:]


def test_administrator_changes_a_budget_cell_and_sees_sum_and_history(page, demo):
    browser_login(page, "admin", "demo")
    page.get_by_role("link", name="Amager Partnerskab").first.click()
    page.get_by_role("link", name="Tryghedsplan").first.click()
    assert sum_cells(page) == ["1.289.000", "1.313.000", "", ""]
    assert "(92 %)" in page.get_by_test_id("collaboration").inner_text()

    page.get_by_role("link", name="Rediger budgetter").click()
    cell = page.get_by_label("1. Dialog, kommunikation og værtskab, inkl. produkter, 2022")
    assert cell.input_value() == "335.000"
    cell.fill("300.000")
    wrong = page.get_by_label("Samfundshjælperne, 2023")
    wrong.fill("mange penge")
    page.get_by_role("button", name="Gem budgetter").click()

    # A wrong cell is marked, and nothing is saved until it is right.
    assert "1 felt skal rettes. Intet er gemt." in page.locator("#grid-errors").inner_text()
    assert page.get_by_label("Samfundshjælperne, 2023").get_attribute("aria-invalid") == "true"
    assert page.locator("tfoot td[data-year='2022']").inner_text() == "1.313.000"
    page.get_by_label("Samfundshjælperne, 2023").fill("")
    page.get_by_role("button", name="Gem budgetter").click()

    assert "1 beløb er gemt." in page.get_by_role("status").first.inner_text()
    assert page.locator("tfoot td[data-year='2022']").inner_text() == "1.278.000"
    page.get_by_role("link", name="Tilbage til planen").click()
    assert sum_cells(page) == ["1.289.000", "1.278.000", "", ""]

    page.get_by_role("link", name="Dialog, kommunikation og værtskab, inkl. produkter").click()
    history = page.locator("#budget-history tbody tr").first.locator("td").all_inner_texts()
    assert history[1:5] == ["Ada Administrator", "2022", "335.000", "300.000"]


def test_unit_member_cannot_reach_the_budget_grid(page, demo, live_server):
    browser_login(page, "buf", "demo")
    page.goto("/partnerskaber/amager/plan/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tryghedsplan for Amager Partnerskab")
    assert page.get_by_role("link", name="Rediger budgetter").count() == 0

    response = page.goto("/partnerskaber/amager/plan/budgetter/")
    assert response.status == 403
    assert page.locator("input[name^='cell_']").count() == 0
