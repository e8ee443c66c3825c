"""The English catalogue is complete, compiled, and what the language switch shows on the main pages;
the Danish catalogue of the libraries' English texts is complete and compiled."""

import ast
import gettext
import re
from pathlib import Path

import axes
import django_tasks
import django_tasks_db
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from activities.models import ReportingRound

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
DANISH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"
# The libraries whose English texts the Danish catalogue translates.
DANISH_CATALOGUE_LIBRARIES = [axes, django_tasks, django_tasks_db]


def parse_po(path):
    """The entries of a .po file as dicts: flags, msgid, msgid_plural and msgstr (a list, one per
    plural form). Obsolete entries (#~) are left out, as gettext ignores them."""
    entries = []
    entry = None
    field = None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if field is not None:
                finish()
                entry, field = None, None
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
        elif keyword in ("msgctxt", "msgid", "msgid_plural") or keyword.startswith("msgstr"):
            if keyword in ("msgctxt", "msgid") and field not in (None, "msgctxt"):
                finish()
                entry = None
            if entry is None:
                entry = {"flags": set(), "msgstr": {}}
            field = keyword
            value = ast.literal_eval(rest)
        else:
            raise AssertionError(f"{path}: unexpected line {raw!r}")
        if field == "msgstr":
            entry["msgstr"][0] = entry["msgstr"].get(0, "") + value
        elif field.startswith("msgstr["):
            index = int(field[7:-1])
            entry["msgstr"][index] = entry["msgstr"].get(index, "") + value
        else:
            entry[field] = entry.get(field, "") + value
    finish()
    return entries


@pytest.fixture(scope="module")
def entries():
    return [entry for entry in parse_po(CATALOGUE) if entry["msgid"]]


def test_catalogue_has_no_untranslated_or_fuzzy_entries(entries):
    assert len(entries) > 500
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [
        entry["msgid"]
        for entry in entries
        if not entry["msgstr"]
        or not all(text.strip() for text in entry["msgstr"].values())
        or len(entry["msgstr"]) != (2 if "msgid_plural" in entry else 1)
    ]
    assert fuzzy == []
    assert untranslated == []


def test_translations_keep_the_placeholders_of_the_danish_text(entries):
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}")
    wrong = []
    for entry in entries:
        expected = set(placeholder.findall(entry["msgid"] + entry.get("msgid_plural", "")))
        found = set()
        for text in entry["msgstr"].values():
            found |= set(placeholder.findall(text))
        if found != expected and not ("msgid_plural" in entry and found < expected):
            wrong.append((entry["msgid"], sorted(expected ^ found)))
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file(entries):
    """The committed .mo is what Django reads; it must hold every translation of the .po."""
    with COMPILED.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if "msgid_plural" in entry:
            pairs = [
                (compiled.ngettext(entry["msgid"], entry["msgid_plural"], n), entry["msgstr"][i])
                for i, n in ((0, 1), (1, 2))
            ]
        else:
            pairs = [(compiled.gettext(entry["msgid"]), entry["msgstr"][0])]
        if any(got != expected for got, expected in pairs):
            stale.append(entry["msgid"])
    assert stale == []


def _pages(partnership):
    demo_round = ReportingRound.objects.get(partnership=partnership, year=2022)
    return {
        "plan": (
            reverse("activities:plan", args=[partnership.slug]),
            ["Safety plan for Amager Partnerskab 2021–2024", "Table 3: Safety plan for Amager Partnerskab"],
            ["Tryghedsplan for Amager Partnerskab 2021–2024", "Tabel 3: Tryghedsplan"],
        ),
        "round": (
            reverse("activities:round_overview", args=[demo_round.pk]),
            ["Status in the round", "Activities in the round", "Approved"],
            ["Status i runden", "Aktiviteter i runden", "Godkendt"],
        ),
        "indicators": (
            reverse("indicators:overview", args=[partnership.slug]),
            ["Indicators for Amager Partnerskab", "Targets and status", "1. Development in safety"],
            ["Indikatorer for Amager Partnerskab", "Mål og status", "1. Udviklingen i tryghed"],
        ),
        "report": (
            reverse("indicators:report", args=[partnership.slug, 2022]),
            ["Status on safety and crime 2022", "State of the report", "Final versions"],
            ["Status på tryghed og kriminalitet 2022", "Rapportens tilstand", "Endelige versioner"],
        ),
    }


START_PAGES = {
    "admin": ("Safety plans and budgets", "Tryghedsplaner og budgetter"),
    "koordinator": ("My partnerships", "Mine partnerskaber"),
    "laeser": ("Partnerships", "Partnerskaber"),
    "okf": ("My tasks", "Mine opgaver"),
}

# The round overview is for the coordinator and readers; a unit member gets the 403 page, in English.
PAGES_PER_ROLE = {
    "admin": ["plan", "round", "indicators", "report"],
    "koordinator": ["plan", "round", "indicators", "report"],
    "laeser": ["plan", "round", "indicators", "report"],
    "okf": ["plan", "indicators", "report"],
}


def _get(client, url, language):
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    return client.get(url)


@pytest.mark.parametrize("username", sorted(START_PAGES))
def test_each_role_sees_the_main_pages_in_english_after_switching(client, demo, username):
    client.force_login(get_user_model().objects.get(username=username))
    pages = {"start": (reverse("home"), [START_PAGES[username][0]], [START_PAGES[username][1]])}
    pages.update({name: _pages(demo)[name] for name in PAGES_PER_ROLE[username]})
    for name, (url, english, danish) in pages.items():
        response = _get(client, url, "en")
        assert response.status_code == 200, name
        content = response.content.decode()
        assert '<html lang="en">' in content, name
        assert "Log out" in content, name
        for text in english:
            assert text in content, (name, text)
        for text in danish:
            assert text not in content, (name, text)

        content = _get(client, url, None).content.decode()
        assert '<html lang="da">' in content, name
        for text in danish:
            assert text in content, (name, text)

    if "round" not in PAGES_PER_ROLE[username]:
        url = _pages(demo)["round"][0]
        response = _get(client, url, "en")
        assert response.status_code == 403
        assert "Access denied" in response.content.decode()
        assert "Ingen adgang" in _get(client, url, None).content.decode()


def test_switch_in_the_menu_sets_the_cookie_and_the_next_page_is_english(client, partnership, coordinator):
    client.force_login(coordinator)
    plan = reverse("activities:plan", args=[partnership.slug])
    assert "Tabel 3: Tryghedsplan for" in client.get(plan).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": plan})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    content = client.get(plan).content.decode()
    assert f"Table 3: Safety plan for {partnership.name}" in content
    assert "Tabel 3" not in content


@pytest.fixture(scope="module")
def danish_entries():
    return [entry for entry in parse_po(DANISH_CATALOGUE) if entry["msgid"]]


def test_danish_catalogue_is_translated_and_compiled(danish_entries):
    assert danish_entries
    with DANISH_CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    wrong = []
    for entry in danish_entries:
        text = entry["msgstr"].get(0, "")
        if "msgctxt" in entry:
            got = compiled.pgettext(entry["msgctxt"], entry["msgid"])
        else:
            got = compiled.gettext(entry["msgid"])
        if not text.strip() or "fuzzy" in entry["flags"] or got != text:
            wrong.append(entry["msgid"])
    assert wrong == []


def test_danish_catalogue_holds_only_texts_the_libraries_still_use(danish_entries):
    """A library release that rewords a text would leave its Danish unused and the admin English."""
    sources = "".join(
        path.read_text(encoding="utf-8")
        for library in DANISH_CATALOGUE_LIBRARIES
        for path in Path(library.__file__).parent.rglob("*.py")
    )
    unused = [entry["msgid"] for entry in danish_entries if f'"{entry["msgid"]}"' not in sources]
    assert unused == []
