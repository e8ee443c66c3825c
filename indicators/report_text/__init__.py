"""The report's generated Danish sentences.

The sentence functions take small fact records (:class:`SurveyFacts`, :class:`CrimeFacts`)
so they can be read and tested without a database; :func:`indicator_sections` fills the
records from :func:`indicators.summary.indicator_summary` and shapes sections 1 to 3 for
the template. Every number is printed as the tables print it, and a claim (direction,
significance, goal met) is only made when the data allow it.

The package: ``survey`` (section 1), ``police`` (section 2), ``collaboration`` (section 3
and the plan), ``goals`` (the agreement's goals), ``sections`` (the template's sections
from the summary) and ``formatting`` (shared helpers).
"""

from indicators.report_text.collaboration import collaboration_sentences, plan_sentences
from indicators.report_text.formatting import format_change, join_words, not_counted
from indicators.report_text.goals import GoalGroup, GoalOverviewRow, goal_groups, goal_overview
from indicators.report_text.police import (
    CountFacts,
    CrimeFacts,
    count_row,
    crime_sentences,
    monitoring_sentences,
)
from indicators.report_text.sections import (
    crime_facts,
    goal_table_row,
    indicator_sections,
    survey_facts,
)
from indicators.report_text.survey import SurveyFacts, survey_sentences

__all__ = [
    "CountFacts",
    "CrimeFacts",
    "GoalGroup",
    "SurveyFacts",
    "collaboration_sentences",
    "count_row",
    "crime_facts",
    "crime_sentences",
    "format_change",
    "goal_groups",
    "goal_overview",
    "GoalOverviewRow",
    "goal_table_row",
    "indicator_sections",
    "join_words",
    "monitoring_sentences",
    "not_counted",
    "plan_sentences",
    "survey_facts",
    "survey_sentences",
]
