"""Writes that touch several rows: each one transaction, each told who acts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import Activity, AgreementPeriod, Budget, Partnership


@transaction.atomic
def partnership_create(
    *, slug, name, district, first_year, last_year, baseline_year, comparable_from_year=None
):
    """Create a partnership after validating it like a form would (raises ValidationError)."""
    partnership = Partnership(
        slug=slug,
        name=name,
        district=district,
        first_year=first_year,
        last_year=last_year,
        baseline_year=baseline_year,
        comparable_from_year=comparable_from_year,
    )
    partnership.full_clean()
    partnership.save()
    return partnership


def budget_set(*, activity, year, amount, acting_user=None, reason=""):
    """Store one cell of the plan (an :class:`activities.plan.Amount`): a Budget row with
    the amount, a row without one (not funded) or no row (not decided). A cell that
    already holds the amount is left alone, so it leaves no history. Returns True when
    something was written."""
    budget = Budget.objects.filter(activity=activity, year=year).first()
    if not amount.decided:
        if budget is None:
            return False
        stamp_history(budget, acting_user, reason)
        budget.delete()
        return True
    if budget is not None and budget.amount == amount.kroner:
        return False
    if budget is None:
        budget = Budget(activity=activity, year=year)
    budget.amount = amount.kroner
    budget.full_clean(validate_unique=False, validate_constraints=False)
    stamp_history(budget, acting_user, reason)
    budget.save()
    return True


@transaction.atomic
def budgets_update(*, partnership, cells, acting_user, reason=""):
    """Write the changed cells of the budget grid, all or none.

    `cells` maps (activity pk, year) to an Amount; activities must belong to the
    partnership and years lie in its plan period (ValidationError otherwise). Returns
    the number of cells written.
    """
    activities = {
        activity.pk: activity
        for activity in Activity.objects.filter(partnership=partnership, pk__in={pk for pk, _ in cells})
    }
    # One editor at a time: the budgets of these activities are locked until the commit.
    list(Budget.objects.select_for_update().filter(activity__in=activities.values()).values_list("pk"))
    written = 0
    for (activity_pk, year), amount in cells.items():
        if activity_pk not in activities or year not in partnership.plan_years:
            raise ValidationError(_("Cellen hører ikke til partnerskabets plan."))
        written += budget_set(
            activity=activities[activity_pk], year=year, amount=amount, acting_user=acting_user, reason=reason
        )
    return written


def stamp_history(record, acting_user, reason):
    """Who and why, for the history entry simple_history writes on save/delete."""
    if acting_user is not None:
        record._history_user = acting_user
    if reason:
        record._change_reason = str(reason)


def partnership_extend(
    partnership, *, last_year, baseline_year, comparable_from_year, continuing, acting_user
):
    """Extend ``partnership`` into its next agreement, from the year after its plan ends to
    ``last_year``, with its own baseline year and series break (None: the current one).

    The numbered activities and budget lines not in ``continuing`` end with the current
    plan's last year. Earlier years' reports keep their own agreement. Returns the new
    :class:`~activities.models.AgreementPeriod`.
    """
    with transaction.atomic():
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if locked.last_year != partnership.last_year:
            raise ValidationError(
                _("Partnerskabet er netop blevet forlænget af en anden. Se planperioden igen.")
            )
        first_year = locked.last_year + 1
        reason = _("Ny aftaleperiode %(first)s–%(last)s") % {"first": first_year, "last": last_year}
        if comparable_from_year is None:
            comparable_from_year = locked.current_agreement.comparable_from_year
        period = AgreementPeriod(
            partnership=locked,
            first_year=first_year,
            last_year=last_year,
            baseline_year=baseline_year,
            comparable_from_year=comparable_from_year,
        )
        period.full_clean()
        stamp_history(period, acting_user, reason)
        period.save()
        ended = Activity.objects.filter(partnership=locked, last_year__isnull=True).exclude(
            pk__in=[activity.pk for activity in continuing]
        )
        for activity in ended:
            activity.last_year = locked.last_year
            stamp_history(activity, acting_user, reason)
            activity.save(update_fields=["last_year"])
        locked.last_year = last_year
        stamp_history(locked, acting_user, reason)
        locked.save(update_fields=["last_year"])
    partnership.refresh_from_db()
    return period
