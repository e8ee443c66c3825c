"""The administrator's users and units pages: create, assign roles, units and
partnerships, deactivate and reactivate (never delete), every change in the history; the
coordinator reads who belongs to the partnership's units."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from activities import roles
from activities.models import PersonalDataAccess, Unit
from tests import factories


@pytest.fixture
def staff_admin(db):
    return factories.administrator(first_name="Anne", last_name="Admin")


def test_an_administrator_creates_a_user_with_roles_units_and_partnerships(
    client, staff_admin, partnership, unit
):
    client.force_login(staff_admin)
    role = Group.objects.get_or_create(name=roles.ROLE_UNIT_MEMBER)[0]
    response = client.post(
        reverse("user_create"),
        {
            "username": "ulla",
            "first_name": "Ulla",
            "last_name": "Ungdom",
            "email": "ulla@kk.dk",
            "roles": [role.pk],
            "units": [unit.pk],
            "reads": [partnership.pk],
        },
        follow=True,
    )
    assert "Ulla Ungdom er oprettet." in response.content.decode()
    user = User.objects.get(username="ulla")
    assert not user.has_usable_password()
    assert list(user.groups.all()) == [role]
    assert list(Unit.objects.filter(members=user)) == [unit]
    assert list(user.read_partnerships.all()) == [partnership]
    row = response.content.decode().split('data-user="ulla"')[1].split("</tr>")[0]
    assert "ulla@kk.dk" in row and unit.short_name in row and "lokal" in row
    history = client.get(reverse("audit"), {"user": staff_admin.pk}).content.decode()
    rows = history.split("<tbody>")[1]
    assert "Oprettet" in rows and ">ulla<" in rows
    assert unit.history.filter(history_user=staff_admin).exists()


def test_units_and_roles_are_changed_and_the_history_names_them(client, staff_admin, unit):
    member = factories.member_of(unit, first_name="Henrik", last_name="Hus", email="henrik@kk.dk")
    other = factories.UnitFactory(short_name="SOF")
    client.force_login(staff_admin)
    client.post(
        reverse("user_edit", args=[member.pk]),
        {
            "username": member.username,
            "first_name": "Henrik",
            "last_name": "Hus",
            "email": "henrik@kk.dk",
            "units": [other.pk],
        },
    )
    assert list(Unit.objects.filter(members=member)) == [other]
    assert (
        unit.history.filter(history_user=staff_admin).exists()
        and other.history.filter(history_user=staff_admin).exists()
    )


def test_a_taken_email_is_refused_with_the_field_named(client, staff_admin, unit):
    factories.member_of(unit, email="taken@kk.dk")
    client.force_login(staff_admin)
    html = client.post(
        reverse("user_create"),
        {"username": "ny", "first_name": "Ny", "last_name": "", "email": "TAKEN@kk.dk"},
    ).content.decode()
    assert "En anden bruger har allerede e-mailadressen TAKEN@kk.dk." in html
    assert not User.objects.filter(username="ny").exists()


def test_deactivate_asks_first_keeps_everything_and_can_be_undone(client, staff_admin, unit):
    member = factories.member_of(unit, first_name="Lise", last_name="Leaver")
    client.force_login(staff_admin)
    page = client.get(reverse("user_set_active", args=[member.pk])).content.decode()
    assert "Deaktivér Lise Leaver?" in page and "Intet slettes" in page
    member.refresh_from_db()
    assert member.is_active
    client.post(reverse("user_set_active", args=[member.pk]))
    member.refresh_from_db()
    assert not member.is_active and User.objects.filter(pk=member.pk).exists()
    assert list(Unit.objects.filter(members=member)) == [unit]
    client.post(reverse("user_set_active", args=[member.pk]))
    member.refresh_from_db()
    assert member.is_active
    assert member.history.filter(is_active=False, history_user=staff_admin).exists()


def test_an_administrator_cannot_deactivate_themselves(client, staff_admin):
    client.force_login(staff_admin)
    response = client.post(reverse("user_set_active", args=[staff_admin.pk]), follow=True)
    assert "Du kan ikke deaktivere dig selv." in response.content.decode()
    staff_admin.refresh_from_db()
    assert staff_admin.is_active


def test_a_login_writes_no_history_entry(client, unit):
    member = factories.member_of(unit, password="hemmelig-kode-1")
    before = member.history.count()
    assert client.login(username=member.username, password="hemmelig-kode-1")
    assert member.history.count() == before


def test_units_are_created_and_edited(client, staff_admin):
    client.force_login(staff_admin)
    client.post(
        reverse("unit_create"),
        {"short_name": "KFF", "name": "Kultur- og Fritidsforvaltningen", "kind": "forvaltning"},
    )
    unit = Unit.objects.get(short_name="KFF")
    client.post(
        reverse("unit_edit", args=[unit.pk]),
        {"short_name": "KFF", "name": "Kultur og Fritid", "kind": "forvaltning"},
    )
    unit.refresh_from_db()
    assert unit.name == "Kultur og Fritid" and unit.history.count() == 2


def test_the_coordinator_reads_who_belongs_to_the_partnerships_units(client, partnership, coordinator, unit):
    factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    factories.member_of(unit, first_name="Mette", last_name="Medlem", email="mette@kk.dk")
    outsider = factories.UnitFactory(short_name="UDE")
    factories.member_of(outsider, first_name="Ole", last_name="Ude")
    client.force_login(coordinator)
    html = client.get(reverse("partnership_units", args=[partnership.slug])).content.decode()
    assert "Mette Medlem · mette@kk.dk" in html and "Ole Ude" not in html
    assert client.get(reverse("user_list")).status_code == 403
    assert (
        client.post(reverse("unit_create"), {"short_name": "X", "name": "X", "kind": "andet"}).status_code
        == 403
    )
    assert not Unit.objects.filter(short_name="X").exists()


def test_opening_another_users_page_is_in_the_access_log(client, staff_admin, unit):
    member = factories.member_of(unit, first_name="Mette", last_name="Medlem")
    client.force_login(staff_admin)
    client.get(reverse("user_edit", args=[member.pk]))
    client.get(reverse("user_edit", args=[staff_admin.pk]))  # one's own page is not logged
    assert list(PersonalDataAccess.objects.values_list("accessed_by", "subject", "what")) == [
        (staff_admin.pk, member.pk, "profil")
    ]


def waiting_for_approval(email):
    user = factories.UserFactory(username=email, email=email, is_active=False)
    user.set_unusable_password()
    user.save()
    return user


def test_the_users_list_tells_the_administrator_who_waits_for_approval(client, staff_admin, coordinator):
    first = waiting_for_approval("ny1@kk.dk")
    second = waiting_for_approval("ny2@kk.dk")
    factories.UserFactory(username="tidligere", is_active=False, last_login="2025-01-01T00:00:00Z")
    client.force_login(staff_admin)

    page = client.get(reverse("user_list")).content.decode()
    banner = page.split('data-testid="awaiting-approval"')[1].split("</div>")[0]
    assert f'href="{reverse("user_list")}?status=venter"' in banner
    assert "2 brugere venter på godkendelse" in banner

    listed = client.get(reverse("user_list"), {"status": "venter"})
    assert {user.username for user in listed.context["page"].object_list} == {first.username, second.username}
    assert 'data-testid="awaiting-approval"' not in listed.content.decode()

    second.is_active = True
    second.save()
    assert "1 bruger venter på godkendelse" in client.get(reverse("user_list")).content.decode()

    client.force_login(coordinator)
    response = client.get(reverse("user_list"))
    assert response.status_code == 403
    assert "venter på godkendelse" not in response.content.decode()


def test_the_administrator_s_start_page_says_who_waits_and_others_see_nothing(
    client, staff_admin, coordinator
):
    waiting_for_approval("ny1@kk.dk")
    client.force_login(staff_admin)
    page = client.get(reverse("home")).content.decode()
    banner = page.split('data-testid="awaiting-approval"')[1].split("</div>")[0]
    assert "1 bruger venter på godkendelse" in banner
    assert f'href="{reverse("user_list")}?status=venter"' in banner

    client.force_login(coordinator)
    assert "venter på godkendelse" not in client.get(reverse("home")).content.decode()


def test_no_banner_when_nobody_waits(client, staff_admin):
    client.force_login(staff_admin)
    assert 'data-testid="awaiting-approval"' not in client.get(reverse("user_list")).content.decode()
