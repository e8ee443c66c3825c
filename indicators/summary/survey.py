"""Section 1 of the summary: the two survey measures behind Figur 1 and 2.

:class:`SurveySectionBuilder` is mixed into the summary's builder
(:mod:`indicators.summary.builder`) and uses its ``report_year``, ``break_year``,
``goal_status``, :meth:`comparable`, :meth:`missing` and :meth:`goal_row`.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from indicators import calculations as calc
from indicators.models import Goal, Level, Measure
from indicators.summary.results import SurveyMeasureSummary, SurveyPoint, SurveySeries

LEVELS = [Level.AREA, Level.DISTRICT, Level.CITY]


class SurveySectionBuilder:
    """Builds one :class:`SurveyMeasureSummary` per measure and the survey goals' status."""

    def survey_measure(self, measure, rows, goal_by_key):
        rows = [row for row in rows if row.measure == measure]
        by_level = defaultdict(dict)
        for row in rows:
            by_level[row.level][row.year] = row
        area_rows = by_level[Level.AREA]

        def point(row):
            if row.level == Level.AREA:
                before = area_rows.get(row.year - 1)
                same_series = before is not None and self.comparable(
                    Level.AREA, before.year
                ) == self.comparable(Level.AREA, row.year)
                if row.significant is None and not same_series:
                    significance = calc.NOT_TESTED
                else:
                    significance = calc.significance(
                        given=row.significant,
                        percent_1=row.percent,
                        respondents_1=row.respondents,
                        percent_2=before.percent if before else None,
                        respondents_2=before.respondents if before else None,
                    )
            else:
                area = area_rows.get(row.year)
                significance = calc.significance(
                    given=row.significant,
                    percent_1=area.percent if area else None,
                    respondents_1=area.respondents if area else None,
                    percent_2=row.percent,
                    respondents_2=row.respondents,
                )
            return SurveyPoint(
                level=row.level,
                year=row.year,
                percent=row.percent,
                printed=calc.printed_percent(row.percent),
                respondents=row.respondents,
                significance=significance,
                comparable=self.comparable(row.level, row.year),
            )

        series = {
            level: SurveySeries(
                level=level,
                label=str(Level(level).label),
                points=tuple(point(by_level[level][year]) for year in sorted(by_level[level])),
            )
            for level in LEVELS
        }
        area = series[Level.AREA]
        year = self.report_year
        current = area.get(year)
        previous = area.get(year - 1)
        first = area.points[0] if area.points else None
        if first is not None and first.year >= year:
            first = None
        label = str(Measure(measure).label)
        if current is None:
            self.missing(
                _("Ingen tal for %(measure)s i området i %(year)s.")
                % {"measure": label.lower(), "year": year}
            )
        city_current = series[Level.CITY].get(year)
        city_previous = series[Level.CITY].get(year - 1)
        if current is not None and city_current is None:
            self.missing(
                _("Ingen tal for %(measure)s for hele byen i %(year)s.")
                % {"measure": label.lower(), "year": year}
            )
        previous_comparable = previous is not None and previous.comparable == (
            current.comparable if current else True
        )
        first_comparable = first is not None and first.comparable == (current.comparable if current else True)

        since_previous = None
        if current is not None and previous is not None:
            since_previous = calc.compare_shares(
                previous.percent,
                current.percent,
                current.significance if previous_comparable else None,
            )
        goal = goal_by_key.get((measure, ""))
        if goal is not None and goal.rule == Goal.Rule.DECREASE_TOWARD_CITY:
            self.goal_status[goal.pk] = calc.status_decrease_toward_city(
                previous=since_previous.before if since_previous else None,
                current=since_previous.after if since_previous else None,
                city_previous=city_previous.printed if city_previous else None,
                city_current=city_current.printed if city_current else None,
                year=year,
                comparable=previous_comparable,
            )
        years = sorted({point.year for level_series in series.values() for point in level_series.points})
        return SurveyMeasureSummary(
            measure=measure,
            label=label,
            report_year=year,
            comparable_from_year=self.break_year,
            area=area,
            district=series[Level.DISTRICT],
            city=series[Level.CITY],
            years=tuple(years),
            current=current,
            previous=previous,
            first=first,
            previous_comparable=previous_comparable,
            first_comparable=first_comparable,
            district_current=series[Level.DISTRICT].get(year),
            city_current=city_current,
            goal=self.goal_row(goal, self.goal_status.get(goal.pk)) if goal else None,
            since_previous=since_previous,
        )
