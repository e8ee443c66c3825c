"""Reading the data and building the :class:`~indicators.summary.results.IndicatorSummary`.

:func:`indicator_summary` and :func:`default_report_year` are the entry points. The
builder reads everything in a fixed number of queries, then fills section 1
(:mod:`indicators.summary.survey`), section 2 (:mod:`indicators.summary.police`) and
section 3 (collaboration, here), collecting goal statuses and missing-data messages.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from activities.models import Activity
from indicators import calculations as calc
from indicators.models import (
    DataSource,
    Goal,
    Level,
    Measure,
    PoliceCount,
    Population,
    SurveyResult,
)
from indicators.summary.police import PoliceSectionBuilder
from indicators.summary.results import (
    CollaborationSummary,
    GoalRow,
    IndicatorSummary,
    SourceInfo,
)
from indicators.summary.survey import SurveySectionBuilder

DEFAULT_COLLABORATION_THRESHOLD = Decimal(75)


def default_report_year(partnership):
    """The year whose report the latest data feed: the newest survey year, or the year
    after the newest police year, whichever is later; the plan's first year without data."""
    from django.db.models import Max, Subquery

    from activities.models import Partnership

    def newest(model):
        rows = model.objects.for_partnership(partnership).order_by().values("partnership")
        return Subquery(rows.annotate(newest=Max("year")).values("newest"))

    # Both in one query.
    survey, police = (
        Partnership.objects.filter(pk=partnership.pk)
        .values_list(newest(SurveyResult), newest(PoliceCount))
        .get()
    )
    candidates = [year for year in (survey, police + 1 if police else None) if year]
    return max(candidates) if candidates else partnership.first_year


def indicator_summary(partnership, report_year):
    """Gather sections 1–3 of the report for ``partnership`` and ``report_year`` in six queries.

    See :class:`IndicatorSummary` for the fields. Never raises for missing data.
    """
    builder = _Builder(partnership, report_year)
    return builder.build()


class _Builder(SurveySectionBuilder, PoliceSectionBuilder):
    def __init__(self, partnership, report_year):
        self.partnership = partnership
        self.report_year = report_year
        self.police_year = report_year - 1
        self.break_year = partnership.comparable_from_year
        self.messages = []

    def comparable(self, level, year):
        # Police figures are recomputed by the police for the current area, so the
        # series break only concerns the area's survey results.
        return level != Level.AREA or self.break_year is None or year >= self.break_year

    def missing(self, message):
        if message not in self.messages:
            self.messages.append(message)

    def build(self):
        partnership = self.partnership
        goals = list(Goal.objects.for_partnership(partnership))
        # The report of year Y is a record: later years' data never reach it.
        survey_rows = list(
            SurveyResult.objects.for_partnership(partnership).filter(year__lte=self.report_year)
        )
        counts = {
            (row.category, row.level, row.year): row.count
            for row in PoliceCount.objects.for_partnership(partnership).filter(year__lte=self.police_year)
        }
        populations = {
            (row.level, row.year): row.population
            for row in Population.objects.for_partnership(partnership).filter(year__lte=self.police_year)
        }
        sources = {
            row.dataset: SourceInfo(
                row.dataset, str(row.get_dataset_display()), row.source, row.as_of, row.note
            )
            for row in DataSource.objects.for_partnership(partnership)
        }
        goal_by_key = {(goal.indicator, goal.category): goal for goal in goals}

        self.goal_status = {}
        survey = {measure: self.survey_measure(measure, survey_rows, goal_by_key) for measure in Measure}
        police = self.police(counts, populations, goal_by_key)
        collaboration = self.collaboration(goal_by_key)
        goal_rows = tuple(self.goal_row(goal, self.goal_status.get(goal.pk)) for goal in goals)
        return IndicatorSummary(
            partnership_id=partnership.pk,
            report_year=self.report_year,
            comparable_from_year=self.break_year,
            survey=survey,
            police=police,
            collaboration=collaboration,
            goals=goal_rows,
            sources=sources,
            messages=tuple(self.messages),
        )

    # Goals --------------------------------------------------------------------------------

    def goal_row(self, goal, status):
        if goal is None:
            return None
        if goal.rule == Goal.Rule.MONITOR:
            status = None
        elif status is None:
            status = calc.not_measurable(_("Målet indgår ikke i årets opgørelse."))
        return GoalRow(
            pk=goal.pk,
            indicator=goal.indicator,
            indicator_label=str(goal.get_indicator_display()),
            category=goal.category,
            category_label=str(goal.get_category_display()) if goal.category else "",
            rule=goal.rule,
            rule_text=str(goal.rule_text),
            description=goal.description,
            baseline_year=goal.baseline_year,
            target_year=goal.target_year,
            threshold=goal.threshold,
            status=status,
            note=goal.note,
        )

    # Collaboration ------------------------------------------------------------------------

    def collaboration(self, goal_by_key):
        goal = goal_by_key.get((Goal.Indicator.COLLABORATION, ""))
        threshold = goal.threshold if goal and goal.threshold is not None else DEFAULT_COLLABORATION_THRESHOLD
        counts = Activity.objects.filter(partnership=self.partnership).collaboration_count()
        part, whole = counts.collaborating, counts.numbered
        status = calc.status_minimum_share(part=part, whole=whole, threshold=threshold)
        if goal is not None:
            self.goal_status[goal.pk] = status
        if not whole:
            self.missing(_("Tryghedsplanen har ingen nummererede aktiviteter."))
        return CollaborationSummary(
            part=part, whole=whole, share=calc.share_percent(part, whole), threshold=threshold, status=status
        )
