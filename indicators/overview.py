"""What needs doing, per partnership, for the start page: the open round's progress, the
goal statuses of the latest report year and the state of that year's report.

The goal statuses are the report's own (:func:`~indicators.summary.indicator_summary`),
never computed a second time for the page.
"""

from dataclasses import dataclass

from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import ReportingRound
from indicators.models import StatusReport
from indicators.summary import default_report_year, default_report_years, indicator_summaries


def latest_report_year(partnership):
    """The newest year with a status report, else the year the latest data feed (the
    start page reads the same rule for many partnerships at once)."""
    newest = partnership.status_reports.order_by("-year").values_list("year", flat=True).first()
    return newest or default_report_year(partnership)


@dataclass(frozen=True)
class ReportState:
    """No report / a draft / the newest final version, with a sentence to show."""

    kind: str  # "none", "draft" or "final"
    version: int | None = None

    @property
    def label(self):
        if self.kind == "final":
            return _("Endelig, version %(version)s") % {"version": self.version}
        if self.kind == "draft":
            return _("Udkast")
        return _("Intet udkast endnu")


@dataclass(frozen=True)
class PartnershipOverview:
    partnership: object
    report_year: int
    report_state: ReportState
    goals: tuple  # GoalRow of the report year, only those with a status
    open_rounds: tuple  # rounds annotated with their counts and ``overdue``
    next_deadline: object  # the nearest deadline not yet passed, or None

    @property
    def goals_met(self):
        return sum(1 for goal in self.goals if goal.status.is_met)


def partnership_overviews(partnerships, *, today=None):
    """One :class:`PartnershipOverview` per partnership, in the order given."""
    today = today or timezone.localdate()
    partnerships = list(
        partnerships.prefetch_related(
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.order_by("-year").annotate(
                    final_version=Max("exports__version")
                ),
            )
        )
    )
    rounds = {}
    for round in (
        ReportingRound.objects.open()
        .filter(partnership__in=partnerships)
        .with_status_counts()
        .order_by("deadline", "pk")
    ):
        round.overdue = round.unanswered if round.deadline < today else 0
        rounds.setdefault(round.partnership_id, []).append(round)
    defaults = default_report_years(partnerships)
    rows = []
    for partnership in partnerships:
        reports = list(partnership.status_reports.all())
        year = reports[0].year if reports else defaults[partnership.pk]
        report = next((report for report in reports if report.year == year), None)
        if report is None:
            state = ReportState("none")
        elif report.final_version:
            state = ReportState("final", report.final_version)
        else:
            state = ReportState("draft")
        rows.append((partnership, year, state))
    summaries = indicator_summaries((partnership, year) for partnership, year, _state in rows)
    overviews = []
    for (partnership, year, state), summary in zip(rows, summaries, strict=True):
        open_rounds = tuple(rounds.get(partnership.pk, ()))
        overviews.append(
            PartnershipOverview(
                partnership=partnership,
                report_year=year,
                report_state=state,
                goals=tuple(goal for goal in summary.goals if goal.status is not None),
                open_rounds=open_rounds,
                next_deadline=min(
                    (round.deadline for round in open_rounds if round.deadline >= today), default=None
                ),
            )
        )
    return overviews
