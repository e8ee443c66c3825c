"""Importing indicator files: every accepted format, every bad row refused whole, re-import and dry run."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from indicators.models import Category, Goal, Level, Measure, PoliceCount, Population, SurveyResult
from indicators.services import goals_create_standard
from tests import factories

HEADER = ["partnerskab", "indikator", "niveau", "kategori", "aar", "vaerdi", "respondenter", "signifikant"]
GOOD_ROWS = [
    ["amager", "utrygge_nabolag", "omraade", "", "2022", "16,5", "1.234", "nej"],
    ["amager", "utrygge_aften_nat", "by", "", "2022", "17", "", "ja"],
    ["amager", "anmeldelser", "omraade", "Tyveri/Røveri", "2021", "35", "", ""],
    ["amager", "anmeldelser", "omraade", "borgervendt", "2021", "217", "", ""],
    ["amager", "indbyggere", "omraade", "", "2021", "8.346", "", ""],
]


@pytest.fixture
def amager(db):
    return factories.PartnershipFactory(slug="amager", name="Amager Partnerskab")


def csv_bytes(rows, *, delimiter=";", encoding="utf-8", bom=False):
    lines = [delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in row) for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(tmp_path, data, suffix=".csv", *args):
    path = tmp_path / f"indikatorer{suffix}"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_indicators", str(path), *args, stdout=out)
    return out.getvalue()


def stored():
    """Everything an import can change, in a comparable form."""
    return (
        sorted(
            SurveyResult.objects.values_list(
                "measure", "level", "year", "percent", "respondents", "significant"
            )
        ),
        sorted(PoliceCount.objects.values_list("category", "level", "year", "count")),
        sorted(Population.objects.values_list("level", "year", "population")),
    )


def assert_good_rows_stored():
    survey = SurveyResult.objects.get(measure=Measure.NEIGHBOURHOOD, level=Level.AREA, year=2022)
    assert (survey.percent, survey.respondents, survey.significant) == (Decimal("16.5"), 1234, False)
    city = SurveyResult.objects.get(measure=Measure.EVENING_NIGHT, level=Level.CITY, year=2022)
    assert (city.percent, city.respondents, city.significant) == (Decimal("17"), None, True)
    assert PoliceCount.objects.get(category=Category.TYVERI_ROEVERI, year=2021).count == 35
    assert PoliceCount.objects.get(category=Category.BORGERVENDT, year=2021).count == 217
    assert Population.objects.get(level=Level.AREA, year=2021).population == 8346


@pytest.mark.parametrize(
    "options",
    [
        {"delimiter": ";"},
        {"delimiter": ","},
        {"delimiter": ";", "bom": True},
        {"delimiter": ";", "encoding": "cp1252"},
        {"delimiter": ",", "encoding": "cp1252", "bom": False},
    ],
    ids=["semicolon-utf8", "comma-utf8", "utf8-bom", "windows-1252", "comma-windows-1252"],
)
def test_csv_formats_are_accepted(amager, tmp_path, options):
    output = run_import(tmp_path, csv_bytes([HEADER, *GOOD_ROWS], **options))
    assert "5 tilføjes, 0 ændres, 0 er uændrede." in output
    assert_good_rows_stored()


def test_decimal_point_is_accepted(amager, tmp_path):
    rows = [HEADER, ["amager", "utrygge_nabolag", "omraade", "", "2022", "16.5", "1234", "nej"]]
    run_import(tmp_path, csv_bytes(rows, delimiter=","))
    assert SurveyResult.objects.get().percent == Decimal("16.5")


def test_xlsx_with_numbers_as_numbers(amager, tmp_path):
    rows = [
        ["Partnerskab", "Indikator", "Niveau", "Kategori", "Aar", "Vaerdi", "Respondenter", "Signifikant"],
        ["amager", "utrygge_nabolag", "omraade", None, 2022, 16.5, 1234, "nej"],
        ["amager", "utrygge_aften_nat", "by", None, 2022, 17, None, "ja"],
        ["amager", "anmeldelser", "omraade", "Tyveri/Røveri", 2021, 35, None, None],
        ["amager", "anmeldelser", "omraade", "borgervendt", 2021, 217.0, None, None],
        ["amager", "indbyggere", "omraade", None, 2021, 8346, None, None],
    ]
    run_import(tmp_path, xlsx_bytes(rows), ".xlsx")
    assert_good_rows_stored()


def test_reimporting_the_same_file_changes_nothing(amager, tmp_path):
    data = csv_bytes([HEADER, *GOOD_ROWS])
    run_import(tmp_path, data)
    before = stored()
    history_before = SurveyResult.history.count() + PoliceCount.history.count() + Population.history.count()
    output = run_import(tmp_path, data)
    assert "0 tilføjes, 0 ændres, 5 er uændrede." in output
    assert stored() == before
    assert (
        SurveyResult.history.count() + PoliceCount.history.count() + Population.history.count()
        == history_before
    )


def test_a_changed_value_is_shown_old_to_new_and_replaces_the_old(amager, tmp_path):
    run_import(tmp_path, csv_bytes([HEADER, *GOOD_ROWS]))
    changed = [row[:] for row in GOOD_ROWS]
    changed[2][5] = "36"
    output = run_import(tmp_path, csv_bytes([HEADER, *changed]))
    assert "række 4: amager: Anmeldelser af tyveri/røveri, område 2021: 35 → 36" in output
    assert PoliceCount.objects.get(category=Category.TYVERI_ROEVERI, year=2021).count == 36
    record = PoliceCount.objects.get(category=Category.TYVERI_ROEVERI, year=2021).history.first()
    assert record.history_change_reason.startswith("Indlæst fra")


def test_dry_run_saves_nothing(amager, tmp_path):
    output = run_import(tmp_path, csv_bytes([HEADER, *GOOD_ROWS]), ".csv", "--dry-run")
    assert "Tilføjes (5):" in output
    assert "intet er gemt" in output
    assert stored() == ([], [], [])


BAD_ROWS = [
    (["amager", "anmeldelser", "omraade", "tyveri", "2021", "35", "", ""], "ukendt kategori 'tyveri'"),
    (["amager", "anmeldelser", "omraade", "", "2021", "35", "", ""], "kategori mangler for anmeldelser"),
    (["nordvest", "indbyggere", "omraade", "", "2021", "8346", "", ""], "ukendt partnerskab 'nordvest'"),
    (["amager", "utryghed", "omraade", "", "2021", "17", "", ""], "ukendt indikator 'utryghed'"),
    (["amager", "utrygge_nabolag", "kvarter", "", "2021", "17", "", ""], "ukendt niveau 'kvarter'"),
    (["amager", "utrygge_nabolag", "omraade", "", "21/22", "17", "", ""], "aar '21/22' er ikke et årstal"),
    (["amager", "utrygge_nabolag", "omraade", "", "2021", "117", "", ""], "vaerdi '117' er ikke en andel"),
    (
        ["amager", "utrygge_nabolag", "omraade", "", "2021", "mange", "", ""],
        "vaerdi 'mange' er ikke en andel",
    ),
    (["amager", "utrygge_nabolag", "omraade", "", "2021", "", "", ""], "vaerdi mangler"),
    (["amager", "utrygge_nabolag", "omraade", "", "2021", "17", "-5", ""], "respondenter '-5'"),
    (
        ["amager", "utrygge_nabolag", "omraade", "", "2021", "17", "", "måske"],
        "signifikant skal være 'ja' eller 'nej'",
    ),
    (["amager", "anmeldelser", "omraade", "indbrud", "2021", "9,5", "", ""], "vaerdi '9,5' er ikke et antal"),
    (["amager", "indbyggere", "omraade", "", "2021", "0", "", ""], "vaerdi '0' er ikke et antal indbyggere"),
    (
        ["amager", "indbyggere", "omraade", "indbrud", "2021", "8346", "", ""],
        "kategori 'indbrud' hører kun til",
    ),
    (["amager", "indbyggere", "omraade", "", "2021", "8346", "500", ""], "respondenter hører kun til"),
    (["", "indbyggere", "omraade", "", "2021", "8346", "", ""], "partnerskab mangler"),
]


@pytest.mark.parametrize(("bad_row", "message"), BAD_ROWS, ids=[message for _row, message in BAD_ROWS])
def test_a_bad_row_is_named_and_the_whole_file_refused(amager, tmp_path, bad_row, message):
    rows = [HEADER, *GOOD_ROWS[:3], bad_row, *GOOD_ROWS[3:]]
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, csv_bytes(rows))
    assert f"række 5: {message}" in str(refused.value)
    assert stored() == ([], [], [])


def test_every_bad_row_is_named(amager, tmp_path):
    rows = [HEADER, GOOD_ROWS[0], BAD_ROWS[0][0], GOOD_ROWS[1], BAD_ROWS[4][0], BAD_ROWS[11][0]]
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, csv_bytes(rows))
    text = str(refused.value)
    assert "række 3: ukendt kategori 'tyveri'" in text
    assert "række 5: ukendt niveau 'kvarter'" in text
    assert "række 6: vaerdi '9,5'" in text
    assert "række 2" not in text


def test_the_same_value_twice_is_refused(amager, tmp_path):
    rows = [HEADER, GOOD_ROWS[2], GOOD_ROWS[0], GOOD_ROWS[2]]
    with pytest.raises(CommandError, match="række 4: samme tal som række 2"):
        run_import(tmp_path, csv_bytes(rows))


def test_a_missing_column_is_named(amager, tmp_path):
    rows = [
        [name for name in HEADER if name != "aar"],
        [cell for i, cell in enumerate(GOOD_ROWS[0]) if i != 4],
    ]
    with pytest.raises(CommandError, match="Kolonnen aar mangler."):
        run_import(tmp_path, csv_bytes(rows))


def test_an_unreadable_file_is_refused_without_traceback(amager, tmp_path):
    with pytest.raises(CommandError) as refused:
        run_import(tmp_path, b"PK\x03\x04 not really a workbook", ".xlsx")
    assert "Traceback" not in str(refused.value)
    assert "kan ikke læses" in str(refused.value)


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("import_indicators", str(tmp_path / "findes-ikke.csv"))


def test_create_partnership_sets_up_the_standard_goals(db):
    call_command(
        "create_partnership",
        "folehaven",
        "--name=Folehaven Partnerskab",
        "--district=Valby",
        "--first-year=2023",
        "--last-year=2026",
        "--baseline-year=2022",
        stdout=io.StringIO(),
    )
    goals = Goal.objects.filter(partnership__slug="folehaven")
    assert goals.count() == 11
    borgervendt = goals.get(indicator=Goal.Indicator.REPORTS_PER_1000)
    assert (borgervendt.rule, borgervendt.baseline_year) == (Goal.Rule.MAINTAIN, 2022)
    assert goals.get(indicator=Goal.Indicator.NEIGHBOURHOOD).target_year == 2026
    assert goals.get(indicator=Goal.Indicator.COLLABORATION).rule_text == "Mindst 75 %"
    assert goals.filter(rule=Goal.Rule.MONITOR).count() == 4


def test_standard_goals_twice_add_nothing(partnership):
    assert goals_create_standard(partnership=partnership) == 11
    assert goals_create_standard(partnership=partnership) == 0
