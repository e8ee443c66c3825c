import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.importers import preview_plan_file
from activities.models import Activity, Budget
from tests import factories

pytestmark = pytest.mark.django_db


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def plan_url(partnership, name="plan"):
    return reverse(f"activities:{name}", args=[partnership.slug])


def cell_texts(html, row_label):
    """The cells of the table row whose text contains row_label."""
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        if any(row_label == cell for cell in cells):
            return cells
    raise AssertionError(f"no row {row_label!r}")


# --- The plan page on the demo -------------------------------------------------------------


def test_demo_plan_page_shows_the_seeds_tabel_3(client, demo):
    html = login(client, "laeser").get(plan_url(demo)).content.decode()

    assert cell_texts(html, "SUM (kr.)")[-4:] == ["1.289.000", "1.313.000", "", ""]
    assert cell_texts(html, "Videnspuljen")[-4:] == ["18.000", "-", "", ""]
    assert cell_texts(html, "Koordinationsnetværk for 18+ i gaderummet")[-4:] == ["0", "0", "-", "-"]
    assert cell_texts(html, "Samfundshjælperne")[-4:] == ["40.000", "60.000", "", ""]
    row = cell_texts(html, "Udvikling af ungetilbud i Hørgården")
    assert row[:4] == ["10", "Udvikling af ungetilbud i Hørgården", "Amagerplanen, BUF", "KFF, SOF"]
    assert "11 af 12 aktiviteter har to eller flere samarbejdspartnere (92 %) – mål: mindst 75 %" in html
    assert "Målet er nået" in html


def test_collaboration_goal_not_met_when_too_few_activities_have_partners(client, partnership, coordinator):
    units = [factories.UnitFactory() for _ in range(2)]
    factories.ActivityFactory(partnership=partnership, partner_units=units)
    for _ in range(2):
        factories.ActivityFactory(partnership=partnership, partner_units=units[:1])
    factories.ActivityFactory(partnership=partnership, number=None, title="Videnspuljen")

    client.force_login(coordinator)
    html = client.get(plan_url(partnership)).content.decode()

    assert "1 af 3 aktiviteter har to eller flere samarbejdspartnere (33 %) – mål: mindst 75 %" in html
    assert "Målet er ikke nået" in html


def test_filter_by_unit_and_text_and_sums_follow_the_filter(client, demo):
    client = login(client, "koordinator")
    html = client.get(
        plan_url(demo), {"unit": demo.activities.get(number=4).responsible_units.get().pk}
    ).content.decode()
    # BUF is responsible for 4 and 9 and 10, and partner in 2, 3 and 8
    numbers = [
        cell_texts(html, title)[0] for title in ["Aktiviteter for unge omkring containeren i Remiseparken"]
    ]
    assert numbers == ["4"]
    assert "Dialog, kommunikation" not in html
    assert "SUM gælder kun de viste aktiviteter." in html

    buf = demo.activities.get(number=4).responsible_units.get()
    responsible_only = client.get(plan_url(demo), {"unit": buf.pk, "role": "ansvarlig"}).content.decode()
    assert "Tryghedspulje og dialogpavilloner" not in responsible_only  # BUF is only a partner there
    assert cell_texts(responsible_only, "SUM (kr.)")[-4:-2] == ["277.000", "287.000"]  # 4 + 9 + 10

    searched = client.get(plan_url(demo), {"q": "remiseparken"}).content.decode()
    assert "God stil i Remiseparken" in searched and "Samfundshjælperne" not in searched
    by_number = client.get(plan_url(demo), {"q": "12"}).content.decode()
    assert "Appendiks" in by_number and "Samfundshjælperne" not in by_number


def test_sorting_by_a_year_puts_undecided_and_not_funded_first(client, demo):
    html = login(client, "laeser").get(plan_url(demo), {"sort": "year_2021"}).content.decode()
    order = [
        title
        for title in [
            "Appendiks: Dybdegående",
            "Koordinationsnetværk",
            "Mødefacilitering",
            "Formidlingsindsats",
        ]
    ]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)


def test_csv_export_is_the_plan_in_the_import_format(client, demo):
    response = login(client, "laeser").get(plan_url(demo), {"export": "csv"})

    assert response["Content-Disposition"] == 'attachment; filename="tryghedsplan-amager.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nr", "Aktivitet", "Ansvarlige", "Samarbejdspartnere", "2021", "2022", "2023", "2024"]
    assert rows[2] == ["-", "Videnspuljen", "", "", "18000", "-", "", ""]
    assert rows[-1] == ["SUM", "", "", "", "1289000", "1313000", "", ""]
    assert len(rows) == 1 + 15 + 1


def test_xlsx_export_has_numbers_and_reimports_without_changes(client, demo):
    response = login(client, "admin").get(plan_url(demo), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet["E2"].value == 335000 and sheet["A2"].value == 1
    assert sheet.cell(row=sheet.max_row, column=5).value == 1289000

    result = preview_plan_file(partnership=demo, source=io.BytesIO(response.content))
    assert not result.has_changes and len(result.unchanged) == 15


def test_export_respects_the_filter(client, demo):
    response = login(client, "laeser").get(plan_url(demo), {"q": "Remiseparken", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["4", "7", "SUM"]


# --- Permissions per role ------------------------------------------------------------------


@pytest.fixture
def plan_with_activity(partnership, unit):
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    factories.BudgetFactory(activity=activity, year=2022, amount=1000)
    return activity


@pytest.fixture
def users(partnership, unit, plan_with_activity):
    """Every role, as (name, user or None)."""
    outsider_unit = factories.UnitFactory()
    return {
        "anonymous": None,
        "outsider": factories.member_of(outsider_unit),
        "member": factories.member_of(unit),
        "reader": factories.reader_of(partnership),
        "coordinator": factories.coordinator_of(partnership),
        "other_coordinator": factories.coordinator_of(factories.PartnershipFactory()),
        "admin": factories.administrator(),
    }


# expected status per role: anonymous is sent to the login page; outsiders get 404 as for
# a missing page; insiders without the right get 403.
EXPECTED_GET = {
    "plan": {"anonymous": 302, "outsider": 404, "other_coordinator": 404, "member": 200, "reader": 200, "coordinator": 200, "admin": 200},
    "activity_detail": {"anonymous": 302, "outsider": 404, "other_coordinator": 404, "member": 200, "reader": 200, "coordinator": 200, "admin": 200},
    "activity_edit": {"anonymous": 302, "outsider": 404, "other_coordinator": 404, "member": 403, "reader": 403, "coordinator": 200, "admin": 200},
    "activity_create": {"anonymous": 302, "outsider": 404, "other_coordinator": 404, "member": 403, "reader": 403, "coordinator": 200, "admin": 200},
    "budget_grid": {"anonymous": 302, "outsider": 404, "other_coordinator": 404, "member": 403, "reader": 403, "coordinator": 403, "admin": 200},
    "plan_import": {"anonymous": 302, "outsider": 404, "other_coordinator": 404, "member": 403, "reader": 403, "coordinator": 200, "admin": 200},
}  # fmt: skip


def url_for(view, partnership, activity):
    if view in ("activity_detail", "activity_edit"):
        return reverse(f"activities:{view}", args=[activity.pk])
    return reverse(f"activities:{view}", args=[partnership.slug])


@pytest.mark.parametrize("view", EXPECTED_GET)
def test_every_plan_view_checks_the_role_on_the_server(client, partnership, plan_with_activity, users, view):
    url = url_for(view, partnership, plan_with_activity)
    statuses = {}
    for role, user in users.items():
        client.logout()
        if user:
            client.force_login(user)
        statuses[role] = client.get(url).status_code
    assert statuses == EXPECTED_GET[view]


@pytest.mark.parametrize("role", ["member", "reader", "coordinator"])
def test_only_administrators_can_post_budgets(client, partnership, plan_with_activity, users, role):
    client.force_login(users[role])
    field = f"cell_{plan_with_activity.pk}_2022"
    response = client.post(plan_url(partnership, "budget_grid"), {field: "999", "seen_" + field: "1.000"})
    assert response.status_code == 403
    assert Budget.objects.get(activity=plan_with_activity, year=2022).amount == 1000


@pytest.mark.parametrize("role", ["member", "reader"])
def test_members_and_readers_cannot_post_activity_changes(
    client, partnership, plan_with_activity, users, role
):
    client.force_login(users[role])
    response = client.post(
        reverse("activities:activity_edit", args=[plan_with_activity.pk]), {"title": "Kapret", "order": 1}
    )
    assert response.status_code == 403
    plan_with_activity.refresh_from_db()
    assert plan_with_activity.title != "Kapret"


def test_plan_page_shows_edit_buttons_by_role(client, partnership, plan_with_activity, users):
    grid = plan_url(partnership, "budget_grid")
    create = plan_url(partnership, "activity_create")
    for role, sees_grid, sees_create in [
        ("member", False, False),
        ("coordinator", False, True),
        ("admin", True, True),
    ]:
        client.force_login(users[role])
        html = client.get(plan_url(partnership)).content.decode()
        assert (grid in html, create in html) == (sees_grid, sees_create), role


# --- Budget grid ---------------------------------------------------------------------------


@pytest.fixture
def grid(partnership):
    activities = [factories.ActivityFactory(partnership=partnership, order=n) for n in (1, 2)]
    factories.BudgetFactory(activity=activities[0], year=2021, amount=335_000)
    factories.BudgetFactory(activity=activities[1], year=2021, amount=None)
    return activities


def grid_data(client, partnership):
    """The grid form as the page renders it: every input with its value."""
    html = client.get(plan_url(partnership, "budget_grid")).content.decode()
    return dict(re.findall(r'name="((?:seen_)?cell_\d+_\d+)"[^>]*?value="([^"]*)"', html)), html


def test_grid_saves_every_kind_of_cell_and_updates_the_sum(client, partnership, grid, admin_user):
    client.force_login(admin_user)
    data, html = grid_data(client, partnership)
    assert data[f"cell_{grid[0].pk}_2021"] == "335.000" and data[f"cell_{grid[1].pk}_2021"] == "-"
    first, second = grid
    data.update(
        {
            f"cell_{first.pk}_2021": "300.000",
            f"cell_{first.pk}_2022": "335000",
            f"cell_{second.pk}_2021": "0",
            f"cell_{second.pk}_2022": "-",
            f"cell_{second.pk}_2023": "",
        }
    )

    response = client.post(plan_url(partnership, "budget_grid"), data, follow=True)

    assert "4 beløb er gemt." in response.content.decode()
    assert {(b.activity_id, b.year): b.amount for b in Budget.objects.all()} == {
        (first.pk, 2021): 300_000,
        (first.pk, 2022): 335_000,
        (second.pk, 2021): 0,
        (second.pk, 2022): None,
    }
    html = client.get(plan_url(partnership)).content.decode()
    assert cell_texts(html, "SUM (kr.)")[-4:] == ["300.000", "335.000", "", ""]
    change = Budget.history.filter(amount=300_000).get()
    assert change.history_user == admin_user and change.history_change_reason == "Budgetredigering"


def test_a_wrong_cell_saves_nothing_and_says_which_and_why(client, partnership, grid, admin_user):
    client.force_login(admin_user)
    data, _ = grid_data(client, partnership)
    first, second = grid
    data[f"cell_{first.pk}_2022"] = "100.000"
    data[f"cell_{second.pk}_2023"] = "33,5"
    data[f"cell_{second.pk}_2024"] = "-5"
    history = Budget.history.count()

    response = client.post(plan_url(partnership, "budget_grid"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 felter skal rettes. Intet er gemt." in html
    assert "&#x27;33,5&#x27; er ikke et beløb i hele kroner" in html
    assert "beløbet kan ikke være negativt" in html
    assert 'value="100.000"' in html  # what the user typed stays
    assert Budget.history.count() == history
    assert not Budget.objects.filter(year=2022).exists()


def test_grid_refuses_to_overwrite_a_cell_someone_else_changed(client, partnership, grid, admin_user):
    client.force_login(admin_user)
    data, _ = grid_data(client, partnership)
    first = grid[0]
    Budget.objects.filter(activity=first, year=2021).update(amount=111_000)  # another administrator
    data[f"cell_{first.pk}_2021"] = "200.000"

    html = client.post(plan_url(partnership, "budget_grid"), data).content.decode()

    assert "En anden har ændret beløbet til &#x27;111.000&#x27;" in html
    assert Budget.objects.get(activity=first, year=2021).amount == 111_000
    data[f"seen_cell_{first.pk}_2021"] = "111.000"  # the page now shows the new value as seen
    client.post(plan_url(partnership, "budget_grid"), data)
    assert Budget.objects.get(activity=first, year=2021).amount == 200_000


def test_activity_page_shows_budget_history_old_to_new(client, partnership, grid, admin_user):
    client.force_login(admin_user)
    data, _ = grid_data(client, partnership)
    data[f"cell_{grid[0].pk}_2021"] = "300.000"
    client.post(plan_url(partnership, "budget_grid"), data)

    html = client.get(reverse("activities:activity_detail", args=[grid[0].pk])).content.decode()
    row = cell_texts(html.split('id="budget-history"')[1], "300.000")
    assert row[1:5] == [admin_user.get_full_name(), "2021", "335.000", "300.000"]


# --- Activities ----------------------------------------------------------------------------


def test_coordinator_edits_texts_units_and_partners_with_history(
    client, partnership, coordinator, plan_with_activity
):
    partners = [factories.UnitFactory(), factories.UnitFactory()]
    responsible = plan_with_activity.responsible_units.get()
    old_title = plan_with_activity.title
    client.force_login(coordinator)

    response = client.post(
        reverse("activities:activity_edit", args=[plan_with_activity.pk]),
        {
            "number": plan_with_activity.number,
            "title": "Nyt navn",
            "description": "Beskrivelse",
            "responsible_units": [responsible.pk],
            "partner_units": [unit.pk for unit in partners],
            "order": 3,
        },
    )

    assert response.status_code == 302
    plan_with_activity.refresh_from_db()
    assert plan_with_activity.title == "Nyt navn" and plan_with_activity.partner_units.count() == 2
    html = client.get(plan_with_activity.get_absolute_url()).content.decode()
    assert f"Aktivitet: {old_title} → Nyt navn" in html
    assert f"Samarbejdspartnere: – → {', '.join(sorted(u.short_name for u in partners))}" in html


def test_activity_form_refuses_a_taken_number_and_overlapping_units(client, partnership, coordinator, unit):
    taken = factories.ActivityFactory(partnership=partnership, number=5)
    client.force_login(coordinator)

    response = client.post(
        plan_url(partnership, "activity_create"),
        {
            "number": 5,
            "title": "Dublet",
            "responsible_units": [unit.pk],
            "partner_units": [unit.pk],
            "order": 9,
        },
    )

    html = response.content.decode()
    assert "Partnerskabet har allerede en aktivitet med nr. 5." in html
    assert "er allerede ansvarlig og kan ikke også være samarbejdspartner" in html
    assert list(Activity.objects.filter(partnership=partnership)) == [taken]


def test_coordinator_creates_a_budget_line(client, partnership, coordinator):
    client.force_login(coordinator)
    response = client.post(
        plan_url(partnership, "activity_create"), {"title": "Mødefacilitering", "order": 20}
    )
    assert response.status_code == 302
    assert Activity.objects.get(partnership=partnership).number is None


# --- Upload with preview -------------------------------------------------------------------

UPLOAD = "nr;aktivitet;ansvarlige;samarbejdspartnere;2021\n1;Dialog;ØKF;Nyt netværk;335.000\n-;Videnspuljen;;;18.000\n"


def test_upload_shows_a_preview_and_saves_only_on_confirm(client, partnership, coordinator):
    factories.UnitFactory(short_name="ØKF", name="Økonomiforvaltningen")
    client.force_login(coordinator)
    url = plan_url(partnership, "plan_import")
    assert 'enctype="multipart/form-data"' in client.get(url).content.decode()

    preview = client.post(url, {"file": SimpleUploadedFile("plan.csv", UPLOAD.encode("cp1252"))})

    html = preview.content.decode()
    assert "2 nye, 0 ændrede og 0 uændrede rækker; 1 nye enheder." in html
    assert "Nyt netværk" in html
    assert not Activity.objects.exists()
    token = re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)

    response = client.post(url, {"action": "confirm", "token": token}, follow=True)

    assert "Tryghedsplanen er indlæst" in response.content.decode()
    assert Activity.objects.filter(partnership=partnership).count() == 2
    assert Activity.history.filter(title="Dialog", history_type="+").get().history_user == coordinator
    # the token is spent: confirming twice does nothing
    again = client.post(url, {"action": "confirm", "token": token}, follow=True)
    assert "Forhåndsvisningen er udløbet" in again.content.decode()


def test_upload_with_bad_rows_lists_them_all_and_saves_nothing(client, partnership, coordinator):
    factories.UnitFactory(short_name="ØKF", name="Økonomiforvaltningen")
    client.force_login(coordinator)
    bad = UPLOAD + "x;Forkert;ØKF;;1\n3;Også forkert;ØKF;;33,5\n"

    html = client.post(
        plan_url(partnership, "plan_import"), {"file": SimpleUploadedFile("plan.csv", bad.encode())}
    ).content.decode()

    assert "plan.csv er afvist, og intet er gemt (2 fejl)" in html
    assert "række 4: nr &#x27;x&#x27;" in html and "række 5: 2021: &#x27;33,5&#x27;" in html
    assert not Activity.objects.exists()


def test_upload_cancel_saves_nothing(client, partnership, coordinator):
    factories.UnitFactory(short_name="ØKF", name="Økonomiforvaltningen")
    client.force_login(coordinator)
    url = plan_url(partnership, "plan_import")
    html = client.post(url, {"file": SimpleUploadedFile("plan.csv", UPLOAD.encode())}).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)

    client.post(url, {"action": "cancel", "token": token})

    assert not Activity.objects.exists()


def test_confirm_shows_a_new_preview_when_the_plan_changed_meanwhile(client, partnership, coordinator):
    factories.UnitFactory(short_name="ØKF", name="Økonomiforvaltningen")
    client.force_login(coordinator)
    url = plan_url(partnership, "plan_import")
    html = client.post(url, {"file": SimpleUploadedFile("plan.csv", UPLOAD.encode())}).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', html).group(1)
    factories.ActivityFactory(partnership=partnership, number=1, title="Noget andet")

    html = client.post(url, {"action": "confirm", "token": token}).content.decode()

    assert "Planen er ændret, siden forhåndsvisningen blev lavet" in html
    assert Activity.objects.get(partnership=partnership, number=1).title == "Noget andet"


# --- Query count ---------------------------------------------------------------------------


def make_plan(partnership, count):
    units = [factories.UnitFactory() for _ in range(4)]
    for n in range(count):
        activity = factories.ActivityFactory(
            partnership=partnership,
            number=n + 1,
            order=n + 1,
            responsible_units=units[:1],
            partner_units=units[1:3],
        )
        for year in (2021, 2022):
            factories.BudgetFactory(activity=activity, year=year, amount=1000 * n)


@pytest.mark.parametrize("view", ["plan", "budget_grid"])
def test_plan_pages_make_the_same_number_of_queries_for_12_and_120_activities(
    client, django_assert_num_queries, admin_user, view
):
    counts = []
    for size in (12, 120):
        partnership = factories.PartnershipFactory()
        make_plan(partnership, size)
        client.force_login(admin_user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(plan_url(partnership, view))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[0]):
        client.get(plan_url(partnership, view))


def test_the_reason_given_in_the_grid_is_what_the_history_shows(client, partnership, grid, admin_user):
    client.force_login(admin_user)
    data, _ = grid_data(client, partnership)
    data[f"cell_{grid[0].pk}_2021"] = ""
    data["reason"] = "Budgetmøde 12. marts"
    client.post(plan_url(partnership, "budget_grid"), data)

    html = client.get(reverse("audit"), {"model": "activities.budget"}).content.decode()
    row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "<del>335.000</del> → <ins>ikke besluttet</ins>" in row
    assert "Begrundelse: Budgetmøde 12. marts" in row


def test_an_over_long_reason_saves_nothing_and_names_the_field(client, partnership, grid, admin_user):
    client.force_login(admin_user)
    data, _ = grid_data(client, partnership)
    data[f"cell_{grid[0].pk}_2021"] = "1"
    data["reason"] = "x" * 101

    html = client.post(plan_url(partnership, "budget_grid"), data).content.decode()

    assert "1 felt skal rettes. Intet er gemt." in html
    assert "Begrundelse (valgfri)</a>:" in html and "højst have 100 tegn" in html
    assert Budget.objects.get(activity=grid[0], year=2021).amount == 335_000
