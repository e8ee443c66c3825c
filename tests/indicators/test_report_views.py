"""The report's pages, downloads and command: who may do what, and what they get."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from activities.models import StatusResponse
from indicators import pdf
from indicators.models import ReportExport, StatusReport
from tests import factories


def urls(partnership, year=2022):
    args = [partnership.slug, year]
    return {
        "report": reverse("indicators:report", args=args),
        "preview": reverse("indicators:report_preview", args=args),
        "pdf": reverse("indicators:report_pdf", args=args),
    }


@pytest.fixture
def approved_round(partnership):
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    for number in (1, 2):
        factories.StatusResponseFactory(
            round=round_,
            activity=factories.ActivityFactory(partnership=partnership, number=number),
            complete=True,
            status=StatusResponse.Status.APPROVED,
        )
    return round_


# --- Who may read ----------------------------------------------------------------------------


def test_reader_sees_everything_but_cannot_edit_or_export(client, partnership, reader, approved_round):
    client.force_login(reader)
    page = client.get(urls(partnership)["report"])
    assert page.status_code == 200
    assert page.context["form"] is None
    assert b"Eksport\xc3\xa9r endelig rapport" not in page.content
    preview = client.get(urls(partnership)["preview"])
    assert preview.status_code == 200 and b"Tabel 3" in preview.content
    pdf = client.get(urls(partnership)["pdf"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    assert client.post(urls(partnership)["report"], {"caseworker": "X"}).status_code == 403
    final = reverse("indicators:report_final", args=[partnership.slug, 2022])
    assert client.post(final).status_code == 403
    assert not StatusReport.objects.exists() and not ReportExport.objects.exists()


def test_unit_member_of_an_activity_may_read_the_report(client, partnership, unit):
    factories.ActivityFactory(partnership=partnership, responsible_units=[unit])
    client.force_login(factories.member_of(unit))
    assert client.get(urls(partnership)["report"]).status_code == 200
    assert client.post(urls(partnership)["report"], {"caseworker": "X"}).status_code == 403


# --- Coordinator: edit, draft, final, download ---------------------------------------------


def test_coordinator_saves_case_numbers_with_history(client, partnership, coordinator):
    client.force_login(coordinator)
    response = client.post(
        urls(partnership)["report"],
        {
            "appendix_label": "Bilag 2",
            "report_date": "2022-05-24",
            "f2_case_number": "2022 - 7384",
            "f2_document_number": "1356296",
            "edoc_case_number": "2022-0154726",
            "caseworker": "Tone Schnell DiBona",
            "crime_commentary": "Politiets forklaring <b>uden</b> markup.",
        },
        follow=True,
    )
    assert response.status_code == 200
    report = StatusReport.objects.get(partnership=partnership, year=2022)
    assert report.f2_case_number == "2022 - 7384"
    assert report.history.get().history_user == coordinator
    preview = client.get(urls(partnership)["preview"]).content.decode()
    assert "24-05-2022" in preview and "Bilag 2" in preview
    assert "Politiets forklaring &lt;b&gt;uden&lt;/b&gt; markup." in preview


def test_the_draft_pdf_is_made_again_only_when_what_it_shows_changed(
    client, partnership, coordinator, monkeypatch
):
    renders = []
    real = pdf.html_to_pdf
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: renders.append(html) or real(html))
    client.force_login(coordinator)
    first = client.get(urls(partnership)["pdf"])
    again = client.get(urls(partnership)["pdf"])
    assert again.content == first.content and again["Content-Type"] == "application/pdf"
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert len(renders) == 1  # the same HTML: WeasyPrint ran once

    client.post(urls(partnership)["report"], {"appendix_label": "Bilag 7"})
    changed = client.get(urls(partnership)["pdf"])
    assert len(renders) == 2
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(changed.content)).pages)
    assert "Bilag 7" in text


def test_bad_date_is_refused_with_a_message_and_nothing_saved(client, partnership, coordinator):
    client.force_login(coordinator)
    response = client.post(urls(partnership)["report"], {"report_date": "24. maj", "appendix_label": ""})
    assert response.status_code == 200
    assert "report_date" in response.context["form"].errors
    assert "ikke gemt" in response.content.decode()
    assert not StatusReport.objects.exists()


def test_final_export_refused_until_all_approved(client, partnership, coordinator, approved_round):
    response = approved_round.responses.first()
    response.status = StatusResponse.Status.SUBMITTED
    response.save()
    client.force_login(coordinator)
    final = reverse("indicators:report_final", args=[partnership.slug, 2022])
    page = client.post(final, {"confirm": "1"}, follow=True)
    assert "1 af 2 svar i midtvejsstatus er godkendt" in page.content.decode()
    assert not ReportExport.objects.exists()
    confirmation = client.get(final)
    assert "1 af 2 svar i midtvejsstatus er godkendt" in confirmation.content.decode()
    assert 'type="submit" class="btn btn-primary" disabled' in confirmation.content.decode()


def test_final_export_is_listed_and_downloads_byte_for_byte(
    client, partnership, coordinator, reader, approved_round
):
    client.force_login(coordinator)
    final = reverse("indicators:report_final", args=[partnership.slug, 2022])
    client.post(final, {"confirm": "1"})
    StatusReport.objects.filter(partnership=partnership, year=2022).update(caseworker="Anden Sagsbehandler")
    client.post(final, {"confirm": "1"})
    exports = list(ReportExport.objects.order_by("version"))
    assert [export.version for export in exports] == [1, 2]
    page = client.get(urls(partnership)["report"]).content.decode()
    for export in exports:
        assert export.sha256 in page
        assert export.get_absolute_url() in page

    client.force_login(reader)
    download = client.get(exports[0].get_absolute_url())
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == exports[0].sha256
    assert "UDKAST" not in PdfReader(io.BytesIO(download.content)).pages[0].extract_text()

    client.force_login(factories.member_of(factories.UnitFactory()))
    assert client.get(exports[0].get_absolute_url()).status_code == 404


def test_report_latest_opens_newest_saved_year(client, partnership, coordinator):
    StatusReport.objects.create(partnership=partnership, year=2023)
    StatusReport.objects.create(partnership=partnership, year=2022)
    client.force_login(coordinator)
    response = client.get(reverse("indicators:report_latest", args=[partnership.slug]))
    assert response["Location"] == urls(partnership, 2023)["report"]


def test_report_page_lists_missing_data(client, partnership, coordinator):
    client.force_login(coordinator)
    content = client.get(urls(partnership, 2023)["report"]).content.decode()
    assert "Der er ingen midtvejsstatus-runde for året." in content
    assert "Ingen befolkningstal for området i 2022." in content
    assert "ikke opgjort" in content


# --- Coordinator: an empty form never blanks a saved report by accident -------------------

REPORT_TEXT = {
    "appendix_label": "Bilag 1",
    "report_date": "2022-05-24",
    "f2_case_number": "2022 - 7384",
    "caseworker": "Tone Schnell DiBona",
    "crime_commentary": "Politiets forklaring.",
}
EMPTY_FORM = dict.fromkeys(REPORT_TEXT, "")


def test_empty_form_is_refused_and_the_saved_text_is_kept(client, partnership, coordinator):
    client.force_login(coordinator)
    client.post(urls(partnership)["report"], REPORT_TEXT)
    response = client.post(urls(partnership)["report"], EMPTY_FORM)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Formularen er tom, så intet er gemt" in content
    assert "Ja, fjern al tekst" in content  # both ways out are on the page the message names
    assert f'href="{urls(partnership)["report"]}">Fortryd og vis den gemte tekst</a>' in content
    report = StatusReport.objects.get(partnership=partnership, year=2022)
    assert report.crime_commentary == "Politiets forklaring."
    assert report.f2_case_number == "2022 - 7384"
    assert report.history.count() == 1


def test_confirmation_checkbox_is_shown_only_after_a_refused_empty_form(client, partnership, coordinator):
    client.force_login(coordinator)
    assert "Ja, fjern al tekst" not in client.get(urls(partnership)["report"]).content.decode()
    # A first save of a report that was never stored loses nothing, so it is not refused.
    response = client.post(urls(partnership)["report"], EMPTY_FORM)
    assert response.status_code == 302
    assert StatusReport.objects.get(partnership=partnership, year=2022).appendix_label == ""


def test_ticking_the_confirmation_clears_every_field(client, partnership, coordinator):
    client.force_login(coordinator)
    client.post(urls(partnership)["report"], REPORT_TEXT)
    response = client.post(urls(partnership)["report"], {**EMPTY_FORM, "confirm_clear": "on"}, follow=True)

    assert "Rapportens oplysninger er gemt." in response.content.decode()
    report = StatusReport.objects.get(partnership=partnership, year=2022)
    assert (report.appendix_label, report.report_date, report.crime_commentary) == ("", None, "")


def test_clearing_field_by_field_is_a_normal_save(client, partnership, coordinator):
    client.force_login(coordinator)
    client.post(urls(partnership)["report"], REPORT_TEXT)
    response = client.post(urls(partnership)["report"], {**EMPTY_FORM, "caseworker": "Ny sagsbehandler"})

    assert response.status_code == 302
    report = StatusReport.objects.get(partnership=partnership, year=2022)
    assert (report.caseworker, report.crime_commentary, report.f2_case_number) == ("Ny sagsbehandler", "", "")


# --- The command -----------------------------------------------------------------------------


def test_command_refuses_unknown_partnership_and_unapproved_final(db, tmp_path, partnership):
    output = tmp_path / "rapport.pdf"
    with pytest.raises(CommandError, match="'nowhere' findes ikke"):
        call_command("export_status_report", partnership="nowhere", year=2022, output=str(output))
    with pytest.raises(CommandError, match="ingen midtvejsstatus-runde.*--draft"):
        call_command("export_status_report", partnership=partnership.slug, year=2022, output=str(output))
    with pytest.raises(CommandError, match="mappen"):
        call_command(
            "export_status_report",
            partnership=partnership.slug,
            year=2022,
            output=str(tmp_path / "x" / "r.pdf"),
        )
    assert not output.exists()


def test_command_writes_draft_and_html(db, tmp_path, partnership):
    output, html = tmp_path / "udkast.pdf", tmp_path / "udkast.html"
    err = io.StringIO()
    call_command(
        "export_status_report",
        partnership=partnership.slug,
        year=2022,
        output=str(output),
        html=str(html),
        draft=True,
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "UDKAST" in PdfReader(str(output)).pages[0].extract_text()
    assert "UDKAST" in html.read_text()
    assert "Bemærk: Ingen befolkningstal" in err.getvalue()
    assert not ReportExport.objects.exists()


def test_command_final_is_archived(db, tmp_path, partnership, coordinator, approved_round):
    output = tmp_path / "endelig.pdf"
    out = io.StringIO()
    call_command(
        "export_status_report",
        partnership=partnership.slug,
        year=2022,
        output=str(output),
        user=coordinator.username,
        stdout=out,
        stderr=io.StringIO(),
    )
    export = ReportExport.objects.get()
    assert output.read_bytes() == export.read_bytes()
    assert export.exported_by == coordinator and export.sha256 in out.getvalue()
