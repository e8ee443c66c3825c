"""The partnership agreement's goals as the report lists them, grouped by theme."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.calculations import GoalState
from indicators.models import Goal


@dataclass
class GoalGroup:
    text: str = ""
    bullets: list = field(default_factory=list)
    note: str = ""


def goal_groups(goals):
    """The agreement's goals as the seed lists them: 1. tryghed, 2. kriminalitet (bullets),
    3. samarbejde; one line per distinct wording, each group followed by its goals' notes
    (the data-basis paragraph under 2)."""
    survey = {Goal.Indicator.NEIGHBOURHOOD, Goal.Indicator.EVENING_NIGHT}
    crime = {Goal.Indicator.REPORTS, Goal.Indicator.REPORTS_PER_1000}

    def distinct(texts):
        seen = []
        for text in texts:
            if text and text not in seen:
                seen.append(text)
        return seen

    def wordings(selected):
        return distinct(goal.description or str(goal) for goal in selected)

    def notes(selected):
        return " ".join(distinct(goal.note.strip() for goal in selected))

    groups = []
    survey_goals = [goal for goal in goals if goal.indicator in survey]
    if survey_goals:
        groups.append(GoalGroup(text=" ".join(wordings(survey_goals)), note=notes(survey_goals)))
    crime_goals = [goal for goal in goals if goal.indicator in crime]
    if crime_goals:
        groups.append(
            GoalGroup(
                text=_("Udviklingen i kriminalitet:"), bullets=wordings(crime_goals), note=notes(crime_goals)
            )
        )
    for goal in goals:
        if goal.indicator not in survey | crime:
            groups.append(GoalGroup(text=goal.description or str(goal), note=goal.note.strip()))
    return groups


@dataclass
class GoalOverviewRow:
    goal: str
    status: str
    reason: str
    status_class: str


def goal_overview(goals):
    """Every goal with a status (monitored crime types have none), in the agreement's order:
    what it measures, met / not met / cannot be measured, and why."""
    classes = {GoalState.MET: "status-met", GoalState.NOT_MET: "status-not-met"}
    rows = []
    for goal in goals:
        if goal.status is None:
            continue
        label = goal.indicator_label
        if goal.category_label:
            label = f"{label}: {goal.category_label.lower()}"
        rows.append(
            GoalOverviewRow(
                goal=label,
                status=str(goal.status.label),
                reason=goal.status.reason,
                status_class=classes.get(goal.status.state, "missing"),
            )
        )
    return rows
