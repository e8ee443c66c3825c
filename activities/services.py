"""Writes that touch several rows: each one transaction, each told who acts."""

from django.db import transaction

from activities.models import Partnership


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
