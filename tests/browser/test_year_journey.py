"""A whole year in the browser, from an empty partnership to the final PDF: the administrator
uploads the plan and edits a budget, the coordinator opens the round, two units answer, one
answer is returned, corrected and approved, the coordinator loads the indicators, writes the
commentary, exports the final report and downloads it; the PDF holds the numbers put in."""

import io
import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from activities.models import Partnership
from tests import factories
from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION_1 = "1. Kører aktiviteten som planlagt, og forventer I at opnå jeres mål?"
QUESTION_3 = "3. Er der op til nu opstået bekymringer knyttet til opfyldelse af aktivitetens leverancer?"
QUESTION_4 = "4. Er der behov for justeringer? Hvis ja, hvilke?"

# The plan file as the administrator's spreadsheet exports it: semicolons, Danish amounts;
# activity 2 lists its lead unit among the partners too, so only one organisation takes part.
PLAN_CSV = (
    "nr;aktivitet;ansvarlige;samarbejdspartnere;2021;2022;2023;2024\n"
    "1;Nattevandring i Sundbyparken;SYD1;SYD2 | Politiet;120.000;125.000;130.000;\n"
    "2;Lektiecafé i Byens Hus;SYD2;Byens Hus;80.000;85.000;-;\n"
    "-;Mødefacilitering;SYD1;;15.000;15.000;15.000;\n"
)

# Survey shares, police reports and population in the documented indicator format.
INDICATOR_CSV = (
    "partnerskab,indikator,niveau,kategori,aar,vaerdi,respondenter,signifikant\n"
    "tryg-syd,utrygge_nabolag,omraade,,2019,21,,\n"
    "tryg-syd,utrygge_nabolag,omraade,,2021,19,,\n"
    "tryg-syd,utrygge_nabolag,omraade,,2022,16,,nej\n"
    "tryg-syd,utrygge_nabolag,bydel,,2022,13,,ja\n"
    "tryg-syd,utrygge_nabolag,by,,2022,11,,ja\n"
    "tryg-syd,utrygge_aften_nat,omraade,,2019,33,,\n"
    "tryg-syd,utrygge_aften_nat,omraade,,2021,31,,\n"
    "tryg-syd,utrygge_aften_nat,omraade,,2022,28,,nej\n"
    "tryg-syd,anmeldelser,omraade,borgervendt,2020,200,,\n"
    "tryg-syd,anmeldelser,omraade,borgervendt,2021,210,,\n"
    "tryg-syd,anmeldelser,omraade,indbrud,2020,14,,\n"
    "tryg-syd,anmeldelser,omraade,indbrud,2021,9,,\n"
    "tryg-syd,indbyggere,omraade,,2020,9000,,\n"
    "tryg-syd,indbyggere,omraade,,2021,9100,,\n"
)


def squash(text):
    """Text without whitespace and hyphens, so line breaks in the PDF do not matter."""
    return re.sub(r"[\s\-\u2010\u2011\u00ad–]", "", text)


def log_in_as(browser, live_server, username):
    context = browser.new_context(
        locale="da-DK",
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    browser_login(page, username)
    page.wait_for_url(f"{live_server.url}/")
    return page


def message(page):
    return page.locator(".messages").inner_text()


def answer(page, *, activity, on_track_text, deliverable):
    page.get_by_role("link", name=activity).click()
    page.get_by_role("group", name=QUESTION_1).get_by_label("Ja", exact=True).check()
    page.get_by_label("Uddybning").first.fill(on_track_text)
    page.get_by_label("Eksempel 1").fill(deliverable)
    page.get_by_role("group", name=QUESTION_3).get_by_label("Nej", exact=True).check()
    page.get_by_role("group", name=QUESTION_4).get_by_label("Nej", exact=True).check()
    page.get_by_role("button", name="Indsend", exact=True).click()
    assert "Svaret er indsendt til koordinatoren." in message(page)


def test_a_year_from_plan_upload_to_the_final_pdf(browser, live_server, tmp_path):
    call_command(
        "create_partnership",
        "tryg-syd",
        "--name=Tryghedspartnerskab Syd",
        "--district=Amager Øst",
        "--first-year=2021",
        "--last-year=2024",
        "--baseline-year=2020",
        stdout=open(os.devnull, "w"),
    )
    partnership = Partnership.objects.get(slug="tryg-syd")
    unit_1 = factories.UnitFactory(short_name="SYD1", name="Sundby Ungdomsklub")
    unit_2 = factories.UnitFactory(short_name="SYD2", name="Byens Hus")
    factories.UnitFactory(short_name="Politiet", name="Københavns Politi")
    factories.administrator(username="admin-syd", first_name="Ada", last_name="Admin")
    factories.coordinator_of(partnership, username="koord-syd", first_name="Karen", last_name="Koordinator")
    factories.member_of(unit_1, username="ung-syd", first_name="Ulla", last_name="Ungdom")
    factories.member_of(unit_2, username="hus-syd", first_name="Henrik", last_name="Hus")

    # The administrator uploads the plan, checks the preview, saves, and edits one budget.
    admin = log_in_as(browser, live_server, "admin-syd")
    admin.get_by_role("listitem").filter(has_text="Tryghedspartnerskab Syd").get_by_role(
        "link", name="indlæs fra fil"
    ).click()
    plan_file = tmp_path / "tryghedsplan-syd.csv"
    plan_file.write_bytes(PLAN_CSV.encode("cp1252"))
    admin.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(plan_file))
    admin.get_by_role("button", name="Vis ændringer").click()
    expect(admin.get_by_role("main")).to_contain_text("Nattevandring i Sundbyparken")
    admin.get_by_role("button", name="Gem ændringerne").click()
    assert "Tryghedsplanen er indlæst" in message(admin)
    admin.get_by_role("link", name="Rediger budgetter").click()
    admin.get_by_label("Lektiecafé i Byens Hus, 2023").fill("92.500")
    admin.get_by_role("button", name="Gem budgetter").click()
    assert "1 beløb er gemt." in message(admin)
    admin.context.close()

    # The coordinator opens the year's round.
    coordinator = log_in_as(browser, live_server, "koord-syd")
    coordinator.get_by_role("link", name="Tryghedspartnerskab Syd").first.click()
    coordinator.get_by_role("link", name="Midtvejsstatus").first.click()
    coordinator.get_by_role("link", name="Åbn ny runde").click()
    coordinator.get_by_label("Titel").fill("Midtvejsstatus 2022")
    coordinator.get_by_label("År").fill("2022")
    coordinator.get_by_label("Periodens start").fill("2022-01-01")
    coordinator.get_by_label("Periodens slutning").fill("2022-04-30")
    coordinator.get_by_label("Svarfrist").fill("2022-05-15")
    coordinator.get_by_role("button", name="Kontrollér runden").click()
    coordinator.get_by_role("button", name="Åbn runden og send e-mails").click()
    assert "Midtvejsstatus 2022 er åbnet med 2 aktiviteter." in message(coordinator)

    # Both units answer from their task list.
    youth = log_in_as(browser, live_server, "ung-syd")
    answer(
        youth,
        activity="Nattevandring i Sundbyparken",
        on_track_text="Vi går hver fredag.",
        deliverable="Fyrre nattevandringer med 12 frivillige.",
    )
    house = log_in_as(browser, live_server, "hus-syd")
    answer(
        house,
        activity="Lektiecafé i Byens Hus",
        on_track_text="Caféen er åben tre dage om ugen.",
        deliverable="Lektiehjælp til 57 elever.",
    )
    house.context.close()

    # The coordinator returns the youth club's answer with a reason and approves the other.
    coordinator.reload()
    coordinator.get_by_role("link", name="Nattevandring i Sundbyparken").click()
    returning = coordinator.get_by_role("region", name="Returnér til rettelse")
    returning.get_by_label("Begrundelse").fill("Skriv antallet af deltagende beboere.")
    returning.get_by_role("button", name="Returnér til rettelse").click()
    assert "Svaret er returneret til enheden" in message(coordinator)
    coordinator.get_by_role("link", name="Midtvejsstatus 2022").click()
    coordinator.get_by_role("link", name="Lektiecafé i Byens Hus").click()
    coordinator.get_by_role("region", name="Godkend").get_by_role("button", name="Godkend").click()
    assert "Svaret er godkendt." in message(coordinator)

    # The youth club sees the reason, corrects the answer and submits it again.
    youth.goto("/")
    youth.get_by_role("link", name="Nattevandring i Sundbyparken").click()
    expect(youth.get_by_test_id("return-reason")).to_contain_text("Skriv antallet af deltagende beboere.")
    youth.get_by_label("Eksempel 1").fill("Fyrre nattevandringer med 12 frivillige og 230 beboere.")
    youth.get_by_role("button", name="Indsend", exact=True).click()
    assert "Svaret er indsendt til koordinatoren." in message(youth)
    youth.context.close()

    coordinator.get_by_role("link", name="Midtvejsstatus 2022").click()
    coordinator.get_by_role("link", name="Nattevandring i Sundbyparken").click()
    coordinator.get_by_role("region", name="Godkend").get_by_role("button", name="Godkend").click()
    assert "Svaret er godkendt." in message(coordinator)

    # Indicator data: upload, preview, save.
    coordinator.goto("/partnerskaber/tryg-syd/")
    coordinator.get_by_role("link", name="Indikatorer").click()
    coordinator.get_by_role("link", name="Indlæs fra fil").click()
    indicator_file = tmp_path / "indikatorer-2022.csv"
    indicator_file.write_text(INDICATOR_CSV, encoding="utf-8")
    coordinator.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(indicator_file))
    coordinator.get_by_role("button", name="Vis ændringer").click()
    assert coordinator.locator("#import-summary").inner_text().startswith("14 tilføjes")
    coordinator.get_by_role("button", name="Gem ændringerne").click()
    assert "indikatorer-2022.csv er indlæst: 14 tilføjet" in message(coordinator)

    # The report: case numbers and commentary, then the final export and its download.
    coordinator.goto("/partnerskaber/tryg-syd/")
    coordinator.get_by_role("link", name="Statusrapport").click()
    coordinator.get_by_role("link", name="2022", exact=True).click()
    coordinator.get_by_label("Sagsnummer i F2").fill("2022 - 9911")
    coordinator.get_by_label("Sagsbehandler").fill("Karen Koordinator")
    coordinator.get_by_label("Kommentar til 2. Udviklingen i kriminalitet").fill(
        "Politiet forklarer stigningen med flere anmeldelser fra natklubben på Strandlodsvej."
    )
    coordinator.get_by_role("button", name="Gem rapportens oplysninger").click()
    assert "Rapportens oplysninger er gemt." in message(coordinator)
    coordinator.get_by_role("link", name="Eksportér endelig rapport").click()
    coordinator.get_by_role("button", name="Ja, eksportér og arkivér").click()
    assert "Den endelige rapport er gemt som version 1" in message(coordinator)
    with coordinator.expect_download() as download_info:
        coordinator.get_by_role("region", name="Endelige versioner").get_by_role(
            "link", name="Hent PDF version 1"
        ).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = download.path().read_bytes()
    coordinator.context.close()

    text = squash("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "UDKAST" not in text
    expected = [
        # Meta block and the coordinator's commentary.
        "Sagsnummer i F2 2022 - 9911",
        "Sagsbehandler Karen Koordinator",
        "Politiet forklarer stigningen med flere anmeldelser fra natklubben på Strandlodsvej.",
        # Section 1 from the uploaded survey shares.
        "I 2022 er 16 % utrygge i nabolaget i partnerskabsområdet. Det er et fald fra 2021 (19 %).",
        "over gennemsnittet for både bydelen (13 %) og hele byen (11 %)",
        # Section 2: 200 and 210 reports for 9.000 and 9.100 residents, and Tabel 1.
        "anmeldt 210 tilfælde af borgervendt kriminalitet",
        "Det svarer til 23,1 anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere, "
        "hvilket er en stigning siden 2020 (22,2)",
        "Indbrud Minimum fastholdelse 14 9 -5 Opfyldt",
        # Section 3: one of the two numbered activities has two partners.
        "indeholder 1 ud af 2 aktiviteter to eller flere samarbejdspartnere",
        "svarende til 50 %",
        # Tabel 3: the uploaded plan with the edited budget, and the SUM per year.
        "1 Nattevandring i Sundbyparken 120.000 125.000 130.000",
        "2 Lektiecafé i Byens Hus 80.000 85.000 92.500",
        "- Mødefacilitering 15.000 15.000 15.000",
        "SUM (KR.) 215.000 225.000 237.500",
        # Tabel 4: both approved answers, the returned one as corrected.
        "Sundby Ungdomsklub Vi går hver fredag. Fyrre nattevandringer med 12 frivillige og 230 beboere.",
        "Byens Hus Caféen er åben tre dage om ugen. Lektiehjælp til 57 elever.",
    ]
    missing = [phrase for phrase in expected if squash(phrase) not in text]
    assert not missing, f"Mangler i PDF'en: {missing}"
    assert squash("Fyrre nattevandringer med 12 frivillige.") not in text
