"""Sections 1 to 3 shaped for the report template, from the indicator summary.

:func:`indicator_sections` reads :func:`indicators.summary.indicator_summary`, fills the
fact records of :mod:`~indicators.report_text.survey` and
:mod:`~indicators.report_text.police` from it, and adds the tables' rows, the charts and
the "Kilde:" lines.
"""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from indicators.calculations import GoalState, format_number
from indicators.report_text.collaboration import collaboration_sentences
from indicators.report_text.formatting import format_change, not_counted
from indicators.report_text.police import (
    CountFacts,
    CrimeFacts,
    count_row,
    crime_sentences,
    monitoring_sentences,
)
from indicators.report_text.sources import default_sources, source_lines
from indicators.report_text.survey import SurveyFacts, survey_sentences


def _measure_texts(measure, partnership):
    if measure == "utrygge_nabolag":
        return _("Andel utrygge i %(name)s") % {"name": partnership.name}, _("utrygge i nabolaget")
    return _("Andel utrygge i aften- og nattetimerne"), _("utrygge i aften- og nattetimerne")


def survey_facts(measure_summary, *, phrase, district_name, comparable_from_year, figure_number):
    """SurveyFacts from one measure of :func:`indicators.summary.indicator_summary`."""
    summary = measure_summary
    return SurveyFacts(
        phrase=phrase,
        year=summary.report_year,
        current=summary.current.printed if summary.current else None,
        since_previous=summary.since_previous,
        first_year=summary.first.year if summary.first else None,
        since_first=summary.since_first,
        versus_district=summary.versus_district,
        versus_city=summary.versus_city,
        district_name=district_name,
        comparable_from_year=comparable_from_year,
        change_significance=summary.current.significance if summary.current else None,
        district_significance=summary.district_current.significance if summary.district_current else None,
        city_significance=summary.city_current.significance if summary.city_current else None,
        figure_number=figure_number,
        goal_status=summary.goal.status if summary.goal else None,
        mention_location=figure_number == 1,
    )


def crime_facts(police):
    """CrimeFacts from the police part of the indicator summary."""
    borgervendt = police.borgervendt
    missing_years = []
    if borgervendt.baseline_population is None:
        missing_years.append(police.baseline_year)
    if borgervendt.current_population is None:
        missing_years.append(police.year)
    return CrimeFacts(
        year=police.year,
        baseline_year=police.baseline_year,
        count=borgervendt.current_count,
        rate=borgervendt.current,
        since_baseline=borgervendt.since_baseline,
        versus_city=police.versus_city,
        rate_goal_state=borgervendt.status.state if borgervendt.status else "",
        missing_population_years=missing_years,
        selected=[
            CountFacts(
                row.label,
                row.baseline,
                row.current,
                row.status.state if row.status else "",
                since_baseline=row.since_baseline,
            )
            for row in police.goal_rows[1:]
        ],
        monitored=[
            CountFacts(row.label, row.baseline, row.current, since_baseline=row.since_baseline)
            for row in police.monitoring_rows
        ],
    )


def _status_class(status):
    if status is None:
        return ""
    if status.state == GoalState.MET:
        return "status-met"
    if status.state == GoalState.NOT_MET:
        return "status-not-met"
    return "missing"


def goal_table_row(row):
    """A row of Tabel 1; the rate row says its unit as the seed does."""
    if row.per_1000:
        baseline = _per_1000(row.baseline)
        current = _per_1000(row.current)
    else:
        baseline, current = row.baseline_display, row.current_display
    return {
        "label": row.label,
        "goal": row.goal.rule_text if row.goal else "",
        "baseline": baseline,
        "current": current,
        "change": format_change(row.change, row.places),
        "status": row.status.label if row.status else "",
        "status_reason": row.status.reason if row.status else "",
        "status_class": _status_class(row.status),
    }


def _per_1000(value):
    if value is None:
        return not_counted()
    return _("%(rate)s anmeldelser pr. 1000 indbyggere") % {"rate": format_number(value, 1)}


def _chart(name, *args):
    """Inline SVG from :mod:`indicators.charts`; drawn on the server from numbers only, with
    its text escaped there, so it is safe to place in the page as markup."""
    from indicators import charts

    return mark_safe(getattr(charts, name)(*args))  # noqa: S308


def indicator_sections(partnership, year, *, report=None, problems, charts=True):
    """Sections 1 to 3 for the template, from the indicator summary and the charts.

    Missing data never raise: the sentences say what is missing, the cells read
    "ikke opgjort", and the summary's Danish messages are added to ``problems``.
    """
    from indicators.summary import indicator_summary

    summary = indicator_summary(partnership, year)
    problems.extend(summary.messages)
    survey_note = report.survey_note.strip() if report else ""
    sources = source_lines(report) if report else default_sources(partnership, year)
    safety = []
    for number, measure_summary in enumerate(summary.survey.values(), start=1):
        heading, phrase = _measure_texts(measure_summary.measure, partnership)
        facts = survey_facts(
            measure_summary,
            phrase=phrase,
            district_name=partnership.district,
            comparable_from_year=summary.comparable_from_year,
            figure_number=number,
        )
        safety.append(
            {
                "heading": heading,
                "paragraphs": survey_sentences(facts),
                "figure_number": number,
                "figure_title": measure_summary.label,
                "chart": _chart("survey_chart", measure_summary) if charts else "",
                "source": " ".join(filter(None, [sources[f"figure_{number}_source"], survey_note])),
            }
        )
    police = summary.police
    facts = crime_facts(police)
    crime = {
        "year": police.year,
        "baseline_year": police.baseline_year,
        "paragraphs": crime_sentences(facts),
        "goal_rows": [goal_table_row(row) for row in police.goal_rows],
        "table1_source": sources["table_1_source"],
        "chart": _chart("crime_rate_chart", police) if charts else "",
        "figure3_source": sources["figure_3_source"],
        "monitoring_paragraphs": monitoring_sentences(facts),
        "monitoring_rows": [count_row(item) for item in facts.monitored],
        "monitoring_total": {
            "baseline": format_number(police.monitoring_baseline_total)
            if police.monitoring_baseline_total is not None
            else not_counted(),
            "current": format_number(police.monitoring_current_total)
            if police.monitoring_current_total is not None
            else not_counted(),
            "change": format_change(police.monitoring_change),
        },
        "table2_source": sources["table_2_source"],
    }
    return {
        "summary": summary,
        "safety": safety,
        "crime": crime,
        "collaboration_sentences": collaboration_sentences(summary.collaboration, partnership, year),
    }
