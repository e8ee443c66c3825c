"""The seed's 2022 status report for Amager: meta block and the coordinator's texts."""

import datetime

from indicators import report as report_data
from indicators.models import StatusReport

AMAGER_2022 = {
    "appendix_label": "Bilag 1",
    "report_date": datetime.date(2022, 5, 24),
    "f2_case_number": "2022 - 7384",
    "f2_document_number": "1356296",
    "edoc_case_number": "2022-0154726",
    "caseworker": "Tone Schnell DiBona",
    "introduction": (
        "Amager Partnerskab har som sine overordnede målsætninger at øge den oplevede tryghed og begrænse "
        "kriminaliteten i partnerskabsområdet. Ifm. forlængelse af Amager Partnerskab gældende fra 2021-2024, "
        "er partnerskabsområdet geografisk blevet udvidet, hvorfor ny baseline blev sat i 2021, og der kan "
        "derfor ikke sammenlignes med data fra det tidligere partnerskabsområde.\n\n"
        "Foruden Urbanplanen og Hørgården dækker partnerskabsområdet efter udvidelsen i 2021 også "
        "boligafdelingerne Gullandsgården, Skotlandsgade og Røgeritoften. Partnerskabsområdet er omfattet af "
        "den boligsociale helhedsplan Amagerplanen."
    ),
    "survey_note": (
        "*En mindre fejl gør, at 18 respondenter udgår af årets undersøgelse. Det har dog ingen betydning "
        "på årets resultat."
    ),
    "crime_commentary": (
        "Ifølge Københavns Politi kan stigningen i narkotikasager, faldet i chikane- og trusselssager og den "
        "lille stigning i hærværk givetvis forklares med det fokus politiet har haft i området siden første "
        "halvdel af 2020, hvor den tidlige fase af projekt Panorama startede op. I Panorama sættes bl.a. ind "
        "lokalt med en civil operativ indsats, fulgt op med akutte forebyggelsessamtaler. Dette skal "
        "sammenholdes med den generelle stigning i anmeldelsestallet, der kan konstateres i takt med "
        "genåbningen af samfundet efter Covid19 pandemien."
    ),
    "plan_commentary": (
        "Tryghedsplanen bygger på den besluttede partnerskabsaftale, der indeholder en forandringsteori som "
        "kobling mellem mål og aktiviteter."
    ),
}


def load(stdout, partnership):
    """Create the 2022 report once; a coordinator's later edits are left alone."""
    report, created = StatusReport.objects.get_or_create(
        partnership=partnership, year=2022, defaults=AMAGER_2022
    )
    if created:
        # The coordinator's texts were written on the data just loaded.
        report_data.status_report_save(report)
        stdout.write(f"Statusrapport: {report}")
    return report
