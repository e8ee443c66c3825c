"""The report is a record: a year's appendix shows that year's data and approved answers
only, whoever asks and whatever is loaded later."""

import io
import os

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from activities.models import StatusResponse
from indicators import report as report_data
from indicators.models import StatusReport
from indicators.summary import indicator_summary
from tests import factories

LATER_YEARS = """partnerskab;indikator;niveau;kategori;aar;vaerdi;respondenter;signifikant
amager;utrygge_nabolag;omraade;;2023;19;;nej
amager;utrygge_nabolag;bydel;;2023;5;;
amager;utrygge_nabolag;by;;2023;8;;
amager;utrygge_aften_nat;omraade;;2023;29;;nej
amager;utrygge_aften_nat;bydel;;2023;12;;
amager;utrygge_aften_nat;by;;2023;16;;
amager;anmeldelser;omraade;borgervendt;2022;260;;
amager;anmeldelser;omraade;indbrud;2022;14;;
amager;anmeldelser;omraade;haervaerk;2022;33;;
amager;anmeldelser;by;borgervendt;2022;21000;;
amager;indbyggere;omraade;;2022;8400;;
amager;indbyggere;by;;2022;650000;;
amager;anmeldelser;omraade;borgervendt;2023;300;;
amager;indbyggere;omraade;;2023;8500;;
"""


def import_indicators(tmp_path, text):
    path = tmp_path / "senere.csv"
    path.write_text(text, encoding="utf-8")
    call_command("import_indicators", str(path), stdout=open(os.devnull, "w"))


def test_later_years_never_change_an_earlier_report(demo, tmp_path):
    report = StatusReport.objects.get(partnership=demo, year=2022)
    before_html = report_data.render_report_html(report, draft=False)
    before_summary = indicator_summary(demo, 2022)

    import_indicators(tmp_path, LATER_YEARS)

    # The new data arrived: the 2023 report shows it ...
    later = indicator_summary(demo, 2023)
    assert later.survey["utrygge_nabolag"].current.printed == 19
    assert later.police.year == 2022 and later.police.borgervendt.current_count == 260
    # ... and the 2022 report, its figures, tables, sentences and warnings, did not move.
    assert indicator_summary(demo, 2022) == before_summary
    assert report_data.render_report_html(report, draft=False) == before_html


@pytest.fixture
def round_with_every_state(partnership, unit, other_unit):
    """One answer in each state, each with a word found nowhere else."""
    round_ = factories.ReportingRoundFactory(partnership=partnership, year=2022)
    responses = {}
    for status in StatusResponse.Status:
        activity = factories.ActivityFactory(
            partnership=partnership, responsible_units=[unit], title=f"Aktivitet {status.label}"
        )
        responses[status] = factories.StatusResponseFactory(
            round=round_,
            activity=activity,
            complete=True,
            status=status,
            on_track_text=f"Hemmeligt{status.value}ord",
        )
    # An activity of another unit, so that unit's members may open the partnership.
    factories.ActivityFactory(partnership=partnership, responsible_units=[other_unit])
    return round_, responses


def word(status):
    return f"Hemmeligt{status}ord"


Status = StatusResponse.Status
# Who reads which answer texts, by role: the unit its own answers in every state; the
# coordinator and administrators what was handed in; readers and other units nothing
# beyond what the partnership approved.
SEES = {
    "member": {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED},
    "coordinator": {Status.SUBMITTED, Status.APPROVED},
    "admin": {Status.SUBMITTED, Status.APPROVED},
    "reader": {Status.APPROVED},
    "other_unit": {Status.APPROVED},
}


@pytest.fixture
def users(partnership, unit, other_unit):
    return {
        "member": factories.member_of(unit),
        "coordinator": factories.coordinator_of(partnership),
        "admin": factories.administrator(),
        "reader": factories.reader_of(partnership),
        "other_unit": factories.member_of(other_unit),
    }


@pytest.mark.parametrize("role", SEES)
def test_the_draft_report_shows_each_role_only_the_answers_it_may_read(
    client, round_with_every_state, users, role, partnership
):
    client.force_login(users[role])
    page = client.get(reverse("indicators:report_preview", args=[partnership.slug, 2022]))
    assert page.status_code == 200
    text = page.content.decode()
    for status in Status:
        assert (word(status) in text) == (status in SEES[role]), (role, status)
    assert ("Svaret vises, når det er godkendt" in text) == (SEES[role] != set(Status))


def test_a_final_holds_approved_answers_only(round_with_every_state):
    round_, _responses = round_with_every_state
    report = report_data.report_for(round_.partnership, 2022)
    html = report_data.render_report_html(report, draft=False, user=factories.administrator())
    assert [status for status in Status if word(status) in html] == [Status.APPROVED]


@pytest.mark.parametrize("role", ["coordinator", "admin", "reader"])
def test_the_round_export_holds_no_unsubmitted_text(client, round_with_every_state, users, role):
    round_, _responses = round_with_every_state
    client.force_login(users[role])
    download = client.get(reverse("activities:round_export", args=[round_.pk]))
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    cells = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)
    assert word(Status.SUBMITTED) in cells and word(Status.APPROVED) in cells
    assert word(Status.DRAFT) not in cells and word(Status.RETURNED) not in cells
    assert "Ikke indsendt endnu" in cells


@pytest.mark.parametrize("role", ["member", "coordinator", "admin", "reader", "other_unit"])
def test_an_answer_page_shows_a_draft_only_to_its_unit(client, round_with_every_state, users, role):
    _round, responses = round_with_every_state
    client.force_login(users[role])
    for status, response in responses.items():
        page = client.get(reverse("activities:response", args=[response.pk]))
        if role == "other_unit":
            assert page.status_code == 404
            continue
        assert page.status_code == 200
        shown = word(status) in page.content.decode()
        assert shown == (role == "member" or status in {Status.SUBMITTED, Status.APPROVED}), (role, status)


SEED_LINES = [
    # Goals of the agreement, with the data-basis paragraph and goal 3's rationale.
    "1. Andelen af utrygge borgere i Amager Partnerskab skal årligt udvise et fald i utrygheden og nærme sig "
    "Københavnniveau i 2024, også hvad utryghed i aften- og nattetimer angår.",
    "Det samlede antal anmeldelser af borgervendt kriminalitet per 1000 indbyggere i Amager "
    "Partnerskabsområde, skal som minimum fastholdes på 2020-niveau.",
    "Data fra Københavns Kommunes tryghedsundersøgelse og data fra Rigspolitiets anmeldelsesregister danner "
    "grundlag for målingen. Den årlige monitorering sker på baggrund af data fra Københavns Politi.",
    "Ud af det samlede antal aktiviteter i tryghedsplanen, skal minimum 75 % involvere to eller flere "
    "samarbejdspartnere, lokaliseret i eller udenfor partnerskabsområdet. Dette for at understøtte det "
    "tværgående samarbejde på tværs af partnerskabets geografiske afgrænsning.",
    # Figur 1 and 2.
    "over gennemsnittet for både bydelen (3 %) og hele byen (9 %)",
    "over gennemsnittet for både bydelen (11 %) og hele byen (17 %)",
    "Kilde: Københavns Tryghedsundersøgelse 2022. I 2021 blev det geografiske område for Amager Partnerskab "
    "udvidet. Resultaterne for 2022 er derfor kun direkte sammenlignelige med 2021. *En mindre fejl gør, at "
    "18 respondenter udgår af årets undersøgelse. Det har dog ingen betydning på årets resultat.",
    # Tabel 1, Figur 3 and Tabel 2 each with its own source and note.
    "Kilde: Københavns Tryghedsundersøgelse 2022. Betegnelsen borgervendt kriminalitet følger politiets "
    "definition og omhandler følgende sagsområder: drab (mv.), færdselslov, indbrud, narkotika og smugling, "
    "røveri, sædelighed, tyveri, vold og øvrig straffelov, herunder brugstyveri. Det bemærkes, at data er "
    "dynamisk. Dynamiske tal opdateres løbende, hvorfor de er behæftet med usikkerhed. For eksempel kan der "
    "frafalde sigtelser, efter opgørelsen er foretaget.",
    "Kilde: Københavns Tryghedsundersøgelse 2022. Data er opdateret til partnerskabets nye geografiske "
    "område, og resultatet fra i år kan derfor sammenlignes med tidligere års resultater. Der anvendes "
    "dynamiske tal.",
    "Kilde: Københavns Politi. Det bemærkes, at data er dynamisk. Dynamiske tal opdateres løbende, hvorfor "
    "de er behæftet med usikkerhed. For eksempel kan der frafaldes sigtelser, efter opgørelsen er foretaget",
    "Det svarer til 26,0 anmeldelser af borgervendt kriminalitet pr. 1000 indbyggere, hvilket er en stigning "
    "siden 2020 (24,2).",
]


def test_the_demo_final_says_what_the_seed_says(demo):
    from tests.indicators.test_report import assert_in_pdf, pdf_text

    report = StatusReport.objects.get(partnership=demo, year=2022)
    text = pdf_text(report_data.render_report_pdf(report, draft=False))
    assert_in_pdf(text, *SEED_LINES)
    # Every goal states its status, goal 1 included, in the text and in the overview.
    assert_in_pdf(
        text,
        "Målet om, at andelen utrygge i nabolaget årligt falder og nærmer sig Københavnniveau, er dermed "
        "ikke nået i 2022.",
        "Målopfyldelse i 2022",
    )
    overview = report_data.report_context(report, draft=False)["goal_overview"]
    assert len(overview) == 7 and all(row.status for row in overview)
    # Where the partnership lies is said once, not under each figure.
    assert text.count("fysisk placeret") == 1
    # The goals section names no year but the agreement's.
    goals = text[: text.index("Dato")]
    assert "2023" not in goals and "Tryghedsundersøgelse" not in goals


def test_a_later_report_names_its_own_year_in_every_source(demo, tmp_path):
    import_indicators(tmp_path, LATER_YEARS)
    report = report_data.report_for(demo, 2023)
    html = report_data.render_report_html(report)
    assert "Kilde: Københavns Tryghedsundersøgelse 2023." in html
    assert "Tryghedsundersøgelse 2022" not in html
    assert "Resultaterne for 2023 er derfor kun direkte sammenlignelige med 2021 og 2022." in html
    # The 2022 report's own note on 18 respondents belongs to 2022 only.
    assert "18 respondenter" not in html


def test_a_coordinator_rewrites_a_source_for_one_report(demo):
    report = StatusReport.objects.get(partnership=demo, year=2022)
    report.figure_3_source = "Kilde: Københavns Politi, udtræk 3. marts."
    report.save()
    html = report_data.render_report_html(report)
    assert "Kilde: Københavns Politi, udtræk 3. marts." in html
    assert "Data er opdateret til partnerskabets nye geografiske område" not in html


def test_equal_whole_percents_with_a_significant_change_say_the_decimal():
    from decimal import Decimal

    from indicators.calculations import Significance, SignificanceResult, compare_shares
    from indicators.report_text.survey import SurveyFacts, survey_sentences

    significant = SignificanceResult(Significance.SIGNIFICANT, basis="given")
    since = compare_shares(Decimal("16.5"), Decimal("17.4"), significant)
    assert (since.before, since.after, since.places, str(since.direction)) == (
        Decimal("16.5"),
        Decimal("17.4"),
        1,
        "stigning",
    )
    facts = SurveyFacts(
        phrase="utrygge i nabolaget",
        year=2023,
        current=Decimal("17.4"),
        change_significance=significant,
        since_previous=since,
    )
    text = " ".join(survey_sentences(facts))
    assert "I 2023 er 17,4 % utrygge i nabolaget" in text
    assert "stigning fra 2022 (16,5 %)" in text and "uændret" not in text
    assert "er signifikant" in text
    # Not significant: whole percents, and then "uændret" is true.
    plain = compare_shares(Decimal("16.5"), Decimal("17.4"), SignificanceResult(Significance.NOT_SIGNIFICANT))
    assert (plain.before, plain.after, str(plain.direction)) == (Decimal(17), Decimal(17), "uændret")


def test_commentary_written_on_other_data_is_flagged_until_saved_again(demo, tmp_path, client):
    report = StatusReport.objects.get(partnership=demo, year=2022)
    assert report_data.stale_commentary(report) == []
    # New 2021 police figures: hærværk is now unchanged, so "den lille stigning i hærværk"
    # in the police commentary may no longer hold.
    import_indicators(
        tmp_path,
        "partnerskab;indikator;niveau;kategori;aar;vaerdi\namager;anmeldelser;omraade;haervaerk;2021;33\n",
    )
    assert report_data.stale_commentary(report) == ["2. Udviklingen i kriminalitet"]

    client.force_login(demo.coordinators.get())
    page = client.get(reverse("indicators:report", args=["amager", 2022]))
    assert "Læs kommentaren igen" in page.content.decode()
    confirm = client.get(reverse("indicators:report_final", args=["amager", 2022]))
    assert "2. Udviklingen i kriminalitet" in confirm.content.decode()

    report_data.status_report_save(report)
    assert report_data.stale_commentary(report) == []


def test_a_final_is_confirmed_shows_what_changed_and_is_not_repeated(demo, client):
    url = reverse("indicators:report_final", args=["amager", 2022])
    client.force_login(demo.coordinators.get())
    first_look = client.get(url).content.decode()
    assert "dette bliver version 1" in first_look
    # Without the confirmation nothing is archived.
    client.post(url)
    report = StatusReport.objects.get(partnership=demo, year=2022)
    assert not report.exports.exists()

    client.post(url, {"confirm": "1"})
    assert report.exports.count() == 1
    assert "Der oprettes ingen ny version" in client.get(url).content.decode()
    answer = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "der er ikke oprettet en ny version" in answer and report.exports.count() == 1

    report.caseworker = "Ny Sagsbehandler"
    report.save()
    changes = client.get(url).content.decode()
    assert "+Ny Sagsbehandler" in changes and "-Tone Schnell DiBona" in changes
    client.post(url, {"confirm": "1"})
    assert list(report.exports.values_list("version", flat=True)) == [2, 1]


def test_the_django_admin_shows_no_draft_text(client, round_with_every_state, users):
    _round, responses = round_with_every_state
    admin_user = users["admin"]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    for status, response in responses.items():
        page = client.get(reverse("admin:activities_statusresponse_change", args=[response.pk]))
        assert page.status_code == 200
        assert (word(status) in page.content.decode()) == (status in SEES["admin"]), status


def test_a_year_outside_the_plan_says_so_first(demo, client):
    client.force_login(demo.coordinators.get())
    page = client.get(reverse("indicators:report", args=["amager", 2030]))
    assert page.status_code == 200
    assert "2030 ligger uden for partnerskabsaftalens periode (2021-2024)." in page.content.decode()
    preview = client.get(reverse("indicators:report_preview", args=["amager", 2030]))
    assert preview.status_code == 200
    assert (
        "Der er ingen tal for andelen utrygge i nabolaget i partnerskabsområdet i 2030."
        in preview.content.decode()
    )
    assert "Der er ingen midtvejsstatus for 2030." in preview.content.decode()
