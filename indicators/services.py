"""Writes that touch several indicator rows: each one transaction."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Category, Goal


def data_basis():
    """The agreement's paragraph on what goal 2 is measured on."""
    return _(
        "Data fra Københavns Kommunes tryghedsundersøgelse og data fra Rigspolitiets anmeldelsesregister "
        "danner grundlag for målingen. Den årlige monitorering sker på baggrund af data fra Københavns Politi."
    )


def area_phrase(partnership):
    """ "Amager Partnerskabsområde" as the agreement says it, else "partnerskabsområdet"."""
    if partnership.name.endswith("Partnerskab"):
        return f"{partnership.name}sområde"
    return _("partnerskabsområdet")


def standard_goals(partnership):
    """The goal set of the partnership agreements (the seed's "målsætninger"), as unsaved
    field values: survey shares falling toward the city's level by the plan's last year,
    crime held at the baseline year's level, four monitored crime types and at least 75 %
    of the activities with two or more partners."""
    baseline = partnership.baseline_year
    target = partnership.last_year
    survey_text = _(
        "Andelen af utrygge borgere i %(name)s skal årligt udvise et fald i utrygheden og nærme sig "
        "Københavnniveau i %(year)s, også hvad utryghed i aften- og nattetimer angår."
    ) % {"name": partnership.name, "year": target}
    goals = [
        dict(
            indicator=Goal.Indicator.NEIGHBOURHOOD,
            rule=Goal.Rule.DECREASE_TOWARD_CITY,
            description=survey_text,
        ),
        dict(
            indicator=Goal.Indicator.EVENING_NIGHT,
            rule=Goal.Rule.DECREASE_TOWARD_CITY,
            description=survey_text,
        ),
        dict(
            indicator=Goal.Indicator.REPORTS_PER_1000,
            category=Category.BORGERVENDT,
            rule=Goal.Rule.MAINTAIN,
            description=_(
                "Det samlede antal anmeldelser af borgervendt kriminalitet per 1000 indbyggere i "
                "%(area)s, skal som minimum fastholdes på %(year)s-niveau."
            )
            % {"area": area_phrase(partnership), "year": baseline},
            note=data_basis(),
        ),
    ]
    selected_text = _(
        "Antal anmeldelser for tre udvalgte gerningskoder (indbrud, tyveri/røveri og vold/våben) i "
        "partnerskabsområdet skal som minimum fastholdes på %(year)s-niveau."
    ) % {"year": baseline}
    for category in (Category.INDBRUD, Category.TYVERI_ROEVERI, Category.VOLD_VAABEN):
        goals.append(
            dict(
                indicator=Goal.Indicator.REPORTS,
                category=category,
                rule=Goal.Rule.MAINTAIN,
                description=selected_text,
            )
        )
    monitoring_text = _(
        "Årlig monitorering på følgende gerningstyper: Chikane, hærværk, narkotika og trusler."
    )
    for category in (Category.CHIKANE, Category.HAERVAERK, Category.NARKOTIKA, Category.TRUSLER):
        goals.append(
            dict(
                indicator=Goal.Indicator.REPORTS,
                category=category,
                rule=Goal.Rule.MONITOR,
                description=monitoring_text,
            )
        )
    goals.append(
        dict(
            indicator=Goal.Indicator.COLLABORATION,
            rule=Goal.Rule.MINIMUM_SHARE,
            threshold=Decimal(75),
            description=_(  # xgettext:no-python-format
                "Ud af det samlede antal aktiviteter i tryghedsplanen, skal minimum 75 % involvere to eller "
                "flere samarbejdspartnere, lokaliseret i eller udenfor partnerskabsområdet. Dette for at "
                "understøtte det tværgående samarbejde på tværs af partnerskabets geografiske afgrænsning."
            ),
        )
    )
    for order, goal in enumerate(goals, start=1):
        goal.setdefault("category", "")
        goal.setdefault("threshold", None)
        goal.setdefault("note", "")
        goal["order"] = order
        goal["baseline_year"] = baseline if goal["rule"] == Goal.Rule.MAINTAIN else None
        goal["target_year"] = target if goal["rule"] == Goal.Rule.DECREASE_TOWARD_CITY else None
    return goals


@transaction.atomic
def goals_create_standard(*, partnership, acting_user=None):
    """Give the partnership the standard goal set. Goals it already has (same indicator and
    category) are left as they are, so running it twice changes nothing. Returns the number
    of goals created."""
    existing = set(Goal.objects.filter(partnership=partnership).values_list("indicator", "category"))
    created = 0
    for values in standard_goals(partnership):
        if (values["indicator"], values["category"]) in existing:
            continue
        goal = Goal(partnership=partnership, **values)
        goal.full_clean()
        if acting_user is not None:
            goal._history_user = acting_user
        goal.save()
        created += 1
    return created
