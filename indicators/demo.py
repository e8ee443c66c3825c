"""The seed's indicator numbers for Amager Partnerskab: survey, police, population, sources, goals.

The populations are not printed in the seed; they are chosen so that the printed rates come
out exactly: 201 of 8.300 is 24,2 and 217 of 8.346 is 26,0 per 1000 in the area, and
22.233 of 644.431 is 34,5 for the city.
"""

import datetime
from decimal import Decimal

from activities.models import Partnership
from indicators import demo_report
from indicators.models import Category, DataSource, Level, Measure, PoliceCount, Population, SurveyResult
from indicators.services import goals_create_standard

# measure, level, year, percent, significant (area: change since the year before;
# bydel/by: difference to the area that year)
SURVEY = [
    (Measure.NEIGHBOURHOOD, Level.AREA, 2014, 16, None),
    (Measure.NEIGHBOURHOOD, Level.AREA, 2021, 17, None),
    (Measure.NEIGHBOURHOOD, Level.AREA, 2022, 17, False),
    (Measure.NEIGHBOURHOOD, Level.DISTRICT, 2022, 3, True),
    (Measure.NEIGHBOURHOOD, Level.CITY, 2022, 9, True),
    (Measure.EVENING_NIGHT, Level.AREA, 2014, 34, None),
    (Measure.EVENING_NIGHT, Level.AREA, 2021, 27, None),
    (Measure.EVENING_NIGHT, Level.AREA, 2022, 31, False),
    (Measure.EVENING_NIGHT, Level.DISTRICT, 2022, 11, True),
    (Measure.EVENING_NIGHT, Level.CITY, 2022, 17, True),
]

# category: (2020, 2021) in the partnership area
POLICE_AREA = {
    Category.BORGERVENDT: (201, 217),
    Category.INDBRUD: (11, 9),
    Category.TYVERI_ROEVERI: (49, 35),
    Category.VOLD_VAABEN: (53, 67),
    Category.CHIKANE: (80, 61),
    Category.HAERVAERK: (33, 37),
    Category.NARKOTIKA: (78, 119),
    Category.TRUSLER: (24, 22),
}
POLICE_CITY = [(Category.BORGERVENDT, 2021, 22233)]

POPULATION = [
    (Level.AREA, 2020, 8300),
    (Level.AREA, 2021, 8346),
    (Level.CITY, 2021, 644431),
]

SOURCES = [
    (
        DataSource.Dataset.SURVEY,
        "Københavns Tryghedsundersøgelse 2022",
        datetime.date(2022, 4, 30),
        "I 2021 blev det geografiske område for Amager Partnerskab udvidet. "
        "Resultaterne for 2022 er derfor kun direkte sammenlignelige med 2021.",
    ),
    (
        DataSource.Dataset.POLICE,
        "Københavns Politi",
        datetime.date(2022, 1, 31),
        "Det bemærkes, at data er dynamisk. Dynamiske tal opdateres løbende, hvorfor de er behæftet "
        "med usikkerhed. For eksempel kan der frafalde sigtelser, efter opgørelsen er foretaget.",
    ),
]


def _upsert(model, lookup, values):
    """Create or update one row, saving (and writing history) only when something differs."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values)
    if any(getattr(row, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    return row


def load(stdout):
    """Load the indicator data of the Amager demo; running it twice changes nothing."""
    partnership = Partnership.objects.get(slug="amager")
    for measure, level, year, percent, significant in SURVEY:
        _upsert(
            SurveyResult,
            dict(partnership=partnership, measure=measure, level=level, year=year),
            {"percent": Decimal(percent), "significant": significant},
        )
    police = [
        (category, Level.AREA, year, count)
        for category, counts in POLICE_AREA.items()
        for year, count in zip((2020, 2021), counts, strict=True)
    ] + [(category, Level.CITY, year, count) for category, year, count in POLICE_CITY]
    for category, level, year, count in police:
        _upsert(
            PoliceCount,
            dict(partnership=partnership, category=category, level=level, year=year),
            {"count": count},
        )
    for level, year, population in POPULATION:
        _upsert(Population, dict(partnership=partnership, level=level, year=year), {"population": population})
    for dataset, source, as_of, note in SOURCES:
        _upsert(
            DataSource,
            dict(partnership=partnership, dataset=dataset),
            {"source": source, "as_of": as_of, "note": note},
        )
    goals_create_standard(partnership=partnership)
    stdout.write(
        f"Indikatorer: {len(SURVEY)} tal fra tryghedsundersøgelsen, {len(police)} antal anmeldelser, "
        f"{len(POPULATION)} befolkningstal, {partnership.goals.count()} mål."
    )
    demo_report.load(stdout, partnership)
