"""Tabel 4 of the seed: the round "Midtvejsstatus 2022" with the units' approved answers.

The texts are the seed's, with the page breaks joined and its stray HTML (<p>, <ol>)
removed; lists stay lists, one item per line. Choices where the seed does not say:

- Question 1's Ja / Delvist / Nej is read from the text ("kører som planlagt" is Ja,
  "kører delvist" is Delvist); the text itself is kept as the explanation.
- Question 3 is Ja where the seed gives a concern instead of "Nej" (activities 5 and 9).
- Answers were submitted by the unit's demo login and approved by "koordinator"; the round
  stays open so the coordinator can reopen an answer and the unit can try the form.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from activities import workflow
from activities.models import ReportingRound, StatusResponse

YES, PARTLY, NO = "ja", "delvist", "nej"

ROUND = {
    "year": 2022,
    "title": "Midtvejsstatus 2022",
    "period_start": datetime.date(2022, 1, 1),
    "period_end": datetime.date(2022, 4, 30),
    "deadline": datetime.date(2022, 5, 13),
}
OPENED_AT = datetime.datetime(2022, 4, 19, 9, 0)
SUBMITTED_ON = datetime.date(2022, 5, 11)
APPROVED_AT = datetime.datetime(2022, 5, 18, 14, 0)

# number: (demo login that answered, answers)
ANSWERS = {
    1: (
        "okf",
        {
            "responsible_text": "Kommunikationsmedarbejder i partnerskabet",
            "on_track": YES,
            "on_track_text": (
                "Ja, aktiviteten kører som planlagt med en del beboerinddragende events og mulighed for "
                "gæster udefra til åbne arrangementer. Der er ambitioner om at lave mere video senere på "
                'året i forbindelse med arrangementet "Løb mellem husene", hvor vi forventer, at mellem '
                "200 til 400 løbere skal motionere i området på lige fod med fx DHL-løb. Arrangementet "
                "falder sammen med den årlige Urbanfestival, som genoplives efter corona-pause."
            ),
            "deliverables_intro": (
                "I partnerskabsregi har der som tryghedsskabende events været inviteret til netværksmøde "
                "med deltagelse af samarbejdspartnere, beboere, politi og ansatte i Amagerplanen for at "
                "orientere om det fortsatte samarbejde i bl.a. Tryghedspartnerskabet. Desuden er de "
                "samlede bestyrelser i Hørgården og Urbanplanen blevet præsenteret for de nye "
                "tryghedsskabende kommunikationstiltag ved et særskilt event. Der har ikke været "
                "dialogpavilloner og beboermøder vedr. utryghedsskabende hændelser, da der ikke har været "
                "hændelser i 2022. Der er blevet produceret et beboerblad, nyhedsbreve og mellem 10 til 15 "
                "videoer til sociale medier. Der er flere aktiviteter i Byhaverne og Aktivitetshuset, der "
                "ikke udelukkende er rettet mod beboerne, men som også trækker udefrakommende ind i "
                "området. Eksempler er:"
            ),
            "deliverable_1": (
                "Lysfestival i februar måned, hvor der var to installationer, der tiltrak god opmærksomhed."
            ),
            "deliverable_2": (
                "Fællesspisninger i Aktivitetshuset på Amagerfælledvej, som er ved at blive et uformelt "
                "samlingspunkt for familier, hvor der tilbydes billig og vellavet aftensmad, lavet på "
                "bæredygtige produkter fra Fødevarebanken."
            ),
            "deliverable_3": (
                "Åbningen af Lykkebazaren, som er den nye alternative genbrugsstation i Urbanplanen. Her "
                "var der masser af regional presse i forbindelse med åbningen og stedet bliver i rigt "
                "omfang besøgt, også af mange udefrakommende københavnere."
            ),
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    2: (
        "okf",
        {
            "responsible_text": (
                "Økonomiforvaltningen og arbejdsgruppen, hovedsageligt den boligsociale helhedsplan Amagerplanen"
            ),
            "on_track": YES,
            "on_track_text": "Ja, aktiviteten kører som planlagt.",
            "deliverable_1": (
                "Der er ikke afholdt arrangementer som har krævet midler fra puljen. Ej heller "
                "dialogpavilloner. Det forventes, at Amagerplanen i samarbejde med andre "
                "arbejdsgruppemedlemmer arrangerer dialogpavillonarrangementer for beboere og besøgende. "
                "Der er planlagt et arrangement for arbejdsgrupperne på tværs af de tre partnerskaber til "
                "afholdelse i efteråret - omhandler god dialog med borgere med fokus på "
                "konfliktnedtrappende og inddragende processer."
            ),
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    3: (
        "sof",
        {
            "responsible_text": "Socialforvaltningen og den boligsociale helhedsplan Amagerplanen",
            "on_track": PARTLY,
            "on_track_text": (
                "Aktiviteten kører delvist som planlagt. Pr. 1. april stoppede indsatsen hos Borgercenter "
                "børn og unge -Amager (SOF) og blev overleveret til Amagerplanen grundet prioritering af "
                "ressourcer. Amagerplanen har pr. 1. august ansat en medarbejder, der kan sikre at vi "
                "kommer i mål med indsatsen. Medarbejderen vil være på fuld tid og forventes at kunne nå "
                "de opsatte mål i efteråret."
            ),
            "deliverable_1": (
                "Vi er endnu ikke kommet så langt ifht. leverancerne, men ved at bygge et godt team op "
                "omkring opgaverne så vi har et godt grundlag for at leverancerne efter sommerferien."
            ),
            "concerns": NO,
            "adjustments": NO,
            "adjustments_text": "Nej, ikke ud over de beskrevne.",
        },
    ),
    4: (
        "buf",
        {
            "responsible_text": "Børne- og Ungdomsforvaltningen",
            "on_track": YES,
            "on_track_text": (
                "Ja, aktiviteten kører som planlagt. Åbningsfladen i containeren kører som planlagt med "
                "bemanning 3 timer dagligt 5 gange om ugen, og alle planlagte aktiviteter gennemføres."
            ),
            "deliverable_1": (
                "Vi har bestrebt os på at afholde to større events om året. Senest blev containercuppen "
                "gennemført med 55 aktive deltagere. Derudover deltog fædregruppen, gadeplan, foreningen "
                "NPA (Nordic projekt activity) og frivillige lokale unge. På selve dagen kom der mange "
                "beboere forbi og udtrykte begejstring for selve arrangementet og det generelle løft og "
                "liv i Remiseparken. Foreningen Mills giver undervisning i løbehjul til børn og unge i "
                "området. De underviser 1 gang ugentligt i april, maj, juni. Aktiviteten tiltrækker ca. "
                "20-25 unge pr. gang. Dette er bare et ex på et samarbejde med en forening. Vi har gjort "
                "os gode erfaringer med screening og brobygning af børn og unge. Screeningen bygger på "
                "den relation der bliver skabt mellem personalet i containeren og de unge der kommer der. "
                "Det er derfor lykkedes os at brobygget flere unge til sunde fællesskaber i idrætslivet og "
                "ungdomsklubber"
            ),
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    5: (
        "tmf",
        {
            "responsible_text": "Teknik- og Miljøforvaltningen",
            "on_track": YES,
            "on_track_text": (
                "Ja, aktiviteten kører som planlagt. Der er afholdt 2 styregruppemøder (medarbejder fra "
                "Amagerplanen, to frivillige fædre og to repræsentanter fra Teknik- og "
                "Miljøforvaltningen), hvor forventninger til 2022, økonomi, årskalender, rekruttering, "
                "mm. er gennemgået."
            ),
            "deliverable_1": (
                "Der er allerede afholdt 3 arrangementer i 2022. Fra d. 14. maj og frem til midt september "
                "afholdes der et arrangement hver anden weekend (minus feriepause i juli). Der planlægges "
                "mindst 12 arrangementer i 2022. Gruppen af frivillige fædre er engagerede, stabile og "
                "motiverede. Arrangementer på legepladsen er velbesøgte og kommentarer fra de besøgende er "
                "meget positive. Det vurderes derfor, at der er tale om en delvis forankring. Der er et "
                "tæt samarbejde mellem TMF, Fædregruppen og den nye boligsociale helhedsplan "
                "Amagerplanen. Der er arbejdet på de fysiske rammer ved at skaffe et overdækningssejl, "
                "som kommer til at løfte komforten af arrangementer gennemført i regnvejr. Der er foruden "
                'partnerskabet "Fædrene På Banen" fortsat et partnerskab mellem Idrætsprojektet i '
                "Københavns Kommune og Fædregruppen, mhp. et kompetenceudviklingsforløb senere på året."
            ),
            "concerns": YES,
            "concerns_text": (
                "Det er en udfordring at rekruttere flere frivillige, hvilket ønskes for at Ansvar på sigt "
                "rykker sig mod fædregruppen. Rekruttering af flere frivillige er et emne som styregruppen "
                "og forskellige aktører har særlig fokus på. Konkret arbejdes der på at bruge ekstra tid i "
                "dialog med besøgende."
            ),
            "adjustments": NO,
        },
    ),
    6: (
        "amagerplanen",
        {
            "responsible_text": "Den boligsociale helhedsplan Amagerplanen",
            "on_track": PARTLY,
            "on_track_text": (
                "Aktiviteten kører delvist som planlagt. Første netværksmøde er udskudt til 8.6.22 grundet "
                "opstart af ny boligsocial helhedsplan, og derved også ny koordinator for netværket. Vi "
                "havde håbet, at vi havde afholdt to møder inden sommeren."
            ),
            "deliverable_1": "Ingen leverancer er på nuværende tidspunkt nået.",
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    7: (
        "amagerplanen",
        {
            "responsible_text": "Den boligsociale helhedsplan Amagerplanen",
            "on_track": YES,
            "on_track_text": "Ja, aktiviteten kører som planlagt",
            "deliverable_1": (
                "Big Heart Skating har siden april stået for skateboardundervisning to gange om ugen med "
                "20-25 deltagere pr. gang. Markant færre i dårligt vejr. Sammen med Big Heart Skating er "
                "vi gået i gang med en forankringsplan."
            ),
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    8: (
        "amagerplanen",
        {
            "responsible_text": "Den boligsociale helhedsplan Amagerplanen",
            "on_track": PARTLY,
            "on_track_text": (
                "Aktiviteten kører delvist som planlagt. Mål om lommepengejobs i ejendomsdriften er endnu "
                "ikke kommet i gang."
            ),
            "deliverable_1": (
                "I 2022 skal der etableres minimum 8 lommepengejobs, hvoraf der på nuværende tidspunkt er "
                "4 unge i lommepengejob. To på nærgenbrugsstationen og to som omdelere af nyhedsbreve og "
                "til at sætte opslag i opgangene."
            ),
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    9: (
        "buf",
        {
            "responsible_text": "Børne- og Ungdomsforvaltningen",
            "on_track": PARTLY,
            "on_track_text": (
                "Aktiviteten kører delvist som planlagt. Aktiviteten er flyttet til Rød Bane i Hørgården, "
                "foreløbig i foråret 2022. Dette fordi deltagerne på blå bane sidste år primært var børn "
                "fra den nærliggende fritidsklub, der derved allerede var i et positivt fællesskab og "
                "derfor ikke havde et stort behov for at blive brobygget. I foråret tester vi om "
                "deltagerne på Rød Bane har en profil, der gør det relevant at arbejde på brobygning."
            ),
            "deliverable_1": (
                "Aktiviteten Fredagsidræt startede den 8. april og har i gennemsnit haft 7,5 deltagere. "
                "Ingen deltagere er endnu brobygget til andet fritidstilbud eller fritidsjob."
            ),
            "concerns": YES,
            "concerns_text": "Fokus på brobygning skal intensiveres",
            "adjustments": NO,
        },
    ),
    10: (
        "amagerplanen",
        {
            "responsible_text": "Den boligsociale helhedsplan Amagerplanen og Børne- og Ungdomsforvaltningen",
            "on_track": YES,
            "on_track_text": "Ja, aktiviteten kører som planlagt.",
            "deliverable_1": (
                "Vi har været i dialog med de unge om relevante ungetilbud, og der er lagt en plan for "
                "gennemførelse, bl.a. flere koloniophold i sommerperioden."
            ),
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    11: (
        "amagerplanen",
        {
            "responsible_text": "Den boligsociale helhedsplan Amagerplanen",
            "on_track": YES,
            "on_track_text": (
                "Ja, aktiviteten kører som planlagt. Der er en klar opbakning fra en meget bred aktørkreds "
                "til projektet. Beboere, frivillige, professionelle. Metoden med konsekvent samskabelse af "
                "alle projektets elementer har fungeret virkelig godt.\n"
                "Der er stor interesse fra de involverede borgere, Sundheds- og Omsorgsforvaltningen og "
                "Frivilligcenter Amager. Vi har 3 vidensplatforme i gang.\n"
                "1. SFH cafeer\n"
                "2. Kortlægning\n"
                "3. Netværk\n"
                'Projektet har et stort skaleringspotentiale som "Samfundshjælperne" arbejder videre på '
                "med både lokalt og nationalt sigte. Udbredt via deltagelse i høring med "
                "sundhedsordførere i Folketinget."
            ),
            "deliverable_1": (
                "Vi har uddannet yderligere 40 samfundshjælperne. Herunder 35 ansatte i 3B's drift. Alle "
                "har haft 2 samtaler i gennemsnit. Så i sammenhæng med de eksisterende samfundshjælperne "
                "vil vi forvente, at 100 samtaler er opnået. Vi har 1 aktivitetssted i drift. "
                "(Samfundshjælpercafe i A-Huset) og 1 under forberedelse i Lykkebasaren.\n"
                "Vi er i slutfase om indgåelse i et 2 ½-årigt projektarbejde med KK -SUF Ældreområdet"
            ),
            "concerns": NO,
            "adjustments": NO,
        },
    ),
    12: (
        "okf",
        {
            "responsible_text": "Økonomiforvaltningen og arbejdsgruppen",
            "on_track": YES,
            "on_track_text": (
                "Ja, aktiviteten kører som planlagt. Epinion har færdiggjort analysen, og arbejdsgruppen vil "
                "drøfte resultater og mulige behov for fokus i partnerskabets aktiviteter fremadrettet."
            ),
            "deliverable_1": "Alle dele af analysen er gennemført.",
            "concerns": NO,
            "adjustments": NO,
        },
    ),
}


def _aware(value):
    return timezone.make_aware(value)


def load(stdout, partnership):
    """Create the round and the approved answers that are missing; a second run changes nothing."""
    User = get_user_model()
    coordinator = User.objects.get(username="koordinator")
    round = ReportingRound.objects.filter(partnership=partnership, year=ROUND["year"]).first()
    if round is None:
        round = ReportingRound(
            partnership=partnership, is_open=True, opened_at=_aware(OPENED_AT), opened_by=coordinator, **ROUND
        )
        round._history_user = coordinator
        round.save()
    if not round.is_open:
        stdout.write(f"{round.title}: runden er lukket; svarene er ikke ændret.")
        return round
    activities = {activity.number: activity for activity in partnership.activities.numbered()}
    created = 0
    for number, (login, answers) in ANSWERS.items():
        activity = activities.get(number)
        if activity is None or StatusResponse.objects.filter(round=round, activity=activity).exists():
            continue
        _approved_response(round, activity, User.objects.get(username=login), coordinator, number, answers)
        created += 1
    stdout.write(f"{round.title}: {created} svar tilføjet, {round.responses.count()} i alt")
    return round


@transaction.atomic
def _approved_response(round, activity, respondent, coordinator, number, answers):
    response = StatusResponse(round=round, activity=activity, updated_by=respondent)
    response._history_user = respondent
    response.save()
    full = {name: "" for name in StatusResponse.ANSWER_FIELDS} | answers
    workflow.response_save(response, answers=full, expected_version=response.version, acting_user=respondent)
    submitted = workflow.transition(response, workflow.Action.SUBMIT, acting_user=respondent)
    approved = workflow.transition(response, workflow.Action.APPROVE, acting_user=coordinator)
    # Dates as in 2022, so the history reads like the real round did.
    submitted_at = _aware(datetime.datetime.combine(SUBMITTED_ON, datetime.time(10, number)))
    approved_at = _aware(APPROVED_AT + datetime.timedelta(minutes=number))
    type(submitted).objects.filter(pk=submitted.pk).update(at=submitted_at)
    type(approved).objects.filter(pk=approved.pk).update(at=approved_at)
    StatusResponse.objects.filter(pk=response.pk).update(submitted_at=submitted_at, updated_at=approved_at)
    history = list(response.history.order_by("history_date", "history_id"))
    for index, record in enumerate(history):
        when = (
            approved_at
            if index == len(history) - 1
            else submitted_at - datetime.timedelta(minutes=len(history) - index)
        )
        type(record).objects.filter(pk=record.pk).update(history_date=when)
