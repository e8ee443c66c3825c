"""The dossier of a final: the archived PDF and PDF/A copy byte for byte, the DOCX, the
indicator data and the round as XLSX, the history as CSV, and a manifest whose sums,
case numbers and names match."""

import csv
import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities import workflow
from activities.models import StatusResponse
from indicators import report as report_data
from indicators.models import PoliceCount, StatusReport, SurveyResult
from tests import factories


@pytest.fixture
def export(partnership, coordinator, member, unit):
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    response = factories.StatusResponseFactory(round=round_, activity=activity, complete=True)
    workflow.transition(response, workflow.Action.SUBMIT, acting_user=member)
    workflow.transition(
        StatusResponse.objects.get(pk=response.pk), workflow.Action.APPROVE, acting_user=coordinator
    )
    SurveyResult.objects.create(
        partnership=partnership, measure="utrygge_nabolag", level="omraade", year=2022, percent=17
    )
    SurveyResult.objects.create(
        partnership=partnership, measure="utrygge_nabolag", level="omraade", year=2023, percent=12
    )
    PoliceCount.objects.create(
        partnership=partnership, category="borgervendt", level="omraade", year=2022, count=300
    )
    report = StatusReport.objects.create(
        partnership=partnership,
        year=2022,
        report_date=datetime.date(2022, 5, 24),
        f2_case_number="2022 - 7384",
    )
    export, _created = report_data.status_report_export(report=report, acting_user=coordinator)
    return export


@pytest.fixture
def dossier(client, coordinator, export):
    client.force_login(coordinator)
    response = client.get(reverse("indicators:report_dossier", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"{export.filename.removesuffix('.pdf')}-sagsmappe.zip" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_manifest_sums_match_the_files(dossier, export, coordinator):
    manifest = json.loads(dossier.read("manifest.json"))
    names = sorted(dossier.namelist())
    assert names == sorted([entry["navn"] for entry in manifest["filer"]] + ["manifest.json"])
    for entry in manifest["filer"]:
        content = dossier.read(entry["navn"])
        assert (hashlib.sha256(content).hexdigest(), len(content)) == (entry["sha256"], entry["bytes"])
    slug = export.report.partnership.slug
    assert set(names) == {
        export.filename,
        export.pdfa_filename,
        f"statusrapport-{slug}-2022-v1.docx",
        f"indikatorer-{slug}-2022.xlsx",
        f"midtvejsstatus-{slug}-2022.xlsx",
        f"midtvejsstatus-{slug}-2022-historik.csv",
        "manifest.json",
    }
    assert dossier.read(export.filename) == export.read_bytes()
    assert dossier.read(export.pdfa_filename) == export.read_pdfa_bytes()
    assert manifest["version"] == 1 and manifest["bemaerkninger"] == []
    assert manifest["sagsnumre"]["f2_sagsnummer"] == "2022 - 7384"
    assert manifest["sagsnumre"]["dato"] == "2022-05-24"
    assert (
        manifest["eksporteret_af"]
        == manifest["dannet_af"]
        == (coordinator.get_full_name() or coordinator.username)
    )
    assert datetime.datetime.fromisoformat(manifest["eksporteret"]) <= datetime.datetime.fromisoformat(
        manifest["dannet"]
    )


def test_the_data_are_those_the_report_reads(dossier, export):
    slug = export.report.partnership.slug
    sheet = load_workbook(io.BytesIO(dossier.read(f"indikatorer-{slug}-2022.xlsx"))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    # The survey of 2022 is read, the survey of 2023 and police figures of 2022 are not.
    assert [(row[1], row[4]) for row in rows] == [("utrygge_nabolag", 2022)]

    answers = load_workbook(io.BytesIO(dossier.read(f"midtvejsstatus-{slug}-2022.xlsx"))).active
    assert [cell.value for cell in next(answers.iter_rows(min_row=2))][3] == "Godkendt"

    text = dossier.read(f"midtvejsstatus-{slug}-2022-historik.csv").decode("utf-8-sig")
    history = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert history[0][:3] == ["Nr.", "Aktivitet", "Tidspunkt"]
    assert [row[5] for row in history[1:]] == ["Indsendt", "Godkendt"]


def test_a_final_whose_data_changed_leaves_the_docx_out_and_says_so(client, coordinator, export):
    report = export.report
    report.caseworker = "En anden"
    report.save()
    client.force_login(coordinator)
    response = client.get(reverse("indicators:report_dossier", args=[export.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    manifest = json.loads(archive.read("manifest.json"))
    assert not any(name.endswith(".docx") for name in archive.namelist())
    assert manifest["bemaerkninger"] and "Word-udgaven er udeladt" in manifest["bemaerkninger"][0]
