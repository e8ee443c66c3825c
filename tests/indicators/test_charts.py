"""Figur 1–3 as SVG: Danish labels, the series break made visible, and drawn once per data."""

import re

import pytest
from django.core.cache import cache
from django.utils import translation

from indicators import charts
from indicators.summary import indicator_summary


@pytest.fixture(autouse=True)
def _danish_and_empty_cache():
    cache.clear()
    with translation.override("da"):
        yield
    cache.clear()


@pytest.fixture
def summary(demo):
    return indicator_summary(demo, 2022)


def test_survey_chart_shows_the_seed_values_and_marks_the_old_area(summary):
    svg = charts.survey_chart(summary.neighbourhood)
    assert svg.startswith("<svg")
    assert "<title>Andel utrygge i nabolaget. 2014: Område 16 %; 2021: Område 17 %;" in svg
    for label in ("16 %", "17 %", "3 %", "9 %"):
        assert f">{label}</text>" in svg
    assert "Område før 2021: ikke direkte sammenligneligt" in svg
    assert "url(#h" in svg  # the hatch pattern of the bar from 2014


def test_survey_chart_without_a_break_has_no_hatching(summary, demo):
    demo.comparable_from_year = None
    demo.save()
    svg = charts.survey_chart(indicator_summary(demo, 2022).neighbourhood)
    assert "ikke direkte sammenligneligt" not in svg
    assert "url(#h" not in svg


def test_crime_rate_chart_uses_decimal_commas(summary):
    svg = charts.crime_rate_chart(summary.police)
    for label in ("24,2", "26,0", "34,5"):
        assert f">{label}</text>" in svg
    assert "Hele byen" in svg


def test_two_charts_on_one_page_share_no_ids(summary):
    page = charts.survey_chart(summary.neighbourhood) + charts.survey_chart(summary.evening_night)
    page += charts.crime_rate_chart(summary.police)
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_same_data_is_drawn_once(summary, demo, monkeypatch):
    drawn = []
    original = charts._grouped_bars
    monkeypatch.setattr(charts, "_grouped_bars", lambda **kwargs: drawn.append(1) or original(**kwargs))
    first = charts.survey_chart(summary.neighbourhood)
    again = charts.survey_chart(indicator_summary(demo, 2022).neighbourhood)
    assert first == again
    assert len(drawn) == 1

    demo.survey_results.filter(year=2022, level="by").update(percent=10)
    changed = charts.survey_chart(indicator_summary(demo, 2022).neighbourhood)
    assert len(drawn) == 2
    assert ">10 %</text>" in changed
