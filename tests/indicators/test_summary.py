"""The indicator summary reproduces the seed's sections 1–3 and copes with missing data."""

from decimal import Decimal

import pytest
from django.utils import translation

from activities.models import Activity
from indicators.calculations import GoalState, Significance
from indicators.models import Category, Level, Measure, PoliceCount, Population, SurveyResult
from indicators.report_text import survey_facts, survey_sentences
from indicators.services import goals_create_standard
from indicators.summary import default_report_year, indicator_summary
from tests import factories


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


@pytest.fixture(scope="module")
def summary(demo_once, django_db_blocker):
    """The demo's 2022 summary, built once: the tests below only read it."""
    with django_db_blocker.unblock(), translation.override("da"):
        return indicator_summary(demo_once, 2022)


def test_demo_report_year_is_the_newest_survey_year(demo_once, db):
    assert default_report_year(demo_once) == 2022


def test_section_1_neighbourhood(summary):
    measure = summary.neighbourhood
    assert [(p.year, p.display) for p in measure.area.points] == [
        (2014, "16 %"),
        (2021, "17 %"),
        (2022, "17 %"),
    ]
    assert measure.first.year == 2014 and not measure.first.comparable and not measure.first_comparable
    assert measure.previous.display == "17 %" and measure.previous_comparable
    assert measure.change_since_previous == 0
    assert str(measure.direction_since_previous) == "uændret"
    assert measure.significance_since_previous.kind == Significance.NOT_SIGNIFICANT
    assert measure.district_current.display == "3 %"
    assert measure.city_current.display == "9 %"
    assert measure.district_current.significance.is_significant
    assert measure.city_current.significance.is_significant
    assert measure.goal.status.state == GoalState.NOT_MET


def test_section_1_evening_and_night(summary):
    measure = summary.evening_night
    assert (measure.first.display, measure.previous.display, measure.current.display) == (
        "34 %",
        "27 %",
        "31 %",
    )
    assert str(measure.direction_since_previous) == "stigning"
    assert str(measure.direction_since_first) == "fald"
    assert measure.significance_since_previous.kind == Significance.NOT_SIGNIFICANT
    assert (measure.district_current.display, measure.city_current.display) == ("11 %", "17 %")


def test_tabel_1(summary):
    police = summary.police
    assert (police.baseline_year, police.year) == (2020, 2021)
    rows = [
        (row.label, row.baseline_display, row.current_display, row.change_display, row.goal.rule_text)
        for row in police.goal_rows
    ]
    assert rows == [
        ("Antal anmeldelser af borgervendt kriminalitet", "24,2", "26,0", "1,8", "Minimum fastholdelse"),
        ("Indbrud", "11", "9", "-2", "Minimum fastholdelse"),
        ("Tyveri/Røveri", "49", "35", "-14", "Minimum fastholdelse"),
        ("Vold/Våben", "53", "67", "14", "Minimum fastholdelse"),
    ]
    assert [row.status.state for row in police.goal_rows] == [
        GoalState.NOT_MET,
        GoalState.MET,
        GoalState.MET,
        GoalState.NOT_MET,
    ]
    assert police.borgervendt.current_count == 217
    assert police.city_rate_display == "34,5"
    assert "drab (mv.)" in police.borgervendt_definition


def test_tabel_2_with_totals(summary):
    police = summary.police
    assert [(row.label, row.baseline, row.current, row.change) for row in police.monitoring_rows] == [
        ("Chikane", 80, 61, -19),
        ("Hærværk", 33, 37, 4),
        ("Narkotika", 78, 119, 41),
        ("Trusler", 24, 22, -2),
    ]
    assert (police.monitoring_baseline_total, police.monitoring_current_total, police.monitoring_change) == (
        215,
        239,
        24,
    )
    assert all(row.goal is None for row in police.monitoring_rows)


def test_figure_3_series(summary):
    assert [(p.year, p.area, p.city) for p in summary.police.rates] == [
        (2020, Decimal("24.2"), None),
        (2021, Decimal("26.0"), Decimal("34.5")),
    ]


def test_sources_and_no_messages(summary):
    assert summary.survey_source.source == "Københavns Tryghedsundersøgelse 2022"
    assert summary.police_source.line.startswith("Kilde: Københavns Politi. Det bemærkes")
    assert summary.messages == ()


def test_collaboration_counts_numbered_activities_with_two_partners(partnership):
    goals_create_standard(partnership=partnership)
    units = factories.UnitFactory.create_batch(3)
    for index in range(4):
        factories.ActivityFactory(partnership=partnership, partner_units=units[: 2 if index else 1])
    Activity.objects.create(partnership=partnership, number=None, title="Videnspuljen")
    collaboration = indicator_summary(partnership, 2022).collaboration
    assert (collaboration.part, collaboration.whole, collaboration.share_display) == (3, 4, "75 %")
    assert collaboration.status.is_met


def test_missing_data_gives_messages_not_errors(partnership):
    goals_create_standard(partnership=partnership)
    PoliceCount.objects.create(
        partnership=partnership, category=Category.BORGERVENDT, level=Level.AREA, year=2021, count=100
    )
    summary = indicator_summary(partnership, 2022)
    assert "Ingen befolkningstal for området i 2021." in summary.messages
    assert "Ingen befolkningstal for området i 2020." in summary.messages
    borgervendt = summary.police.borgervendt
    assert borgervendt.current is None and borgervendt.current_display == "ikke opgjort"
    assert borgervendt.status.state == GoalState.NOT_MEASURABLE
    assert summary.neighbourhood.goal.status.state == GoalState.NOT_MEASURABLE
    assert summary.police.monitoring_baseline_total is None
    assert summary.collaboration.status.state == GoalState.NOT_MEASURABLE


def test_series_break_marks_old_area_values_and_blocks_the_comparison(partnership):
    partnership.comparable_from_year = 2021
    partnership.save()
    goals_create_standard(partnership=partnership)
    for year, percent in [(2020, 30), (2021, 20)]:
        SurveyResult.objects.create(
            partnership=partnership,
            measure=Measure.NEIGHBOURHOOD,
            level=Level.AREA,
            year=year,
            percent=percent,
            respondents=1000,
        )
    SurveyResult.objects.create(
        partnership=partnership, measure=Measure.NEIGHBOURHOOD, level=Level.CITY, year=2021, percent=9
    )
    measure = indicator_summary(partnership, 2021).neighbourhood
    assert [p.comparable for p in measure.area.points] == [False, True]
    assert not measure.previous_comparable
    # Respondent counts would allow a z-test, but not across the break.
    assert measure.current.significance.kind == Significance.NOT_TESTED
    assert measure.goal.status.state == GoalState.NOT_MEASURABLE


def test_significance_is_computed_from_respondents_without_a_flag(partnership):
    for year, percent in [(2021, 31), (2022, 27)]:
        SurveyResult.objects.create(
            partnership=partnership,
            measure=Measure.EVENING_NIGHT,
            level=Level.AREA,
            year=year,
            percent=percent,
            respondents=3000,
        )
    current = indicator_summary(partnership, 2022).evening_night.current
    assert current.significance.basis == "computed"
    assert current.significance.is_significant


def _add_data(partnership, years):
    for year in years:
        Population.objects.create(
            partnership=partnership, level=Level.AREA, year=year, population=8000 + year
        )
        for category in Category:
            PoliceCount.objects.create(
                partnership=partnership, category=category, level=Level.AREA, year=year, count=year % 50
            )
        for measure in Measure:
            for level in Level:
                SurveyResult.objects.create(
                    partnership=partnership,
                    measure=measure,
                    level=level,
                    year=year,
                    percent=10,
                    respondents=500,
                )


@pytest.mark.parametrize("years", [range(2019, 2021), range(2005, 2023)])
def test_query_count_does_not_grow_with_the_data(partnership, django_assert_max_num_queries, years):
    goals_create_standard(partnership=partnership)
    _add_data(partnership, years)
    factories.ActivityFactory.create_batch(len(years), partnership=partnership)
    with django_assert_max_num_queries(7):
        indicator_summary(partnership, 2022)


def test_page_and_sentences_judge_the_printed_values_from_one_comparison(partnership):
    """16,6 % against the city's 17,4 % prints as 17 % against 17 %: the summary (the
    indicator page), the sentence and the long view all say "på niveau"/"samme niveau"."""
    for level, year, percent in [
        (Level.AREA, 2014, Decimal("17.4")),
        (Level.AREA, 2021, Decimal("16.6")),
        (Level.AREA, 2022, Decimal("16.6")),
        (Level.CITY, 2022, Decimal("17.4")),
    ]:
        SurveyResult.objects.create(
            partnership=partnership, measure=Measure.NEIGHBOURHOOD, level=level, year=year, percent=percent
        )
    measure = indicator_summary(partnership, 2022).neighbourhood
    assert (measure.versus_city.before, measure.versus_city.after) == (Decimal(17), Decimal(17))
    assert str(measure.versus_city.direction) == "uændret"
    assert str(measure.direction_since_first) == "uændret" and measure.change_since_first == 0
    facts = survey_facts(
        measure, phrase="utrygge i nabolaget", district_name="", comparable_from_year=None, figure_number=1
    )
    text = " ".join(survey_sentences(facts))
    assert "er i 2022 på niveau med hele byen (17 %)" in text
    assert "på samme niveau som i 2014 (17 %)" in text
