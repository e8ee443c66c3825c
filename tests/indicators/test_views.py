"""The indicator page, exports, the upload with preview, hand corrections, and who may do what."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Category, DataSource, Level, Measure, PoliceCount, Population, SurveyResult
from indicators.services import goals_create_standard
from tests import factories

CSV_HEADER = "partnerskab;indikator;niveau;kategori;aar;vaerdi;respondenter;signifikant\r\n"


def upload(slug, text, name="indikatorer.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, (CSV_HEADER + text).replace("{slug}", slug).encode(encoding), "text/csv")


def url(name, partnership, *args):
    return reverse(f"indicators:{name}", args=[partnership.slug, *args])


@pytest.fixture
def police_value(partnership):
    return PoliceCount.objects.create(
        partnership=partnership, category=Category.INDBRUD, level=Level.AREA, year=2021, count=9
    )


# --- The page --------------------------------------------------------------------------------


def test_demo_page_shows_the_seed_numbers_and_goal_status(client, demo):
    coordinator = get_user_model().objects.get(username="koordinator")
    client.force_login(coordinator)
    response = client.get(url("overview", demo))
    assert response.status_code == 200
    page = response.content.decode()
    tabel_1 = page[page.index('id="tabel-1"') : page.index("</table>", page.index('id="tabel-1"'))]
    for text in ("24,2", "26,0", "1,8", "-14", "Minimum fastholdelse", "Ikke opfyldt", "Opfyldt"):
        assert text in tabel_1
    tabel_2 = page[page.index('id="tabel-2"') : page.index("</table>", page.index('id="tabel-2"'))]
    for text in ("Narkotika", "119", "215", "239", "24"):
        assert text in tabel_2
    assert "34,5 pr. 1000 indbyggere" in page
    assert "11 ud af 12 aktiviteter" in page and "92 %" in page
    assert page.count("<svg") == 3
    assert "Kilde: Københavns Tryghedsundersøgelse 2022." in page
    assert "Kilde: Københavns Politi." in page
    assert "Ikke direkte sammenligneligt (området er ændret)." in page


def test_page_with_missing_data_says_so(client, partnership, coordinator):
    goals_create_standard(partnership=partnership)
    PoliceCount.objects.create(
        partnership=partnership, category=Category.BORGERVENDT, level=Level.AREA, year=2021, count=217
    )
    client.force_login(coordinator)
    page = client.get(url("overview", partnership) + "?aar=2022").content.decode()
    assert "Ingen befolkningstal for området i 2021." in page
    assert "ikke opgjort" in page
    assert "Kan ikke måles" in page


def test_report_year_can_be_chosen(client, partnership, coordinator):
    client.force_login(coordinator)
    page = client.get(url("overview", partnership) + "?aar=2023").content.decode()
    assert "politiets tal for 2022 mod baseline 2020" in page
    assert client.get(url("overview", partnership) + "?aar=nonsens").status_code == 200


def _add_years(partnership, years):
    for year in years:
        Population.objects.create(partnership=partnership, level=Level.AREA, year=year, population=9000)
        for category in Category:
            PoliceCount.objects.create(
                partnership=partnership, category=category, level=Level.AREA, year=year, count=10
            )
        for measure in Measure:
            for level in Level:
                SurveyResult.objects.create(
                    partnership=partnership, measure=measure, level=level, year=year, percent=12
                )


def test_stored_values_are_listed_25_to_a_page_each_table_paged_on_its_own(client, partnership, coordinator):
    years = range(2000, 2030)  # 30 police counts, 3 population values
    PoliceCount.objects.bulk_create(
        PoliceCount(
            partnership=partnership, category=Category.INDBRUD, level=Level.AREA, year=y, count=y - 1000
        )
        for y in years
    )
    Population.objects.bulk_create(
        Population(partnership=partnership, level=Level.AREA, year=y, population=5000 + y) for y in years[:3]
    )
    client.force_login(coordinator)
    first = client.get(url("overview", partnership)).content.decode()
    assert "1.000</td>" in first and "1.024</td>" in first and "1.025</td>" not in first
    assert "7.002" in first  # populations on their own table's first page
    second = client.get(url("overview", partnership) + "?anmeldelser-page=2").content.decode()
    assert "1.025</td>" in second and "1.029</td>" in second and "1.024</td>" not in second
    assert "7.002" in second  # the population table stays on its page 1
    assert 'aria-current="page"><span class="page-link">2</span>' in second
    assert "?anmeldelser-page=1" in second and "Forrige" in second and "Næste" not in second
    beyond = client.get(url("overview", partnership) + "?anmeldelser-page=99")
    assert beyond.status_code == 200 and "1.029</td>" in beyond.content.decode()


@pytest.mark.parametrize("years", [range(2020, 2022), range(2005, 2023)])
def test_page_query_count_does_not_grow_with_the_data(
    client, partnership, coordinator, django_assert_max_num_queries, years
):
    goals_create_standard(partnership=partnership)
    _add_years(partnership, years)
    client.force_login(coordinator)
    client.get(url("overview", partnership))  # warms the chart cache and the session
    with django_assert_max_num_queries(22):
        assert client.get(url("overview", partnership)).status_code == 200


# --- Permissions -------------------------------------------------------------------------------


def _users(partnership):
    unit = factories.UnitFactory()
    factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    return {
        "unit member": factories.member_of(unit),
        "outsider": factories.member_of(factories.UnitFactory()),
        "other coordinator": factories.coordinator_of(factories.PartnershipFactory()),
        "reader": factories.reader_of(partnership),
        "coordinator": factories.coordinator_of(partnership),
        "administrator": factories.administrator(),
    }


# user → (page, import, correction)
EXPECTED = {
    "outsider": (404, 404, 404),
    "other coordinator": (404, 404, 404),
    "unit member": (200, 403, 403),
    "reader": (200, 403, 403),
    "coordinator": (200, 200, 200),
    "administrator": (200, 200, 200),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_only_coordinators_and_administrators_import_or_correct(client, partnership, police_value, who):
    user = _users(partnership)[who]
    client.force_login(user)
    page, import_page, correction = EXPECTED[who]
    assert client.get(url("overview", partnership)).status_code == page
    assert client.get(url("export", partnership, "csv")).status_code == page
    assert client.get(url("import", partnership)).status_code == import_page
    response = client.post(
        url("import", partnership),
        {"file": upload(partnership.slug, "{slug};indbyggere;by;;2021;5000;;\r\n")},
    )
    assert response.status_code == import_page
    edit = url("value_edit", partnership, "anmeldelser", police_value.pk)
    assert client.get(edit).status_code == correction
    response = client.post(edit, {"count": 99, "reason": "test"})
    assert response.status_code == (302 if correction == 200 else correction)
    assert client.get(url("source_edit", partnership, "anmeldelser")).status_code == correction
    police_value.refresh_from_db()
    assert police_value.count == (99 if correction == 200 else 9)
    assert Population.objects.exists() is False


def test_coordinator_sees_import_and_correction_links_reader_does_not(client, partnership, police_value):
    client.force_login(factories.reader_of(partnership))
    page = client.get(url("overview", partnership)).content.decode()
    assert url("import", partnership) not in page
    assert url("value_edit", partnership, "anmeldelser", police_value.pk) not in page
    client.force_login(factories.coordinator_of(partnership))
    page = client.get(url("overview", partnership)).content.decode()
    assert url("import", partnership) in page
    assert url("value_edit", partnership, "anmeldelser", police_value.pk) in page


def test_value_of_another_partnership_is_not_found(client, partnership, coordinator):
    other = PoliceCount.objects.create(
        partnership=factories.PartnershipFactory(),
        category=Category.INDBRUD,
        level=Level.AREA,
        year=2021,
        count=1,
    )
    client.force_login(coordinator)
    assert client.get(url("value_edit", partnership, "anmeldelser", other.pk)).status_code == 404
    assert client.get(url("value_edit", partnership, "andet", other.pk)).status_code == 404


# --- Upload with preview ---------------------------------------------------------------------


def test_upload_previews_then_saves_on_confirm(client, partnership, coordinator, police_value):
    client.force_login(coordinator)
    text = "{slug};anmeldelser;omraade;Indbrud;2021;11;;\r\n{slug};indbyggere;omraade;;2021;8.346;;\r\n"
    response = client.post(url("import", partnership), {"file": upload(partnership.slug, text)})
    page = response.content.decode()
    assert "1 tilføjes, 1 ændres, 0 er uændrede." in page
    assert "Anmeldelser af indbrud, område 2021" in page and "→ 11" in page
    assert "Indbyggere, område 2021" in page and "8.346" in page
    police_value.refresh_from_db()
    assert police_value.count == 9 and not Population.objects.exists()

    token = client.session["indicator_import"][partnership.slug]["token"]
    response = client.post(url("import", partnership), {"action": "confirm", "token": token})
    assert response.status_code == 302
    police_value.refresh_from_db()
    assert police_value.count == 11
    assert Population.objects.get().population == 8346
    latest = police_value.history.first()
    assert latest.history_user == coordinator
    assert latest.history_change_reason == "Indlæst fra indikatorer.csv"
    assert partnership.slug not in client.session["indicator_import"]


def test_bad_upload_names_every_bad_row_and_saves_nothing(client, partnership, coordinator, police_value):
    client.force_login(coordinator)
    text = (
        "{slug};anmeldelser;omraade;indbrud;2021;11;;\r\n"
        "{slug};anmeldelser;omraade;tyveri;2021;35;;\r\n"
        "andet;indbyggere;omraade;;2021;8346;;\r\n"
        "{slug};utrygge_nabolag;omraade;;2022;17;;måske\r\n"
    )
    response = client.post(
        url("import", partnership), {"file": upload(partnership.slug, text, encoding="cp1252")}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "række 3: ukendt kategori &#x27;tyveri&#x27;" in page
    assert "række 4: ukendt partnerskab &#x27;andet&#x27;" in page
    assert "række 5: signifikant skal være &#x27;ja&#x27; eller &#x27;nej&#x27;" in page
    assert "række 2" not in page
    assert "Traceback" not in page
    police_value.refresh_from_db()
    assert police_value.count == 9
    assert "indicator_import" not in client.session or not client.session["indicator_import"]


def test_rows_of_another_partnership_are_refused_on_its_page(client, partnership, coordinator):
    other = factories.PartnershipFactory()
    client.force_login(coordinator)
    response = client.post(
        url("import", partnership), {"file": upload(other.slug, "{slug};indbyggere;by;;2021;5000;;\r\n")}
    )
    assert (
        f"række 2: partnerskab &#x27;{other.slug}&#x27; er ikke {partnership.name}"
        in response.content.decode()
    )
    assert not Population.objects.exists()


def test_unreadable_upload_is_refused_without_traceback(client, partnership, coordinator):
    client.force_login(coordinator)
    broken = SimpleUploadedFile("tal.xlsx", b"PK\x03\x04broken", "application/octet-stream")
    response = client.post(url("import", partnership), {"file": broken})
    assert response.status_code == 200
    assert "kan ikke læses" in response.content.decode()


def test_confirm_checks_again_and_shows_a_new_preview_when_data_changed(
    client, partnership, coordinator, police_value
):
    client.force_login(coordinator)
    client.post(
        url("import", partnership),
        {"file": upload(partnership.slug, "{slug};anmeldelser;omraade;indbrud;2021;11;;\r\n")},
    )
    token = client.session["indicator_import"][partnership.slug]["token"]
    PoliceCount.objects.filter(pk=police_value.pk).update(count=11)  # someone else saved the same number
    response = client.post(url("import", partnership), {"action": "confirm", "token": token})
    assert response.status_code == 200
    assert "0 tilføjes, 0 ændres, 1 er uændrede." in response.content.decode()
    assert police_value.history.count() == 1


def test_stale_token_and_cancel_save_nothing(client, partnership, coordinator, police_value):
    client.force_login(coordinator)
    client.post(
        url("import", partnership),
        {"file": upload(partnership.slug, "{slug};anmeldelser;omraade;indbrud;2021;11;;\r\n")},
    )
    response = client.post(url("import", partnership), {"action": "confirm", "token": "forkert"})
    assert response.status_code == 302
    token = client.session["indicator_import"][partnership.slug]["token"]
    client.post(url("import", partnership), {"action": "cancel", "token": token})
    police_value.refresh_from_db()
    assert police_value.count == 9


# --- Exports ----------------------------------------------------------------------------------


def test_csv_export_can_be_imported_again_without_changes(client, demo, tmp_path):
    client.force_login(get_user_model().objects.get(username="koordinator"))
    response = client.get(url("export", demo, "csv"))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert content.startswith("partnerskab;indikator;niveau;kategori;aar;vaerdi;respondenter;signifikant")
    assert "amager;anmeldelser;omraade;borgervendt;2021;217;;" in content
    response = client.post(
        url("import", demo), {"file": SimpleUploadedFile("eksport.csv", response.content, "text/csv")}
    )
    assert "0 tilføjes, 0 ændres, 30 er uændrede." in response.content.decode()


def test_xlsx_export_has_numbers_as_numbers(client, partnership, coordinator, police_value):
    client.force_login(coordinator)
    response = client.get(url("export", partnership, "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("partnerskab", "indikator", "niveau", "kategori", "aar", "vaerdi")
    assert rows[1][:6] == (partnership.slug, "anmeldelser", "omraade", "indbrud", 2021, 9)


def test_unknown_export_format_is_not_found(client, partnership, coordinator):
    client.force_login(coordinator)
    assert client.get(url("export", partnership, "pdf")).status_code == 404


# --- Hand corrections and sources ------------------------------------------------------------


def test_correction_keeps_history_with_user_and_reason(client, partnership, coordinator, police_value):
    client.force_login(coordinator)
    edit = url("value_edit", partnership, "anmeldelser", police_value.pk)
    response = client.post(edit, {"count": 10, "reason": "Politiets opdaterede tal"})
    assert response.status_code == 302
    police_value.refresh_from_db()
    assert police_value.count == 10
    latest = police_value.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.count) == (
        coordinator,
        "Politiets opdaterede tal",
        10,
    )
    page = client.get(edit).content.decode()
    assert "Politiets opdaterede tal" in page


def test_correction_refuses_bad_values_with_a_message(client, partnership, coordinator):
    survey = SurveyResult.objects.create(
        partnership=partnership, measure=Measure.NEIGHBOURHOOD, level=Level.AREA, year=2022, percent=17
    )
    client.force_login(coordinator)
    response = client.post(
        url("value_edit", partnership, "tryghed", survey.pk),
        {"percent": "117", "respondents": "", "significant": "unknown", "reason": "x"},
    )
    assert response.status_code == 200
    assert "Denne værdi skal være mindre end eller lig 100." in response.content.decode()
    survey.refresh_from_db()
    assert survey.percent == 17


def test_source_can_be_set(client, partnership, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("source_edit", partnership, "anmeldelser"),
        {"source": "Københavns Politi", "as_of": "2022-01-31", "note": "Dynamiske tal."},
    )
    assert response.status_code == 302
    source = DataSource.objects.get(partnership=partnership)
    assert (source.dataset, source.source, str(source.as_of)) == (
        "anmeldelser",
        "Københavns Politi",
        "2022-01-31",
    )
    page = client.get(url("overview", partnership)).content.decode()
    assert "Kilde: Københavns Politi. Dynamiske tal." in page


def test_values_before_the_series_break_are_marked_in_the_value_table(client, partnership, coordinator):
    partnership.comparable_from_year = 2021
    partnership.save()
    for year in (2014, 2021):
        SurveyResult.objects.create(
            partnership=partnership, measure=Measure.NEIGHBOURHOOD, level=Level.AREA, year=year, percent=16
        )
    client.force_login(coordinator)
    page = client.get(url("overview", partnership)).content.decode()
    values = page[page.index('id="values-heading"') :]
    assert values.count("(ikke direkte sammenlignelig)") == 1
    assert "* Området før 2021: ikke direkte sammenligneligt." in values
