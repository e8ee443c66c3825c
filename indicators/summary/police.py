"""Section 2 of the summary: police reports (Tabel 1, Figur 3 and Tabel 2).

:class:`PoliceSectionBuilder` is mixed into the summary's builder
(:mod:`indicators.summary.builder`) and uses its ``partnership``, ``police_year``,
``goal_status``, :meth:`missing` and :meth:`goal_row`.
"""

from django.utils.translation import gettext as _

from indicators import calculations as calc
from indicators.models import CATEGORIES, Category, Goal, Level
from indicators.summary.results import CrimeRow, PoliceSummary, RatePoint

GOAL_CATEGORIES = [Category.INDBRUD, Category.TYVERI_ROEVERI, Category.VOLD_VAABEN]
MONITORING_CATEGORIES = [Category.CHIKANE, Category.HAERVAERK, Category.NARKOTIKA, Category.TRUSLER]


class PoliceSectionBuilder:
    """Builds the :class:`PoliceSummary` and the police goals' status."""

    def rate(self, counts, populations, level, year, *, report_missing=True):
        count = counts.get((Category.BORGERVENDT, level, year))
        population = populations.get((level, year))
        where = {"level": _level_phrase(level), "year": year}
        if report_missing and count is None:
            self.missing(_("Ingen anmeldelser af borgervendt kriminalitet for %(level)s i %(year)s.") % where)
        if report_missing and population is None:
            self.missing(_("Ingen befolkningstal for %(level)s i %(year)s.") % where)
        return count, population, calc.rate_per_1000(count, population)

    def police(self, counts, populations, goal_by_key):
        year = self.police_year
        borgervendt_goal = goal_by_key.get((Goal.Indicator.REPORTS_PER_1000, Category.BORGERVENDT))
        baseline_year = self.goal_baseline(borgervendt_goal, self.agreement.baseline_year)

        base_count, base_population, base_rate = self.rate(counts, populations, Level.AREA, baseline_year)
        now_count, now_population, now_rate = self.rate(counts, populations, Level.AREA, year)
        if borgervendt_goal is not None and borgervendt_goal.rule == Goal.Rule.MAINTAIN:
            self.goal_status[borgervendt_goal.pk] = calc.status_maintain(
                baseline=base_rate, current=now_rate, baseline_year=baseline_year, year=year, places=1
            )
        rows = [
            CrimeRow(
                category=Category.BORGERVENDT,
                label=str(_("Antal anmeldelser af borgervendt kriminalitet")),
                per_1000=True,
                baseline=base_rate,
                current=now_rate,
                change=calc.change(base_rate, now_rate),
                direction=calc.direction(base_rate, now_rate),
                baseline_count=base_count,
                current_count=now_count,
                baseline_population=base_population,
                current_population=now_population,
                goal=self.goal_row(
                    borgervendt_goal, self.goal_status.get(getattr(borgervendt_goal, "pk", None))
                ),
            )
        ]
        for category in GOAL_CATEGORIES:
            goal = goal_by_key.get((Goal.Indicator.REPORTS, category))
            category_baseline = self.goal_baseline(goal, baseline_year)
            rows.append(self.count_row(counts, category, category_baseline, year, goal))

        city_count, city_population, city_rate = self.rate(counts, populations, Level.CITY, year)
        rate_years = sorted(
            {
                y
                for (category, level, y) in counts
                if category == Category.BORGERVENDT and level != Level.DISTRICT
            }
        )
        rates = tuple(
            RatePoint(
                year=y,
                area=self.rate(counts, populations, Level.AREA, y, report_missing=False)[2],
                city=self.rate(counts, populations, Level.CITY, y, report_missing=False)[2],
            )
            for y in rate_years
        )
        monitoring = [
            self.count_row(
                counts, category, baseline_year, year, goal_by_key.get((Goal.Indicator.REPORTS, category))
            )
            for category in MONITORING_CATEGORIES
        ]
        baseline_total = calc.total(row.baseline for row in monitoring)
        current_total = calc.total(row.current for row in monitoring)
        return PoliceSummary(
            baseline_year=baseline_year,
            year=year,
            goal_rows=tuple(rows),
            city_rate=city_rate,
            city_count=city_count,
            city_population=city_population,
            rates=rates,
            monitoring_rows=tuple(monitoring),
            monitoring_baseline_total=int(baseline_total) if baseline_total is not None else None,
            monitoring_current_total=int(current_total) if current_total is not None else None,
            monitoring_change=_int_or_none(calc.change(baseline_total, current_total)),
            borgervendt_definition=str(CATEGORIES[Category.BORGERVENDT].definition),
        )

    def count_row(self, counts, category, baseline_year, year, goal):
        baseline = counts.get((category, Level.AREA, baseline_year))
        current = counts.get((category, Level.AREA, year))
        label = str(Category(category).label)
        for value, value_year in ((baseline, baseline_year), (current, year)):
            if value is None:
                self.missing(
                    _("Ingen anmeldelser af %(category)s for området i %(year)s.")
                    % {"category": label.lower(), "year": value_year}
                )
        if goal is not None and goal.rule == Goal.Rule.MAINTAIN:
            self.goal_status[goal.pk] = calc.status_maintain(
                baseline=baseline, current=current, baseline_year=baseline_year, year=year
            )
        return CrimeRow(
            category=category,
            label=label,
            per_1000=False,
            baseline=baseline,
            current=current,
            change=_int_or_none(calc.change(baseline, current)),
            direction=calc.direction(baseline, current),
            baseline_count=baseline,
            current_count=current,
            baseline_population=None,
            current_population=None,
            goal=self.goal_row(goal, self.goal_status.get(goal.pk))
            if goal and goal.rule != Goal.Rule.MONITOR
            else None,
        )


def _int_or_none(value):
    return int(value) if value is not None else None


def _level_phrase(level):
    return {
        Level.AREA: _("området"),
        Level.DISTRICT: _("bydelen"),
        Level.CITY: _("hele byen"),
    }[level]
