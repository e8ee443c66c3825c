"""The generated sentences: values, direction, comparison, significance, series break, goals."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.calculations import NOT_TESTED, GoalState, compare_printed, compare_shares, significance
from indicators.report_text import (
    CountFacts,
    CrimeFacts,
    SurveyFacts,
    crime_sentences,
    join_words,
    monitoring_sentences,
    survey_sentences,
)

GIVEN_YES = significance(given=True)
GIVEN_NO = significance(given=False)


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def seed_neighbourhood(**changes):
    values = dict(
        phrase="utrygge i nabolaget",
        year=2022,
        current=Decimal(17),
        previous=Decimal(17),
        first_year=2014,
        first=Decimal(16),
        district=Decimal(3),
        city=Decimal(9),
        district_name="Amager Vest",
        comparable_from_year=2021,
        change_significance=GIVEN_NO,
        district_significance=GIVEN_YES,
        city_significance=GIVEN_YES,
    )
    values.update(changes)
    # The summary decides every comparison; these facts carry them as it would.
    current, previous = values["current"], values.pop("previous")
    if current is not None and previous is not None:
        values["since_previous"] = compare_shares(previous, current, values["change_significance"])
    values["since_first"] = compare_printed(values.pop("first"), current)
    values["versus_district"] = compare_printed(values.pop("district"), current)
    values["versus_city"] = compare_printed(values.pop("city"), current)
    return SurveyFacts(**values)


def test_seed_neighbourhood_sentences():
    development, comparison = survey_sentences(seed_neighbourhood())
    assert "I 2022 er 17 % utrygge i nabolaget i partnerskabsområdet." in development
    assert "Andelen er uændret siden 2021 (17 %)." in development
    assert "Udviklingen fra 2021 til 2022 er ikke signifikant." in development
    assert "stigning i andelen utrygge i nabolaget siden 2014 (16 %)" in development
    assert "ikke direkte sammenlignelige" in development  # 2014 lies before the 2021 break
    assert comparison == (
        "Partnerskabet er fysisk placeret i Amager Vest. Andelen utrygge i nabolaget i partnerskabsområdet "
        "er i 2022 over gennemsnittet for både bydelen (3 %) og hele byen (9 %). "
        "Disse forskelle er signifikante, jf. figur 1."
    )


def test_evening_increase_and_long_term_fall():
    development, _comparison = survey_sentences(
        seed_neighbourhood(
            phrase="utrygge i aften- og nattetimerne",
            current=Decimal(31),
            previous=Decimal(27),
            first=Decimal(34),
        )
    )
    assert "I 2022 er 31 % utrygge i aften- og nattetimerne" in development
    assert "Det er en stigning fra 2021 (27 %)." in development
    assert "et fald i andelen utrygge i aften- og nattetimerne siden 2014 (34 %)" in development


def test_significance_is_never_claimed_when_unknown():
    development, comparison = survey_sentences(
        seed_neighbourhood(change_significance=NOT_TESTED, district_significance=None, city_significance=None)
    )
    assert "Det er ikke testet, om udviklingen fra 2021 til 2022 er signifikant." in development
    assert "Det er ikke testet, om forskellene er signifikante" in comparison
    assert "er signifikant." not in development.replace(
        "ikke testet, om udviklingen fra 2021 til 2022 er", ""
    )
    assert "forskelle er signifikante" not in comparison


def test_computed_and_mixed_significance():
    computed = significance(
        percent_1=Decimal(30), respondents_1=900, percent_2=Decimal(20), respondents_2=900
    )
    _development, comparison = survey_sentences(
        seed_neighbourhood(district_significance=computed, city_significance=GIVEN_NO, city=Decimal(17))
    )
    assert "Forskellen til bydelen er signifikant." in comparison
    assert "Forskellen til hele byen er ikke signifikant." in comparison
    assert "er i 2022 over bydelen (3 %)" in comparison
    assert "er i 2022 på niveau med hele byen (17 %)" in comparison


def test_series_break_between_last_year_and_this_year_is_said_instead_of_significance():
    development, _ = survey_sentences(
        seed_neighbourhood(comparable_from_year=2022, change_significance=GIVEN_YES)
    )
    assert "tallene for 2021 og 2022 er ikke direkte sammenlignelige" in development
    assert "er signifikant" not in development


def test_missing_survey_value_says_so():
    (sentence,) = survey_sentences(seed_neighbourhood(current=None))
    assert sentence == "Der er ingen tal for andelen utrygge i nabolaget i partnerskabsområdet i 2022."


def seed_crime(**changes):
    values = dict(
        year=2021,
        baseline_year=2020,
        count=217,
        rate=Decimal("26.0"),
        baseline_rate=Decimal("24.2"),
        city_rate=Decimal("34.5"),
        rate_goal_state=GoalState.NOT_MET,
        selected=[
            count("Indbrud", 11, 9, GoalState.MET),
            count("Tyveri/Røveri", 49, 35, GoalState.MET),
            count("Vold/Våben", 53, 67, GoalState.NOT_MET),
        ],
        monitored=[
            count("Chikane", 80, 61),
            count("Hærværk", 33, 37),
            count("Narkotika", 78, 119),
            count("Trusler", 24, 22),
        ],
    )
    values.update(changes)
    values["since_baseline"] = compare_printed(values.pop("baseline_rate"), values["rate"], places=1)
    values["versus_city"] = compare_printed(values.pop("city_rate"), values["rate"], places=1)
    return CrimeFacts(**values)


def count(label, baseline, current, goal_state=""):
    """A crime type's counts with the change the summary decides for them."""
    return CountFacts(label, baseline, current, goal_state, since_baseline=compare_printed(baseline, current))


def test_seed_crime_paragraph():
    (text,) = crime_sentences(seed_crime())
    assert text.startswith(
        "I 2021 blev der i partnerskabsområdet anmeldt 217 tilfælde af borgervendt kriminalitet, som fx "
        "lommetyveri, tyveri fra køretøjer og vold. Det svarer til 26,0 anmeldelser af borgervendt kriminalitet "
        "pr. 1000 indbyggere, hvilket er en stigning siden 2020 (24,2). Antallet er lavere end gennemsnittet for "
        "hele København (34,5)."
    )
    assert "som minimum fastholdes på 2020-niveau, er dermed ikke nået." in text
    assert (
        "at der i 2021 var 9 anmeldelser af indbrud, 35 anmeldelser af tyveri/røveri og 67 anmeldelser af vold/våben."
        in text
    )
    assert (
        "Målet om minimum fastholdelse er nået for indbrud og tyveri/røveri, men ikke for vold/våben." in text
    )


def test_crime_without_population_says_which_year_and_claims_no_goal():
    (text,) = crime_sentences(
        seed_crime(rate=None, rate_goal_state=GoalState.NOT_MEASURABLE, missing_population_years=[2021])
    )
    assert "Antallet pr. 1000 indbyggere er ikke opgjort, fordi der mangler indbyggertal for " in text
    assert "partnerskabsområdet i 2021." in text
    assert "Det kan ikke opgøres, om målet for borgervendt kriminalitet er nået." in text
    assert "stigning" not in text and "fald" not in text


def test_crime_decrease_is_a_fall_and_the_goal_met():
    (text,) = crime_sentences(seed_crime(rate=Decimal("22.0"), rate_goal_state=GoalState.MET, city_rate=None))
    assert "hvilket er et fald siden 2020 (24,2)" in text
    assert "er dermed nået" in text
    assert "København" not in text


def test_seed_monitoring_paragraph_largest_change_first():
    (text,) = monitoring_sentences(seed_crime())
    assert text == (
        "Tabel 2 viser udviklingen i antal anmeldelser for chikane, hærværk, narkotika og trusler for perioden "
        "2020-2021. Der ses en stigning i anmeldelser af narkotika fra 78 til 119 og hærværk fra 33 til 37. "
        "Der ses et fald i anmeldelser af chikane fra 80 til 61 og trusler fra 24 til 22."
    )


def test_monitoring_with_unchanged_and_missing_values():
    (text,) = monitoring_sentences(seed_crime(monitored=[count("Chikane", 5, 5), count("Trusler", None, 3)]))
    assert "Antallet af anmeldelser af chikane er uændret." in text
    assert "For trusler mangler tal for et af årene." in text


def test_join_words():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b og c"
