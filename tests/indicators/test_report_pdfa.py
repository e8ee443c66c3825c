"""Each final is archived twice: the accessible PDF (PDF/UA-1) and a PDF/A-2b copy of the
same document, each with its SHA-256; the copy downloads byte for byte and the backup's
check finds it changed."""

import hashlib
import io

import pikepdf
import pytest
from django.urls import reverse

from activities.models import StatusResponse
from indicators import report as report_data
from indicators.models import StatusReport
from records.backups import archived_file_problems
from tests import factories


@pytest.fixture
def export(partnership, coordinator):
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    factories.StatusResponseFactory(
        round=round_,
        activity=factories.ActivityFactory(partnership=partnership, number=1),
        complete=True,
        status=StatusResponse.Status.APPROVED,
    )
    report = StatusReport.objects.create(partnership=partnership, year=2022)
    export, _created = report_data.status_report_export(report=report, acting_user=coordinator)
    return export


def metadata(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        meta = document.open_metadata()
        return {
            key: meta.get(key) for key in ("pdfaid:part", "pdfaid:conformance", "pdfuaid:part", "dc:title")
        }


def test_a_final_is_archived_as_pdf_ua_and_as_pdf_a_2b(export):
    pdf, pdfa = export.read_bytes(), export.read_pdfa_bytes()
    assert hashlib.sha256(pdf).hexdigest() == export.sha256
    assert hashlib.sha256(pdfa).hexdigest() == export.pdfa_sha256
    assert export.pdfa_file.name.endswith("-v1-pdfa.pdf")
    assert metadata(pdfa)["pdfaid:part"] == "2" and metadata(pdfa)["pdfaid:conformance"] == "B"
    assert metadata(pdf)["pdfuaid:part"] == "1" and metadata(pdf)["pdfaid:part"] is None
    assert metadata(pdfa)["dc:title"] == metadata(pdf)["dc:title"]
    assert export.verify()


def test_the_archive_copy_downloads_byte_for_byte(client, coordinator, export):
    client.force_login(coordinator)
    response = client.get(reverse("indicators:report_download_pdfa", args=[export.pk]))
    assert response.status_code == 200
    assert response.content == export.read_pdfa_bytes()
    assert response["X-Content-SHA256"] == export.pdfa_sha256
    assert export.pdfa_filename in response["Content-Disposition"]
    page = client.get(reverse("indicators:report", args=[export.report.partnership.slug, 2022]))
    assert reverse("indicators:report_download_pdfa", args=[export.pk]) in page.content.decode()


def test_a_changed_archive_copy_is_found(export):
    assert archived_file_problems() == []
    with open(export.pdfa_file.path, "ab") as handle:
        handle.write(b"\n% changed\n")
    assert archived_file_problems() == [f"endelig eksport #{export.pk}: {export.pdfa_file.name}"]
    assert not export.verify()
