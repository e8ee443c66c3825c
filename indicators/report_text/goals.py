"""The partnership agreement's goals as the report lists them, grouped by theme."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.report_text.formatting import join_words


@dataclass
class GoalGroup:
    text: str = ""
    bullets: list = field(default_factory=list)
    note: str = ""


def goal_groups(goals, partnership, sources=None):
    """The agreement's goals as the seed lists them: 1. tryghed, 2. kriminalitet (bullets),
    3. samarbejde; one line per distinct wording. ``sources`` ({dataset: source name}) is
    read from the database when not given."""
    from indicators.models import DataSource, Goal

    survey = {Goal.Indicator.NEIGHBOURHOOD, Goal.Indicator.EVENING_NIGHT}
    crime = {Goal.Indicator.REPORTS, Goal.Indicator.REPORTS_PER_1000}

    def wordings(selected):
        seen = []
        for goal in selected:
            text = goal.description or str(goal)
            if text not in seen:
                seen.append(text)
        return seen

    groups = []
    survey_texts = wordings(goal for goal in goals if goal.indicator in survey)
    if survey_texts:
        groups.append(GoalGroup(text=" ".join(survey_texts)))
    crime_texts = wordings(goal for goal in goals if goal.indicator in crime)
    if crime_texts:
        if sources is None:
            sources = {
                source.dataset: source.source for source in DataSource.objects.for_partnership(partnership)
            }
        note = ""
        if sources:
            note = _("Data fra %(sources)s danner grundlag for målingen.") % {
                "sources": join_words(sources.values())
            }
        groups.append(GoalGroup(text=_("Udviklingen i kriminalitet:"), bullets=crime_texts, note=note))
    other_texts = wordings(goal for goal in goals if goal.indicator not in survey | crime)
    for text in other_texts:
        groups.append(GoalGroup(text=text))
    return groups
