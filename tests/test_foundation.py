import ast
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from activities.models import Partnership, Unit
from tests import factories

ROOT = Path(__file__).resolve().parent.parent


def run_python(code, **env):
    """Run code in a fresh interpreter with only the given Django environment variables."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=120
    )


SETTINGS_PROBE = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'amager_partnerskab.settings');"
    "from django.conf import settings as s;"
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.DATABASES['default'].get('NAME'), s.ALLOWED_HOSTS,"
    " s.SESSION_COOKIE_SECURE, s.LANGUAGE_CODE, s.TIME_ZONE)"
)


def test_settings_read_the_environment():
    result = run_python(
        SETTINGS_PROBE,
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_DEBUG="0",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/mydb",
        DJANGO_ALLOWED_HOSTS="tryghed.kk.dk,intern.kk.dk",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.db.backends.postgresql",
        "mydb",
        "['tryghed.kk.dk',",
        "'intern.kk.dk']",
        "True",
        "da",
        "Europe/Copenhagen",
    ]


def test_development_defaults_to_sqlite_in_the_project_folder():
    result = run_python(SETTINGS_PROBE, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    debug, engine, name, *_ = result.stdout.split()
    assert (debug, engine, name) == ("True", "django.db.backends.sqlite3", str(ROOT / "db.sqlite3"))


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(SETTINGS_PROBE, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_deploy_check_is_clean_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k8#2v!q9" * 8,
            "DJANGO_ALLOWED_HOSTS": "tryghed.kk.dk",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


LOGIN_REQUIRED = [
    reverse_args
    for reverse_args in [
        ("home", []),
        ("activities:partnership", ["amager"]),
        ("password_change", []),
    ]
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), LOGIN_REQUIRED)
def test_anonymous_visitors_are_sent_to_login(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "next=" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "password_reset", "healthz"])
def test_public_pages_need_no_login(client, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


START_PAGES = {
    "admin": "Tryghedsplaner og budgetter",
    "koordinator": "Mine partnerskaber",
    "buf": "Mine opgaver",
    "laeser": "Partnerskaber",
}


@pytest.mark.parametrize(("username", "heading"), START_PAGES.items())
def test_each_demo_role_lands_on_its_start_page(client, demo, username, heading):
    assert client.login(username=username, password="demo")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in response.content.decode()


def test_unit_member_sees_an_empty_state_when_nothing_is_open(client, member):
    client.force_login(member)
    content = client.get(reverse("home")).content.decode()
    assert "Du har ingen åbne opgaver" in content


def test_coordinator_of_another_partnership_gets_404(client, partnership):
    other = factories.PartnershipFactory()
    client.force_login(factories.coordinator_of(other))
    assert client.get(reverse("activities:partnership", args=[partnership.slug])).status_code == 404
    assert client.get(reverse("activities:partnership", args=[other.slug])).status_code == 200


def test_missing_and_foreign_partnerships_look_the_same(client, partnership, member):
    client.force_login(member)
    foreign = client.get(reverse("activities:partnership", args=[partnership.slug]))
    missing = client.get(reverse("activities:partnership", args=["findes-ikke"]))
    assert foreign.status_code == missing.status_code == 404


def test_the_menu_lists_two_partnerships_and_folds_more_into_one_menu(client, admin_user):
    first, second = factories.PartnershipFactory(name="Første"), factories.PartnershipFactory(name="Anden")
    client.force_login(admin_user)
    menu = client.get(reverse("home")).content.decode().split('id="main-nav"')[1].split("</ul>")[0]
    assert first.get_absolute_url() in menu and second.get_absolute_url() in menu
    assert "dropdown-toggle" not in menu

    third = factories.PartnershipFactory(name="Tredje")
    page = client.get(reverse("home")).content.decode()
    folded = page.split('data-bs-toggle="dropdown" aria-expanded="false">Partnerskaber</button>')[1].split(
        "</ul>"
    )[0]
    assert all(p.get_absolute_url() in folded for p in (first, second, third))


def test_only_administrators_reach_the_django_admin(client, coordinator, admin_user):
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 302
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_load_demo_is_safe_to_run_twice(demo):
    counts = (Unit.objects.count(), Partnership.objects.count(), get_user_model().objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))
    assert (Unit.objects.count(), Partnership.objects.count(), get_user_model().objects.count()) == counts
    assert demo.coordinators.filter(username="koordinator").exists()
    assert Unit.objects.get(short_name="BUF").members.filter(username="buf").exists()


@pytest.mark.django_db
def test_create_partnership_command():
    call_command(
        "create_partnership",
        "tingbjerg-husum",
        "--name=Tingbjerg-Husum Partnerskab",
        "--district=Brønshøj-Husum",
        "--first-year=2022",
        "--last-year=2025",
        "--baseline-year=2021",
        stdout=open(os.devnull, "w"),
    )
    partnership = Partnership.objects.get(slug="tingbjerg-husum")
    assert partnership.plan_years == [2022, 2023, 2024, 2025]


@pytest.mark.django_db
def test_create_partnership_refuses_a_reversed_period_and_saves_nothing():
    with pytest.raises(
        CommandError, match="--last-year: Planperiodens sidste år skal ligge efter det første"
    ):
        call_command(
            "create_partnership",
            "folehaven",
            "--name=Folehaven",
            "--district=Valby",
            "--first-year=2025",
            "--last-year=2022",
            "--baseline-year=2021",
        )
    assert not Partnership.objects.filter(slug="folehaven").exists()


def test_language_switch_to_english(client, member):
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "My tasks" in client.get(reverse("home")).content.decode()


def test_site_is_danish_even_for_an_english_browser(client, member):
    client.force_login(member)
    content = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Mine opgaver" in content
    assert '<html lang="da">' in content


def test_years_print_plain_and_numbers_are_grouped_where_the_code_asks():
    with translation.override("da"):
        html = Template("{% load humanize %}{{ year }} {{ people|intcomma }} {{ share }}").render(
            Context({"year": 2022, "people": 8346, "share": Decimal("24.2")})
        )
    assert html == "2022 8.346 24,2"


def test_the_project_package_imports_no_app():
    """Settings, URLs and site pages reach the apps by their dotted names only."""
    base = Path(settings.BASE_DIR)
    apps = {name.split(".")[0] for name in settings.INSTALLED_APPS if (base / name.split(".")[0]).is_dir()}
    apps -= {"amager_partnerskab"}
    found = []
    for path in (base / "amager_partnerskab").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [f"{path.name}: {name}" for name in names if name.split(".")[0] in apps]
    assert apps >= {"activities", "indicators"} and found == []


def _module_level_imports(path, package):
    """First-party modules imported by the statements at the top of a module (not in functions)."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # `from activities import roles` imports the module activities.roles.
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.split(".")[0] == package}


def test_the_activities_modules_import_each_other_without_a_cycle():
    """Models, roles, permissions, workflow, e-mails and services import one another in one
    direction only, at the top of each module: a cycle would have to hide in a function."""
    base = Path(settings.BASE_DIR)
    modules = {}
    for path in (base / "activities").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(base).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    # A package that imports its own modules (`from activities.demo import plan`) is no cycle.
    graph = {
        name: (_module_level_imports(path, "activities") & modules.keys()) - {name}
        for name, path in modules.items()
    }

    def cycle_from(start):
        stack = [(start, [start])]
        while stack:
            name, trail = stack.pop()
            for imported in graph[name]:
                if imported == start:
                    return trail + [start]
                if imported not in trail:
                    stack.append((imported, trail + [imported]))
        return None

    assert {"activities.models", "activities.roles", "activities.permissions", "activities.workflow"} <= set(
        graph
    )
    assert "activities.roles" in graph["activities.models.organisation"]
    cycles = [" → ".join(cycle) for name in sorted(graph) if (cycle := cycle_from(name))]
    assert cycles == []
