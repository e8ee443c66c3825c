"""Everything sections 1 to 3 of the status report need from the indicator data, in one call.

:func:`indicator_summary` reads the partnership's survey results, police counts,
populations, sources, goals and numbered activities with a fixed number of queries
(seven, whatever the amount of data) and returns frozen dataclasses that both the indicator
page and the status report render. All numbers are already rounded as printed, and every
change is computed from printed values, so the tables add up for a reader.

Years follow design.md: for report year Y the survey of Y is compared with Y−1 and with
the first year of the series; the police figures of the last full year Y−1 are compared
with the goals' baseline year. Missing data never raises: the value is None (shown as
"ikke opgjort") and a Danish sentence is added to :attr:`IndicatorSummary.messages`.

The package: ``results`` holds the dataclasses, ``builder`` the entry points, the reading
and section 3, ``survey`` section 1 and ``police`` section 2.
"""

from indicators.summary.builder import (
    DEFAULT_COLLABORATION_THRESHOLD,
    default_report_year,
    default_report_years,
    indicator_summaries,
    indicator_summary,
)
from indicators.summary.police import GOAL_CATEGORIES, MONITORING_CATEGORIES
from indicators.summary.results import (
    NOT_AVAILABLE,
    CollaborationSummary,
    CrimeRow,
    GoalRow,
    IndicatorSummary,
    PoliceSummary,
    RatePoint,
    SourceInfo,
    SurveyMeasureSummary,
    SurveyPoint,
    SurveySeries,
)
from indicators.summary.survey import LEVELS

__all__ = [
    "DEFAULT_COLLABORATION_THRESHOLD",
    "GOAL_CATEGORIES",
    "LEVELS",
    "MONITORING_CATEGORIES",
    "NOT_AVAILABLE",
    "CollaborationSummary",
    "CrimeRow",
    "GoalRow",
    "IndicatorSummary",
    "PoliceSummary",
    "RatePoint",
    "SourceInfo",
    "SurveyMeasureSummary",
    "SurveyPoint",
    "SurveySeries",
    "default_report_year",
    "default_report_years",
    "indicator_summaries",
    "indicator_summary",
]
