"""Public-sector duties: the accessibility statement behind a footer link on every page,
/was leading to it, a favicon, and the history exported as auditors ask."""

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity
from activities.services import stamp_history
from tests import factories


@pytest.fixture
def staff_admin(db):
    return factories.administrator(first_name="Anne", last_name="Admin")


def test_every_main_page_links_the_accessibility_statement(client, partnership, coordinator):
    statement = reverse("accessibility")
    pages = [reverse("login"), reverse("accessibility")]
    for path in pages:
        assert f'href="{statement}"' in client.get(path).content.decode(), path
    client.force_login(coordinator)
    for path in [
        reverse("home"),
        reverse("activities:partnership", args=[partnership.slug]),
        reverse("activities:plan", args=[partnership.slug]),
        reverse("activities:round_list", args=[partnership.slug]),
        reverse("indicators:overview", args=[partnership.slug]),
        reverse("indicators:report", args=[partnership.slug, partnership.first_year]),
    ]:
        html = client.get(path).content.decode()
        assert f'<a href="{statement}" class="link-secondary">Tilgængelighedserklæring</a>' in html, path


def test_the_statement_says_how_the_site_was_tested_and_is_open_to_everyone(client, db):
    response = client.get(reverse("accessibility"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "axe-core i Chromium" in text and "Tastaturbetjening" in text
    assert client.get("/was").url == reverse("accessibility")


@override_settings(ACCESSIBILITY_STATEMENT_URL="https://www.was.digst.dk/app-kk-dk-tryghed")
def test_a_statement_published_elsewhere_is_linked_and_was_leads_there(client, db):
    assert (
        'href="https://www.was.digst.dk/app-kk-dk-tryghed"' in client.get(reverse("login")).content.decode()
    )
    assert client.get("/was").url == "https://www.was.digst.dk/app-kk-dk-tryghed"


def test_the_favicon_is_there_for_every_page(client, db):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get(reverse("login")).content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url == "/static/favicon.svg"


def _history_with_a_formula(staff_admin):
    activity = factories.ActivityFactory(title="Nattevandring")
    activity.title = '=HYPERLINK("http://evil")'
    stamp_history(activity, staff_admin, "=1+1 retter titlen")
    activity.save()
    return activity


def test_the_history_exports_its_filter_to_csv_formula_safe(client, staff_admin):
    activity = _history_with_a_formula(staff_admin)
    factories.UnitFactory()  # outside the filter
    client.force_login(staff_admin)
    filters = {"model": "activities.activity", "object_id": activity.pk}
    page = client.get(reverse("audit"), filters).content.decode()
    assert (
        f"{reverse('audit_export', args=['csv'])}?model=activities.activity&amp;object_id={activity.pk}"
        in page
    )

    response = client.get(reverse("audit_export", args=["csv"]), filters)

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Tidspunkt",
        "Bruger",
        "Handling",
        "Slags",
        "Objekt",
        "Hvad blev ændret",
        "Begrundelse",
    ]
    assert len(rows) == 1 + Activity.history.filter(id=activity.pk).count() == 3
    newest = rows[1]
    assert newest[1:3] == ["Anne Admin", "Ændret"]
    assert newest[5] == 'aktivitet: Nattevandring → =HYPERLINK("http://evil")'
    assert newest[6] == "'=1+1 retter titlen"  # text, never a formula
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_the_history_exports_to_xlsx_with_the_same_rows(client, staff_admin):
    activity = _history_with_a_formula(staff_admin)
    client.force_login(staff_admin)
    filters = {"model": "activities.activity", "object_id": activity.pk}
    response = client.get(reverse("audit_export", args=["xlsx"]), filters)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 3 and values[1][6] == "'=1+1 retter titlen"
    assert all(not str(cell or "").startswith("=") for row in values for cell in row)


def test_an_unknown_format_or_a_bad_filter_is_a_404_not_a_500(client, staff_admin):
    client.force_login(staff_admin)
    assert client.get(reverse("audit_export", args=["pdf"])).status_code == 404
    assert client.get(reverse("audit_export", args=["csv"]), {"date_from": "igår"}).status_code == 404
