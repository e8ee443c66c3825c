"""The audit trail: the administrators' history page, read-only history in the admin and
users who are deactivated rather than deleted."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalChanges, registered_models

from activities.models import Budget, Partnership, Unit
from records import audit
from records.admin import HistoryReadOnlyAdmin
from tests import factories

User = get_user_model()


@pytest.fixture
def staff_admin(db):
    user = factories.administrator(first_name="Anne", last_name="Admin")
    user.is_staff = user.is_superuser = True  # as the demo's admin login
    user.save()
    return user


def admin_change_unit(client, unit, **changes):
    """Edit a unit through the Django admin as the logged-in user would."""
    data = {
        "short_name": unit.short_name,
        "name": unit.name,
        "kind": unit.kind,
        "email": unit.email,
        "members": [m.pk for m in unit.members.all()],
        **changes,
    }
    return client.post(reverse("admin:activities_unit_change", args=[unit.pk]), data)


# --- The audit page ------------------------------------------------------------------------


def test_only_administrators_see_the_audit_page(
    client, partnership, coordinator, member, reader, staff_admin
):
    url = reverse("audit")
    assert client.get(url).status_code == 302
    for user in (coordinator, member, reader):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert "Kun administratorer kan se historikken" in response.content.decode()
    client.force_login(staff_admin)
    assert client.get(url).status_code == 200


def test_a_change_shows_who_what_and_from_which_value(client, staff_admin):
    unit = factories.UnitFactory(short_name="BUF", name="Børne- og Ungdomsforvaltningen")
    client.force_login(staff_admin)
    assert admin_change_unit(client, unit, name="Børne- og Ungdomsforvaltningen, Amager").status_code == 302

    content = client.get(reverse("audit")).content.decode()
    assert "Anne Admin" in content
    assert "Ændret" in content
    assert (
        "<del>Børne- og Ungdomsforvaltningen</del> → <ins>Børne- og Ungdomsforvaltningen, Amager</ins>"
        in content
    )


def test_amounts_show_the_thousand_separator_and_years_do_not(client, staff_admin, settings):
    budget = Budget.objects.create(activity=factories.ActivityFactory(), year=2022, amount=150000)
    budget.year, budget.amount = 2023, 1289000
    budget.save()
    client.force_login(staff_admin)

    content = client.get(reverse("audit"), {"model": "activities.budget"}).content.decode()
    assert "<del>150.000</del> → <ins>1.289.000</ins>" in content
    assert "<del>2022</del> → <ins>2023</ins>" in content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(reverse("audit"), {"model": "activities.budget"}).content.decode()
    assert "<del>150,000</del> → <ins>1,289,000</ins>" in content
    assert "<del>2022</del> → <ins>2023</ins>" in content


def test_filters_by_user_date_and_object(client, staff_admin, partnership):
    other_admin = factories.administrator(username="kollega")
    other_admin.is_staff = other_admin.is_superuser = True
    other_admin.save()
    first, second = factories.UnitFactory(name="Første enhed"), factories.UnitFactory(name="Anden enhed")
    client.force_login(staff_admin)
    admin_change_unit(client, first, name="Første enhed, rettet")
    client.force_login(other_admin)
    admin_change_unit(client, second, name="Anden enhed, rettet")

    client.force_login(staff_admin)
    by_user = client.get(reverse("audit"), {"user": other_admin.pk}).content.decode()
    assert "Anden enhed, rettet</ins>" in by_user and "Første enhed, rettet</ins>" not in by_user

    by_object = client.get(reverse("audit"), {"model": "activities.unit", "object_id": first.pk})
    rows = by_object.context["rows"]
    assert {row.object_id for row in rows} == {first.pk}
    assert [row.action for row in rows] == ["Ændret", "Oprettet"]

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    future = client.get(reverse("audit"), {"date_from": tomorrow.isoformat()})
    assert future.context["rows"] == []
    assert "Ingen ændringer matcher filteret." in future.content.decode()
    today = client.get(reverse("audit"), {"date_from": timezone.localdate().isoformat()})
    assert len(today.context["rows"]) >= 4


def test_a_reversed_date_range_is_refused_with_a_message(client, staff_admin):
    client.force_login(staff_admin)
    response = client.get(reverse("audit"), {"date_from": "2022-05-24", "date_to": "2022-01-01"})
    assert "Til-datoen ligger før fra-datoen." in response.content.decode()
    assert response.context["rows"] == []


def test_every_model_with_history_is_on_the_page_including_other_apps(staff_admin):
    tracked = {model._meta.db_table for model in audit.tracked_models().values()}
    with_history = {
        table
        for table, model in registered_models.items()
        if not model._meta.auto_created  # many-to-many through tables belong to their model
    }
    assert with_history <= tracked
    labels = set(audit.tracked_models())
    assert {"activities.activity", "activities.budget", "activities.statusresponse"} <= labels
    assert "indicators.statusreport" in labels


def test_audit_page_queries_do_not_grow_with_the_history(client, staff_admin, django_assert_max_num_queries):
    partnership = factories.PartnershipFactory()
    activity = factories.ActivityFactory(partnership=partnership)

    years = iter(range(2000, 2100))

    def make_changes(count):
        for _ in range(count):
            budget = Budget.objects.create(activity=activity, year=next(years), amount=1)
            budget.amount += 1
            budget.save()

    client.force_login(staff_admin)
    make_changes(5)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("audit")).status_code == 200
    make_changes(60)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("audit"))
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count > 120


# --- History in the admin is read-only ------------------------------------------------------


def test_no_history_can_be_changed_through_the_admin():
    for model, model_admin in admin.site._registry.items():
        assert not issubclass(model, HistoricalChanges), f"{model.__name__} is a history table"
        if hasattr(model._meta, "simple_history_manager_attribute"):
            assert isinstance(model_admin, HistoryReadOnlyAdmin), f"{model.__name__} admin can revert"


def test_the_admin_history_page_cannot_revert(client, staff_admin):
    unit = factories.UnitFactory(name="Oprindeligt navn")
    client.force_login(staff_admin)
    admin_change_unit(client, unit, name="Nyt navn")
    old = unit.history.order_by("history_date").first()
    url = reverse("admin:activities_unit_simple_history", args=[unit.pk, old.history_id])

    page = client.get(url)
    assert page.status_code == 200
    assert "Revert" not in page.content.decode() and "Gendan" not in page.content.decode()
    response = client.post(
        url, {"short_name": unit.short_name, "name": "Oprindeligt navn", "kind": unit.kind}
    )
    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Nyt navn"


# --- Users are deactivated, never deleted ---------------------------------------------------


def test_users_cannot_be_deleted_in_the_admin(client, staff_admin, member):
    client.force_login(staff_admin)
    assert client.get(reverse("admin:auth_user_delete", args=[member.pk])).status_code == 403
    assert (
        client.post(reverse("admin:auth_user_delete", args=[member.pk]), {"post": "yes"}).status_code == 403
    )
    changelist = client.get(reverse("admin:auth_user_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=member.pk).exists()


def test_a_deactivated_user_cannot_log_in_and_history_keeps_the_name(client, staff_admin):
    leaver = factories.administrator(first_name="Lise", last_name="Fratrådt")
    partnership = Partnership.objects.create(
        slug="folehaven",
        name="Folehaven",
        district="Valby",
        first_year=2022,
        last_year=2025,
        baseline_year=2021,
    )
    leavers_browser = Client()
    leavers_browser.force_login(leaver)
    client.force_login(leaver)
    admin_unit = Unit.objects.create(short_name="SUF", name="Sundhed")
    # A change made in a request carries its user into the history.
    leaver.is_staff = leaver.is_superuser = True
    leaver.save()
    admin_change_unit(client, admin_unit, name="Sundheds- og Omsorgsforvaltningen")

    client.force_login(staff_admin)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate", "_selected_action": [leaver.pk, staff_admin.pk]},
        follow=True,
    )
    assert "1 bruger er deaktiveret." in response.content.decode()
    leaver.refresh_from_db()
    staff_admin.refresh_from_db()
    assert not leaver.is_active and staff_admin.is_active  # an administrator never locks themselves out

    assert not client.login(username=leaver.username, password=factories.DEFAULT_PASSWORD)
    # A session that was open when the account was deactivated ends with it.
    assert leavers_browser.get(reverse("home")).url.startswith(reverse("login"))
    content = client.get(reverse("audit"), {"user": leaver.pk}).content.decode()
    assert "Lise Fratrådt" in content and "deaktiveret" in content
    assert partnership.pk
