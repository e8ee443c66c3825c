"""Units, the Amager partnership and one demo login per role (password "demo")."""

from django.contrib.auth import get_user_model

from activities import roles
from activities.models import Partnership, Unit

DEMO_PASSWORD = "demo"

UNITS = [
    # short name, full name, kind, demo login
    ("ØKF", "Økonomiforvaltningen", Unit.Kind.FORVALTNING, "okf"),
    ("SOF", "Socialforvaltningen", Unit.Kind.FORVALTNING, "sof"),
    ("BUF", "Børne- og Ungdomsforvaltningen", Unit.Kind.FORVALTNING, "buf"),
    ("TMF", "Teknik- og Miljøforvaltningen", Unit.Kind.FORVALTNING, "tmf"),
    ("SUF", "Sundheds- og Omsorgsforvaltningen", Unit.Kind.FORVALTNING, "suf"),
    ("KFF", "Kultur- og Fritidsforvaltningen", Unit.Kind.FORVALTNING, "kff"),
    ("BIF", "Beskæftigelses- og Integrationsforvaltningen", Unit.Kind.FORVALTNING, "bif"),
    ("Amagerplanen", "Den boligsociale helhedsplan Amagerplanen", Unit.Kind.HOUSING, "amagerplanen"),
    ("Politi", "Københavns Politi", Unit.Kind.POLICE, "politi"),
]

AMAGER = {
    "slug": "amager",
    "name": "Amager Partnerskab",
    "district": "Amager Vest",
    "first_year": 2021,
    "last_year": 2024,
    "baseline_year": 2020,
    "comparable_from_year": 2021,
}


def _user(username, *, first_name, last_name="", role, email=None):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": email or f"{username}@example.kk.dk",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(roles.role_group(role))
    return user


def load(stdout):
    units = {}
    for short_name, name, kind, _login in UNITS:
        units[short_name], _ = Unit.objects.update_or_create(
            short_name=short_name, defaults={"name": name, "kind": kind}
        )
    partnership, _ = Partnership.objects.update_or_create(
        slug=AMAGER["slug"], defaults={k: v for k, v in AMAGER.items() if k != "slug"}
    )

    admin = _user("admin", first_name="Ada", last_name="Administrator", role=roles.ROLE_ADMINISTRATOR)
    admin.is_staff = True
    admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    coordinator = _user(
        "koordinator", first_name="Tone", last_name="Schnell DiBona", role=roles.ROLE_COORDINATOR
    )
    partnership.coordinators.add(coordinator)
    reader = _user("laeser", first_name="Lærke", last_name="Læser", role=roles.ROLE_READER)
    partnership.readers.add(reader)
    for short_name, _name, _kind, login in UNITS:
        member = _user(login, first_name=short_name, last_name="(demo)", role=roles.ROLE_UNIT_MEMBER)
        units[short_name].members.add(member)
    stdout.write(f"Enheder: {len(units)}; partnerskab: {partnership.name}")
    return partnership
