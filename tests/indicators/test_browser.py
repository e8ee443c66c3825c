"""The coordinator's journey: from the partnership to the indicators, an Excel upload with
preview, a refused file with row numbers, and a hand correction."""

import io

import pytest
from openpyxl import Workbook

from indicators.models import Category, Level, PoliceCount
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

HEADER = ["partnerskab", "indikator", "niveau", "kategori", "aar", "vaerdi", "respondenter", "signifikant"]


def xlsx(path, rows):
    workbook = Workbook()
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_coordinator_uploads_excel_sees_preview_and_saves(page, demo, tmp_path):
    browser_login(page, "koordinator", "demo")
    page.goto("/partnerskaber/amager/")
    page.get_by_role("link", name="Indikatorer").click()
    assert "Indikatorer for Amager Partnerskab" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("#tabel-1").get_by_text("26,0").count() == 1
    assert page.locator("svg.indicator-chart").count() == 3

    page.get_by_role("link", name="Indlæs fra fil").click()
    good = xlsx(
        tmp_path / "politi-2022.xlsx",
        [
            ["amager", "anmeldelser", "omraade", "Tyveri/Røveri", 2021, 36, None, None],
            ["amager", "anmeldelser", "omraade", "indbrud", 2022, 8, None, None],
            ["amager", "anmeldelser", "omraade", "vold_vaaben", 2021, 67, None, None],
        ],
    )
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Vis ændringer").click()
    assert page.locator("#import-summary").inner_text() == "1 tilføjes, 1 ændres, 1 er uændrede."
    assert "35" in page.locator("#import-changes").inner_text()
    assert "→ 36" in page.locator("#import-changes").inner_text()
    assert PoliceCount.objects.get(category=Category.TYVERI_ROEVERI, level=Level.AREA, year=2021).count == 35

    page.get_by_role("button", name="Gem ændringerne").click()
    assert "politi-2022.xlsx er indlæst: 1 tilføjet, 1 ændret." in page.locator(".messages").inner_text()
    assert PoliceCount.objects.get(category=Category.TYVERI_ROEVERI, level=Level.AREA, year=2021).count == 36


def test_a_bad_file_is_refused_whole_with_row_numbers(page, demo, tmp_path):
    browser_login(page, "koordinator", "demo")
    page.goto("/partnerskaber/amager/indikatorer/import/")
    bad = xlsx(
        tmp_path / "forkert.xlsx",
        [
            ["amager", "anmeldelser", "omraade", "indbrud", 2021, 10, None, None],
            ["amager", "anmeldelser", "omraade", "tyveri", 2021, 35, None, None],
            ["amager", "indbyggere", "omraade", None, 2021, "mange", None, None],
        ],
    )
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Vis ændringer").click()
    errors = page.locator("#import-errors").inner_text()
    assert "række 3: ukendt kategori 'tyveri'" in errors
    assert "række 4: vaerdi 'mange'" in errors
    assert PoliceCount.objects.get(category=Category.INDBRUD, level=Level.AREA, year=2021).count == 9


def test_coordinator_corrects_one_value_by_hand(page, demo):
    browser_login(page, "koordinator", "demo")
    page.goto("/partnerskaber/amager/indikatorer/?anmeldelser-sort=count")
    value = PoliceCount.objects.get(category=Category.TRUSLER, level=Level.AREA, year=2021)
    page.locator(f"a[href$='/anmeldelser/{value.pk}/ret/']").click()
    page.get_by_label("Antal anmeldelser").fill("23")
    page.get_by_label("Begrundelse").fill("Politiets opdaterede tal")
    page.get_by_role("button", name="Gem rettelsen").click()
    value.refresh_from_db()
    assert value.count == 23
    page.goto(f"/partnerskaber/amager/indikatorer/anmeldelser/{value.pk}/ret/")
    assert "Politiets opdaterede tal" in page.locator("#value-history").inner_text()
