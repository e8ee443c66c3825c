"""A large, realistic data set for measuring the site: three partnerships of 40 activities
over eight plan years, ten units, a fully answered round per year and ten years of
indicator series. Used by ``make bench``; safe to run twice (existing partnerships are
left as they are)."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from activities import roles
from activities.models import (
    Activity,
    Budget,
    Partnership,
    ReportingRound,
    ResponseTransition,
    StatusResponse,
    Unit,
)
from indicators.models import (
    Category,
    DataSource,
    Level,
    Measure,
    PoliceCount,
    Population,
    StatusReport,
    SurveyResult,
)
from indicators.services import goals_create_standard

PASSWORD = "skala"
Status = StatusResponse.Status
STATUS_CYCLE = [Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.APPROVED]
STEPS = {Status.DRAFT: 0, Status.SUBMITTED: 1, Status.APPROVED: 2}  # transitions behind each state
PARTNERSHIPS = [
    ("skala-nord", "Skala Nord Partnerskab", "Bispebjerg"),
    ("skala-vest", "Skala Vest Partnerskab", "Valby"),
    ("skala-syd", "Skala Syd Partnerskab", "Sydhavnen"),
]
FIRST_YEAR, LAST_YEAR = 2017, 2024  # eight plan years
SERIES_YEARS = range(2013, 2023)  # ten years of indicator data
ACTIVITIES = 40
BUDGET_LINES = 2  # of the 40, unnumbered rows such as Videnspuljen
UNITS = [(f"SK{n:02d}", f"Skalaenhed {n:02d}") for n in range(1, 11)]
THEMES = [
    "Tryghedsvandringer",
    "Natteravne",
    "Lommepengejobs",
    "Bemandet legeplads",
    "Forældrenetværk",
    "Gadeplansindsats",
    "Belysning af stier",
    "Samfundshjælpere",
    "Fritidsjob for unge",
    "Dialogmøder med politiet",
]
LOREM = (
    "Aktiviteten kører som planlagt med faste ugentlige tilbud og god opbakning fra beboerne. "
    "Samarbejdet med boligsocialt team og politiet er styrket, og vi forventer at nå målene for året."
)


class Command(BaseCommand):
    help = (
        "Opretter et stort datasæt til måling af svartider: 3 partnerskaber, 8 planår, 40 aktiviteter, "
        "10 enheder, en besvaret runde pr. år og indikatorer for 10 år."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2022, help="frø til tilfældige tal (samme data hver gang)"
        )

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(options["seed"])
        units = self._units()
        users = self._users(units)
        for slug, name, district in PARTNERSHIPS:
            if Partnership.objects.filter(slug=slug).exists():
                self.stdout.write(f"{name} findes allerede; springes over.")
                continue
            partnership = Partnership.objects.create(
                slug=slug,
                name=name,
                district=district,
                first_year=FIRST_YEAR,
                last_year=LAST_YEAR,
                baseline_year=FIRST_YEAR - 1,
            )
            partnership.coordinators.add(users["coordinator"])
            partnership.readers.add(users["reader"])
            activities = self._plan(partnership, units, rng)
            responses = self._rounds(partnership, activities, users, rng)
            values = self._indicators(partnership, rng)
            self.stdout.write(
                f"{name}: {len(activities)} aktiviteter, {responses} svar, {values} indikatorværdier."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Skaladata er klar. Logins (adgangskode '{PASSWORD}'): "
                "skala-admin, skala-koordinator, skala-laeser, sk01 … sk10."
            )
        )

    def _units(self):
        units = []
        for short_name, name in UNITS:
            unit, _created = Unit.objects.get_or_create(short_name=short_name, defaults={"name": name})
            units.append(unit)
        return units

    def _users(self, units):
        User = get_user_model()

        def user(username, role):
            account, created = User.objects.get_or_create(
                username=username, defaults={"first_name": username, "email": f"{username}@example.kk.dk"}
            )
            if created:
                account.set_password(PASSWORD)
                account.save()
            account.groups.add(roles.role_group(role))
            return account

        members = []
        for unit in units:
            member = user(unit.short_name.lower(), roles.ROLE_UNIT_MEMBER)
            unit.members.add(member)
            members.append(member)
        administrator = user("skala-admin", roles.ROLE_ADMINISTRATOR)
        # Like the demo's admin, the municipal administrator also uses the Django admin.
        administrator.is_staff = administrator.is_superuser = True
        administrator.save(update_fields=["is_staff", "is_superuser"])
        return {
            "administrator": administrator,
            "coordinator": user("skala-koordinator", roles.ROLE_COORDINATOR),
            "reader": user("skala-laeser", roles.ROLE_READER),
            "members": members,
        }

    def _plan(self, partnership, units, rng):
        activities = []
        number = 0
        for order in range(1, ACTIVITIES + 1):
            is_line = order % (ACTIVITIES // BUDGET_LINES) == 0
            if not is_line:
                number += 1
            theme = THEMES[order % len(THEMES)]
            activities.append(
                Activity(
                    partnership=partnership,
                    number=None if is_line else number,
                    title=f"{theme} {order}" if not is_line else f"Pulje til {theme.lower()}",
                    description=LOREM,
                    order=order,
                )
            )
        activities = bulk_create_with_history(activities, Activity)
        activities = list(partnership.activities.order_by("order"))
        Responsible = Activity.responsible_units.through
        Partners = Activity.partner_units.through
        responsible, partners = [], []
        for activity in activities:
            if activity.number is None:
                continue
            chosen = rng.sample(units, 4)
            responsible += [
                Responsible(activity=activity, unit=unit) for unit in chosen[: rng.choice([1, 2])]
            ]
            partners += [
                Partners(activity=activity, unit=unit) for unit in chosen[2 : 2 + rng.choice([1, 2, 2])]
            ]
        Responsible.objects.bulk_create(responsible)
        Partners.objects.bulk_create(partners)
        budgets = []
        for activity in activities:
            for year in partnership.plan_years:
                roll = rng.random()
                if year >= LAST_YEAR - 1 and roll < 0.3:
                    continue  # not decided yet
                amount = None if roll > 0.9 else rng.randrange(0, 400) * 1000
                budgets.append(Budget(activity=activity, year=year, amount=amount))
        bulk_create_with_history(budgets, Budget)
        return activities

    def _rounds(self, partnership, activities, users, rng):
        coordinator, members = users["coordinator"], users["members"]
        numbered = [activity for activity in activities if activity.number is not None]
        responses = []
        for year in partnership.plan_years:
            round_ = ReportingRound.objects.create(
                partnership=partnership,
                year=year,
                title=f"Midtvejsstatus {year}",
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 4, 30),
                deadline=datetime.date(year, 5, 15),
                is_open=year == LAST_YEAR,
                opened_by=coordinator,
            )
            for index, activity in enumerate(numbered):
                adjust = rng.random() < 0.2
                # Earlier rounds are finished; in this year's open round the answers are on
                # their way: a quarter still drafts, a quarter awaiting review, half approved.
                status = STATUS_CYCLE[index % len(STATUS_CYCLE)] if round_.is_open else Status.APPROVED
                responses.append(
                    StatusResponse(
                        round=round_,
                        activity=activity,
                        status=status,
                        on_track=rng.choice(StatusResponse.Progress.values),
                        on_track_text=LOREM,
                        deliverables_intro="Eksempler fra perioden:",
                        deliverable_1=f"{rng.randrange(2, 30)} arrangementer med i alt {rng.randrange(40, 600)} deltagere.",
                        deliverable_2="Nyt samarbejde med den lokale skole om fritidstilbud.",
                        deliverable_3="Ugentlige åbningstider udvidet med en aften.",
                        concerns=StatusResponse.YesNo.NO,
                        adjustments=StatusResponse.YesNo.YES if adjust else StatusResponse.YesNo.NO,
                        adjustments_text="Tilbuddet flyttes til weekenden efter ønske fra de unge."
                        if adjust
                        else "",
                        submitted_by=None if status == Status.DRAFT else rng.choice(members),
                        submitted_at=None
                        if status == Status.DRAFT
                        else timezone.make_aware(datetime.datetime(year, 4, 20, 10)),
                        updated_by=coordinator,
                        version=1 + STEPS[status],
                    )
                )
        created = bulk_create_with_history(responses, StatusResponse)
        saved = StatusResponse.objects.filter(round__partnership=partnership).select_related("submitted_by")
        transitions = []
        for response in saved:
            steps = [
                ResponseTransition(
                    response=response,
                    action="submit",
                    from_status=Status.DRAFT,
                    to_status=Status.SUBMITTED,
                    actor=response.submitted_by,
                ),
                ResponseTransition(
                    response=response,
                    action="approve",
                    from_status=Status.SUBMITTED,
                    to_status=Status.APPROVED,
                    actor=coordinator,
                ),
            ]
            transitions += steps[: STEPS[response.status]]
        ResponseTransition.objects.bulk_create(transitions)
        return len(created)

    def _indicators(self, partnership, rng):
        survey, police, population = [], [], []
        for measure, base in ((Measure.NEIGHBOURHOOD, 14), (Measure.EVENING_NIGHT, 28)):
            for level, offset in ((Level.AREA, 0), (Level.DISTRICT, -6), (Level.CITY, -9)):
                for year in SERIES_YEARS:
                    percent = max(1, base + offset + rng.randint(-3, 3))
                    survey.append(
                        SurveyResult(
                            partnership=partnership,
                            measure=measure,
                            level=level,
                            year=year,
                            percent=Decimal(percent),
                            respondents=rng.randrange(300, 900) if level == Level.AREA else None,
                            significant=None,
                        )
                    )
        for year in SERIES_YEARS:
            area_population = 9000 + rng.randrange(-300, 300)
            population += [
                Population(partnership=partnership, level=Level.AREA, year=year, population=area_population),
                Population(partnership=partnership, level=Level.CITY, year=year, population=640000 + year),
            ]
            for category in Category:
                police.append(
                    PoliceCount(
                        partnership=partnership,
                        category=category,
                        level=Level.AREA,
                        year=year,
                        count=rng.randrange(200, 260)
                        if category == Category.BORGERVENDT
                        else rng.randrange(5, 120),
                    )
                )
            police.append(
                PoliceCount(
                    partnership=partnership,
                    category=Category.BORGERVENDT,
                    level=Level.CITY,
                    year=year,
                    count=22000 + rng.randrange(0, 800),
                )
            )
        bulk_create_with_history(survey, SurveyResult)
        bulk_create_with_history(police, PoliceCount)
        bulk_create_with_history(population, Population)
        for dataset, source in (
            (DataSource.Dataset.SURVEY, "Københavns Tryghedsundersøgelse"),
            (DataSource.Dataset.POLICE, "Københavns Politi"),
        ):
            DataSource.objects.create(
                partnership=partnership, dataset=dataset, source=source, as_of=datetime.date(2022, 4, 30)
            )
        goals_create_standard(partnership=partnership)
        for year in partnership.plan_years:
            StatusReport.objects.create(
                partnership=partnership,
                year=year,
                report_date=datetime.date(year, 5, 24),
                f2_case_number=f"{year} - {rng.randrange(1000, 9999)}",
                caseworker="Skala Koordinator",
                crime_commentary=LOREM,
                plan_commentary=LOREM,
            )
        return len(survey) + len(police) + len(population)
