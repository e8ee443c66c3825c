"""Files as coordinators really have them, through the commands and the upload pages:
percent-formatted cells, the lead unit listed among the partners too, and files refused
whole where they are ambiguous."""

import html
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from activities.models import Activity, Budget, Unit
from activities.plan import collaboration
from indicators.models import PoliceCount, SurveyResult
from indicators.services import goals_create_standard
from indicators.summary import indicator_summary
from tests import factories

pytestmark = pytest.mark.django_db

INDICATOR_HEADER = ["partnerskab", "indikator", "niveau", "kategori", "aar", "vaerdi"]
PLAN_HEADER = ["nr", "aktivitet", "ansvarlige", "samarbejdspartnere", "2021", "2022"]


@pytest.fixture
def amager(db):
    partnership = factories.PartnershipFactory(
        slug="amager", name="Amager Partnerskab", first_year=2021, last_year=2022
    )
    for short_name, name in [
        ("BUF", "Børne- og Ungdomsforvaltningen"),
        ("Politi", "Københavns Politi"),
        ("fsb", "fsb"),
        ("ØKF", "Økonomiforvaltningen"),
    ]:
        factories.UnitFactory(short_name=short_name, name=name)
    return partnership


def csv_bytes(rows, *, encoding="utf-8"):
    return ("\r\n".join(";".join(row) for row in rows) + "\r\n").encode(encoding)


def xlsx_bytes(rows, *, formats=None):
    """A workbook; `formats` maps (row index, column index) to a number format."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row + 1, column=column + 1).number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_command(command, tmp_path, data, suffix, *args, **options):
    path = tmp_path / f"fil{suffix}"
    path.write_bytes(data)
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out, **options)
    return out.getvalue()


def upload(client, partnership, page, name, data):
    client.force_login(factories.coordinator_of(partnership))
    return client.post(reverse(page, args=[partnership.slug]), {"file": SimpleUploadedFile(name, data)})


def confirm(client, partnership, page, response):
    token = response.context["token"]
    return client.post(reverse(page, args=[partnership.slug]), {"action": "confirm", "token": token})


def page_text(response):
    return html.unescape(response.content.decode())


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def survey_percents():
    return sorted(SurveyResult.objects.values_list("measure", "level", "percent"))


# --- Cells read as they are shown ----------------------------------------------------------

PERCENT_ROWS = [
    INDICATOR_HEADER,
    ["amager", "utrygge_nabolag", "omraade", None, 2022, 0.18],
    ["amager", "utrygge_nabolag", "bydel", None, 2022, 0.1],
    ["amager", "utrygge_aften_nat", "by", None, 2022, 0.285],
]
PERCENT_FORMATS = {(1, 5): "0%", (2, 5): "0 %", (3, 5): "0.0%"}
EXPECTED_PERCENTS = [
    ("utrygge_aften_nat", "by", Decimal("28.5")),
    ("utrygge_nabolag", "bydel", Decimal("10.0")),
    ("utrygge_nabolag", "omraade", Decimal("18.0")),
]


def test_percent_formatted_cells_are_read_as_the_percent_they_show_by_the_command(amager, tmp_path):
    output = run_command(
        "import_indicators", tmp_path, xlsx_bytes(PERCENT_ROWS, formats=PERCENT_FORMATS), ".xlsx"
    )
    assert "3 tilføjes" in output and "Advarsel" not in output
    assert survey_percents() == EXPECTED_PERCENTS


def test_percent_formatted_cells_are_read_as_the_percent_they_show_by_the_upload_page(client, amager):
    page = "indicators:import"
    response = upload(client, amager, page, "tryghed.xlsx", xlsx_bytes(PERCENT_ROWS, formats=PERCENT_FORMATS))
    text = page_text(response)
    assert "18 %" in text and "28,5 %" in text and "10 %" in text and "import-warnings" not in text
    confirm(client, amager, page, response)
    assert survey_percents() == EXPECTED_PERCENTS


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_share_below_one_in_a_plain_cell_is_stored_with_a_warning(client, amager, tmp_path, kind):
    rows = [INDICATOR_HEADER, ["amager", "utrygge_nabolag", "omraade", "", "2022", "0,1"]]
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes([rows[0], [*rows[1][:4], 2022, 0.1]])
    warning = "række 2: vaerdi '0{}1' læses som 0,1 %. Mente du 10 %? Så skriv 10,".format(
        "," if kind == "csv" else "."
    )

    output = run_command("import_indicators", tmp_path, data, f".{kind}", "--dry-run")
    assert warning in output

    response = upload(client, amager, "indicators:import", f"tryghed.{kind}", data)
    assert warning in page_text(response)
    confirm(client, amager, "indicators:import", response)
    assert survey_percents() == [("utrygge_nabolag", "omraade", Decimal("0.1"))]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_share_with_two_decimals_in_a_plain_cell_is_refused_with_a_hint(amager, tmp_path, kind):
    rows = [INDICATOR_HEADER, ["amager", "utrygge_nabolag", "omraade", "", "2022", "0.18"]]
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes([rows[0], [*rows[1][:4], 2022, 0.18]])
    with pytest.raises(CommandError) as refused:
        run_command("import_indicators", tmp_path, data, f".{kind}")
    assert (
        "række 2: vaerdi '0.18' har mere end én decimal. Er det en andel, så skriv den i procent (18 %)"
        in str(refused.value)
    )
    assert not SurveyResult.objects.exists()


# --- Collaboration as the agreement means it -----------------------------------------------

LEAD_ALSO_PARTNER = [
    PLAN_HEADER,
    ["1", "Lektiecafé", "BUF", "BUF|Københavns Politi|fsb", "100.000", "100.000"],
    ["2", "Natteravne", "BUF", "Børne- og Ungdomsforvaltningen", "50.000", "-"],
    ["3", "Tryghedsvandring", "ØKF", "Politi", "0", "0"],
]


def plan_units(partnership):
    return {
        activity.number: (
            sorted(unit.short_name for unit in activity.responsible_units.all()),
            sorted(unit.short_name for unit in activity.partner_units.all()),
        )
        for activity in Activity.objects.filter(partnership=partnership)
    }


EXPECTED_UNITS = {1: (["BUF"], ["Politi", "fsb"]), 2: (["BUF"], []), 3: (["ØKF"], ["Politi"])}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_lead_unit_listed_as_partner_too_imports_once_by_the_command(amager, tmp_path, kind):
    data = csv_bytes(LEAD_ALSO_PARTNER) if kind == "csv" else xlsx_bytes(LEAD_ALSO_PARTNER)
    run_command("import_plan", tmp_path, data, f".{kind}", partnership="amager")

    assert plan_units(amager) == EXPECTED_UNITS
    assert Unit.objects.count() == 4
    # 1 has BUF, Politi and fsb; 2 has BUF alone (named twice); 3 has ØKF and Politi.
    share = collaboration(amager)
    assert (share.with_partners, share.numbered, share.percent) == (2, 3, 67)


def test_a_lead_unit_listed_as_partner_too_imports_once_by_the_upload_page(client, amager):
    page = "activities:plan_import"
    response = upload(client, amager, page, "plan.xlsx", xlsx_bytes(LEAD_ALSO_PARTNER))
    assert "står både som ansvarlig" not in page_text(response)
    confirm(client, amager, page, response)
    assert plan_units(amager) == EXPECTED_UNITS

    html = page_text(client.get(reverse("activities:plan", args=[amager.slug])))
    assert "2 af 3 aktiviteter har to eller flere samarbejdspartnere (67 %)" in html
    assert "de ansvarlige enheder og samarbejdspartnerne tilsammen, hver organisation én gang" in html


def test_plan_page_and_report_count_collaboration_the_same_way(amager):
    goals_create_standard(partnership=amager)
    buf, police, fsb = (Unit.objects.get(short_name=name) for name in ("BUF", "Politi", "fsb"))
    # two organisations: one responsible and one partner
    factories.ActivityFactory(partnership=amager, responsible_units=[buf], partner_units=[police])
    # two organisations, both responsible, no partners
    factories.ActivityFactory(partnership=amager, responsible_units=[buf, fsb])
    # one organisation, listed as responsible and partner
    factories.ActivityFactory(partnership=amager, responsible_units=[buf], partner_units=[buf])
    # one partner alone
    factories.ActivityFactory(partnership=amager, partner_units=[police])
    # budget lines do not count
    factories.ActivityFactory(partnership=amager, number=None, partner_units=[buf, police, fsb])

    plan = collaboration(amager)
    report = indicator_summary(amager, 2022).collaboration
    assert (plan.with_partners, plan.numbered, plan.percent) == (2, 4, 50)
    assert (report.part, report.whole, report.share_display) == (2, 4, "50 %")


def test_the_demo_still_counts_11_of_12(demo):
    assert collaboration(demo).sentence.startswith("11 af 12 aktiviteter har to eller flere")
    assert indicator_summary(demo, 2022).collaboration.share_display == "92 %"


# --- Files refused whole, with a reason ----------------------------------------------------

GOOD_PLAN = [PLAN_HEADER, ["1", "Lektiecafé", "BUF", "Politi", "100.000", "100.000"]]
GOOD_INDICATORS = [INDICATOR_HEADER, ["amager", "utrygge_nabolag", "omraade", "", "2022", "16,5"]]


def mixed_encoding(rows):
    """Rows 1–3 in UTF-8 and row 4 pasted in from a Windows-1252 file."""
    lines = [";".join(row) for row in rows]
    return ("\r\n".join(lines[:3]) + "\r\n").encode("utf-8") + (lines[3] + "\r\n").encode("cp1252")


MIXED_PLAN = [
    *GOOD_PLAN,
    ["2", "Trygge gårde", "ØKF", "", "0", "0"],
    ["3", "Natteravne på Amager", "ØKF", "", "0", "0"],
]
MIXED_INDICATORS = [
    *GOOD_INDICATORS,
    ["amager", "utrygge_aften_nat", "område", "", "2022", "20"],
    ["amager", "utrygge_nabolag", "område", "", "2021", "18"],
]


def formula_workbook(rows, cell):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.active[cell] = "=1+1"  # written by a program: no saved result
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def many_rows(rows, make_row, count):
    return [rows[0], *(make_row(index) for index in range(count))]


def plan_row(index):
    return [str(index + 1), f"Aktivitet {index + 1}", "BUF", "", "0", "0"]


def indicator_row(index):
    return ["amager", "anmeldelser", "omraade", "borgervendt", str(2000 + index % 100), str(index)]


def as_file(rows, kind):
    return csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)


REFUSALS = {
    "plan-mixed-encoding": (
        "plan",
        "csv",
        lambda: mixed_encoding(MIXED_PLAN),
        "Filen blander to tegnsæt: den er gemt som UTF-8, men linje 4 er ikke.",
    ),
    "indicators-mixed-encoding": (
        "indicators",
        "csv",
        lambda: mixed_encoding(MIXED_INDICATORS),
        "Filen blander to tegnsæt: den er gemt som UTF-8, men linje 4 er ikke.",
    ),
    **{
        f"plan-same-meaning-{kind}": (
            "plan",
            kind,
            lambda kind=kind: as_file([[*PLAN_HEADER, "ansvarlig"], [*GOOD_PLAN[1], "ØKF"]], kind),
            "Kolonnerne ansvarlige og ansvarlig betyder det samme",
        )
        for kind in ("csv", "xlsx")
    },
    **{
        f"indicators-same-meaning-{kind}": (
            "indicators",
            kind,
            lambda kind=kind: as_file([[*INDICATOR_HEADER, "år"], [*GOOD_INDICATORS[1], "2021"]], kind),
            "Kolonnerne aar og år betyder det samme",
        )
        for kind in ("csv", "xlsx")
    },
    "plan-formula-without-value": (
        "plan",
        "xlsx",
        lambda: formula_workbook(GOOD_PLAN, "E2"),
        "Cellen E2 (række 2, kolonne E) indeholder en formel uden gemt resultat.",
    ),
    "indicators-formula-without-value": (
        "indicators",
        "xlsx",
        lambda: formula_workbook(GOOD_INDICATORS, "F2"),
        "Cellen F2 (række 2, kolonne F) indeholder en formel uden gemt resultat.",
    ),
    **{
        f"{importer}-too-many-rows-{kind}": (
            importer,
            kind,
            lambda importer=importer, kind=kind: as_file(
                many_rows(
                    GOOD_PLAN if importer == "plan" else GOOD_INDICATORS,
                    plan_row if importer == "plan" else indicator_row,
                    5001,
                ),
                kind,
            ),
            "Filen har mere end 5.000 rækker med data; række 5002 er én for meget.",
        )
        for importer in ("plan", "indicators")
        for kind in ("csv", "xlsx")
    },
    **{
        f"plan-empty-header-{kind}": (
            "plan",
            kind,
            lambda kind=kind: as_file(
                [["nr", "aktivitet", "", "2021"], ["1", "Lektiecafé", "BUF", "0"]], kind
            ),
            "Kolonne C i overskriftsrækken (række 1) har intet navn.",
        )
        for kind in ("csv", "xlsx")
    },
    "indicators-value-under-no-header": (
        "indicators",
        "csv",
        lambda: csv_bytes([INDICATOR_HEADER, [*GOOD_INDICATORS[1], "ja"]]),
        "Række 2 har en værdi i kolonne G, som intet navn har i overskriftsrækken.",
    ),
    **{
        f"indicators-missing-columns-{kind}": (
            "indicators",
            kind,
            lambda kind=kind: as_file([["niveau", "vaerdi"], ["omraade", "16"]], kind),
            "Kolonnerne partnerskab, indikator og aar mangler.",
        )
        for kind in ("csv", "xlsx")
    },
}


def data_counts():
    return (
        Activity.objects.count(),
        Activity.history.count(),
        Budget.objects.count(),
        Unit.objects.count(),
        SurveyResult.objects.count(),
        PoliceCount.objects.count(),
        SurveyResult.history.count(),
        PoliceCount.history.count(),
    )


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_an_ambiguous_file_is_refused_whole_by_the_command(amager, tmp_path, case):
    importer, kind, make, message = REFUSALS[case]
    before = data_counts()
    command, options = (
        ("import_plan", {"partnership": "amager"}) if importer == "plan" else ("import_indicators", {})
    )
    with pytest.raises(CommandError) as refused:
        run_command(command, tmp_path, make(), f".{kind}", **options)
    assert message in str(refused.value)
    assert data_counts() == before


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_an_ambiguous_file_is_refused_whole_by_the_upload_page(client, amager, case):
    importer, kind, make, message = REFUSALS[case]
    page = "activities:plan_import" if importer == "plan" else "indicators:import"
    before = data_counts()

    response = upload(client, amager, page, f"fil.{kind}", make())

    assert response.status_code == 200
    assert message in page_text(response)
    assert "token" not in response.context
    assert data_counts() == before
    assert stored_files() == []
    assert not any(key for key in client.session.keys() if "import" in key)


def test_the_good_files_behind_the_refusals_import(amager, tmp_path):
    """The refusals above are about the ambiguity, not about the rows."""
    run_command("import_plan", tmp_path, csv_bytes(GOOD_PLAN), ".csv", partnership="amager")
    run_command("import_indicators", tmp_path, xlsx_bytes(GOOD_INDICATORS), ".xlsx")
    run_command(
        "import_indicators", tmp_path, csv_bytes(many_rows(GOOD_INDICATORS, indicator_row, 100)), ".csv"
    )
    assert Activity.objects.count() == 1
    assert SurveyResult.objects.count() == 1
    assert PoliceCount.objects.count() == 100


def test_a_windows_1252_file_is_still_read_as_windows_1252(amager, tmp_path):
    data = "\r\n".join(";".join(row) for row in MIXED_PLAN).encode("cp1252")
    run_command("import_plan", tmp_path, data, ".csv", partnership="amager")
    assert Activity.objects.get(number=2).title == "Trygge gårde"


# --- Help where the file is chosen ---------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_plan_template_downloads_with_two_example_rows_that_import(client, amager, tmp_path, fmt):
    client.force_login(factories.coordinator_of(amager))
    page = client.get(reverse("activities:plan_import", args=[amager.slug]))
    assert reverse("activities:plan_import_template", args=[amager.slug, fmt]) in page_text(page)
    assert "Børne- og Ungdomsforvaltningen" in page_text(page)  # the units a file may name
    assert "fra 2021 til 2022" in page_text(page)

    template = client.get(reverse("activities:plan_import_template", args=[amager.slug, fmt]))
    assert template["Content-Disposition"].endswith(f'tryghedsplan-skabelon-amager.{fmt}"')

    output = run_command(
        "import_plan", tmp_path, template.content, f".{fmt}", partnership="amager", dry_run=True
    )
    assert "2 nye, 0 ændrede og 0 uændrede rækker; 0 nye enheder." in output
    response = upload(client, amager, "activities:plan_import", f"skabelon.{fmt}", template.content)
    confirm(client, amager, "activities:plan_import", response)
    assert plan_units(amager) == {1: (["BUF"], ["Politi", "fsb"]), None: ([], [])}
    assert list(Activity.objects.order_by("order").values_list("number", "title")) == [
        (1, "Nattevandring i området"),
        (None, "Mødefacilitering"),
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_indicator_template_downloads_with_two_example_rows_that_import(client, amager, tmp_path, fmt):
    client.force_login(factories.coordinator_of(amager))
    text = page_text(client.get(reverse("indicators:import", args=[amager.slug])))
    assert reverse("indicators:import_template", args=[amager.slug, fmt]) in text
    for accepted in ["utrygge_nabolag", "utrygge_aften_nat", "anmeldelser", "indbyggere", "omraade", "bydel"]:
        assert f"<code>{accepted}</code>" in text
    assert "<code>vold_vaaben</code>" in text and "Vold/Våben" in text and "procent, 0–100" in text

    template = client.get(reverse("indicators:import_template", args=[amager.slug, fmt]))
    output = run_command("import_indicators", tmp_path, template.content, f".{fmt}", "--dry-run")
    assert "2 tilføjes, 0 ændres, 0 er uændrede." in output
    response = upload(client, amager, "indicators:import", f"skabelon.{fmt}", template.content)
    confirm(client, amager, "indicators:import", response)
    assert survey_percents() == [("utrygge_nabolag", "omraade", Decimal("16.5"))]
    assert list(PoliceCount.objects.values_list("category", "year", "count")) == [("borgervendt", 2021, 217)]
