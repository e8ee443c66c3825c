"""The pending upload between preview and confirm, shared by the plan and the indicator import:
the file lives only until confirm or cancel, files nobody came back for are removed after a
day, and a confirm whose file is gone asks for the file again and saves nothing."""

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from indicators.models import Population
from tests import factories

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


@dataclass
class Import:
    page: str
    done_page: str
    session_key: str
    folder: str

    def upload(self, partnership):
        if self.session_key == "plan_import":
            text = "nr;aktivitet;ansvarlige;samarbejdspartnere;2021;2022\n1;Natteravne;E1;;100.000;100.000\n"
            return SimpleUploadedFile("Plan.CSV", text.encode("cp1252"))
        text = (
            "partnerskab;indikator;niveau;kategori;aar;vaerdi;respondenter;signifikant\r\n"
            f"{partnership.slug};indbyggere;omraade;;2021;8.346;;\r\n"
        )
        return SimpleUploadedFile("Tal.CSV", text.encode())

    def saved_anything(self, partnership):
        if self.session_key == "plan_import":
            return Activity.objects.filter(partnership=partnership).exists()
        return Population.objects.filter(partnership=partnership).exists()

    def url(self, partnership):
        return reverse(self.page, args=[partnership.slug])

    def files(self):
        folder = Path(settings.MEDIA_ROOT) / self.folder
        return sorted(folder.iterdir()) if folder.exists() else []


IMPORTS = {
    "plan": Import("activities:plan_import", "activities:plan", "plan_import", "imports/plan"),
    "indicators": Import(
        "indicators:import", "indicators:overview", "indicator_import", "imports/indicators"
    ),
}


@pytest.fixture(params=IMPORTS.values(), ids=IMPORTS.keys())
def kind(request):
    factories.UnitFactory(short_name="E1")
    return request.param


def new_partnership_with_coordinator(client):
    partnership = factories.PartnershipFactory(first_year=2021, last_year=2022)
    client.force_login(factories.coordinator_of(partnership))
    return partnership


def preview(client, kind, partnership):
    response = client.post(kind.url(partnership), {"file": kind.upload(partnership)})
    assert response.status_code == 200
    return client.session[kind.session_key][partnership.slug]["token"]


def age(path, days):
    then = time.time() - days * DAY
    os.utime(path, (then, then))


def test_preview_keeps_the_file_until_confirm(client, kind):
    partnership = new_partnership_with_coordinator(client)
    token = preview(client, kind, partnership)

    [stored] = kind.files()
    assert stored.suffix == ".csv"
    assert not kind.saved_anything(partnership)

    response = client.post(kind.url(partnership), {"action": "confirm", "token": token})

    assert response.status_code == 302
    assert response["Location"] == reverse(kind.done_page, args=[partnership.slug])
    assert kind.saved_anything(partnership)
    assert kind.files() == []
    assert partnership.slug not in client.session[kind.session_key]


def test_cancel_deletes_the_file_and_saves_nothing(client, kind):
    partnership = new_partnership_with_coordinator(client)
    token = preview(client, kind, partnership)

    client.post(kind.url(partnership), {"action": "cancel", "token": token})

    assert kind.files() == []
    assert not kind.saved_anything(partnership)


def test_a_second_preview_replaces_the_first_file(client, kind):
    partnership = new_partnership_with_coordinator(client)
    first = preview(client, kind, partnership)
    second = preview(client, kind, partnership)

    assert len(kind.files()) == 1
    response = client.post(kind.url(partnership), {"action": "confirm", "token": first}, follow=True)
    assert "Forhåndsvisningen er udløbet" in response.content.decode()
    assert not kind.saved_anything(partnership)
    client.post(kind.url(partnership), {"action": "confirm", "token": second})
    assert kind.saved_anything(partnership)


def test_previews_of_two_partnerships_in_one_session_are_kept_apart(client, kind):
    client.force_login(factories.administrator())
    first = factories.PartnershipFactory(first_year=2021, last_year=2022)
    second = factories.PartnershipFactory(first_year=2021, last_year=2022)
    first_token = preview(client, kind, first)
    second_token = preview(client, kind, second)

    # The first partnership's token does not confirm the second's upload.
    client.post(kind.url(second), {"action": "confirm", "token": first_token})
    assert not kind.saved_anything(second)

    client.post(kind.url(first), {"action": "cancel", "token": first_token})
    client.post(kind.url(second), {"action": "confirm", "token": second_token})
    assert not kind.saved_anything(first)
    assert kind.saved_anything(second)


def test_a_new_preview_removes_files_older_than_a_day_and_keeps_fresh_ones(client, kind):
    folder = Path(settings.MEDIA_ROOT) / kind.folder
    folder.mkdir(parents=True)
    (folder / "forladt.csv").write_text("gammel")
    (folder / "i-gang.csv").write_text("frisk")
    age(folder / "forladt.csv", days=2)
    age(folder / "i-gang.csv", days=0.5)
    partnership = new_partnership_with_coordinator(client)

    preview(client, kind, partnership)

    names = [path.name for path in kind.files()]
    assert "forladt.csv" not in names
    assert "i-gang.csv" in names
    assert len(names) == 2


def test_an_old_file_in_the_other_imports_folder_waits_for_its_own_import(client):
    factories.UnitFactory(short_name="E1")
    indicator_files = Path(settings.MEDIA_ROOT) / IMPORTS["indicators"].folder
    indicator_files.mkdir(parents=True)
    (indicator_files / "forladt.csv").write_text("gammel")
    age(indicator_files / "forladt.csv", days=2)
    partnership = new_partnership_with_coordinator(client)

    preview(client, IMPORTS["plan"], partnership)

    assert [path.name for path in IMPORTS["indicators"].files()] == ["forladt.csv"]


def test_confirm_after_the_file_was_removed_as_stale_asks_for_the_file_again(client, kind):
    partnership = new_partnership_with_coordinator(client)
    token = preview(client, kind, partnership)
    [stored] = kind.files()
    age(stored, days=2)
    # Someone else's preview the next day cleans the folder.
    other_client = Client()
    other = new_partnership_with_coordinator(other_client)
    preview(other_client, kind, other)
    assert not stored.exists()

    response = client.post(kind.url(partnership), {"action": "confirm", "token": token}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == kind.url(partnership)
    assert "Den indlæste fil findes ikke længere. Vælg filen igen." in response.content.decode()
    assert not kind.saved_anything(partnership)
    assert partnership.slug not in client.session[kind.session_key]
