"""django-filter filter sets."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Unit


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Søg"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Nr. eller tekst")}),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Enhed"),
        queryset=Unit.objects.order_by("short_name"),
        method="by_unit",
        empty_label=_("Alle enheder"),
    )
    role = django_filters.ChoiceFilter(
        label=_("Som"),
        choices=[("ansvarlig", _("ansvarlig")), ("partner", _("samarbejdspartner"))],
        empty_label=_("ansvarlig eller samarbejdspartner"),
        method="noop",
    )

    class Meta:
        model = Activity
        fields = []

    def search(self, queryset, name, value):
        """Number, title or description."""
        terms = Q(title__icontains=value) | Q(description__icontains=value)
        if value.strip().rstrip(".").isdigit():
            terms |= Q(number=int(value.strip().rstrip(".")))
        return queryset.filter(terms)

    def by_unit(self, queryset, name, unit):
        role = self.form.cleaned_data.get("role")
        if role == "ansvarlig":
            condition = Q(responsible_units=unit)
        elif role == "partner":
            condition = Q(partner_units=unit)
        else:
            condition = Q(responsible_units=unit) | Q(partner_units=unit)
        # A subquery rather than a join keeps one row per activity without DISTINCT.
        return queryset.filter(pk__in=Activity.objects.filter(condition).values("pk"))

    def noop(self, queryset, name, value):
        return queryset  # read by by_unit

    @property
    def is_filtered(self):
        return (
            self.is_bound
            and self.form.is_valid()
            and any(self.form.cleaned_data.get(k) for k in ("q", "unit"))
        )
