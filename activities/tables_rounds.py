"""The coordinator's round overview: the table of responses and its filters."""

import django_filters
import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activities import workflow
from activities.models import StatusResponse, Unit
from amager_partnerskab.tables import LeanTable

STATUS_BADGES = {
    StatusResponse.Status.DRAFT: "text-bg-secondary",
    StatusResponse.Status.SUBMITTED: "text-bg-primary",
    StatusResponse.Status.RETURNED: "text-bg-warning",
    StatusResponse.Status.APPROVED: "text-bg-success",
}


def status_badge(response):
    return format_html(
        '<span class="badge status-badge {}">{}</span>',
        STATUS_BADGES.get(response.status, "text-bg-light"),
        response.state_label,
    )


class RoundResponseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StatusResponse.Status.choices, empty_label=_("Alle")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Ansvarlig enhed"),
        field_name="activity__responsible_units",
        queryset=Unit.objects.none(),
        empty_label=_("Alle"),
        distinct=True,
    )

    class Meta:
        model = StatusResponse
        fields = ["status", "unit"]

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.filter(
            responsible_for__partnership=round.partnership
        ).distinct()


class RoundResponseTable(LeanTable):
    select = tables.Column(
        verbose_name=_("Vælg"), accessor="pk", orderable=False, attrs={"th": {"class": "text-nowrap"}}
    )
    number = tables.Column(verbose_name=_("Nr."), accessor="activity__number", attrs={"td": {"class": "num"}})
    activity = tables.Column(verbose_name=_("Aktivitet"), accessor="activity__title", linkify=False)
    units = tables.Column(verbose_name=_("Ansvarlig"), accessor="pk", orderable=False, empty_values=())
    status = tables.Column(verbose_name=_("Status"))
    updated_at = tables.Column(verbose_name=_("Senest ændret"))
    deadline = tables.Column(verbose_name=_("Frist"), accessor="pk", orderable=False, empty_values=())

    class Meta:
        model = StatusResponse
        fields = []
        sequence = ["select", "number", "activity", "units", "status", "updated_at", "deadline"]
        attrs = {"class": "table table-striped align-middle"}
        order_by = ("number",)

    def __init__(self, *args, user, round, **kwargs):
        self.user = user
        self.round = round
        self.days_left = round.days_to_deadline()
        super().__init__(*args, **kwargs)

    def render_select(self, value, record):
        if not workflow.can_transition(self.user, record, workflow.Action.APPROVE):
            return ""
        return format_html(
            '<input class="form-check-input" type="checkbox" name="selected" value="{}" aria-label="{}">',
            value,
            _("Vælg %(activity)s") % {"activity": record.activity},
        )

    def render_activity(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_units(self, record):
        return format_html_join(
            ", ", "<abbr title='{}'>{}</abbr>", ((u.name, u) for u in record.activity.responsible_units.all())
        )

    def render_status(self, record):
        return status_badge(record)

    def render_updated_at(self, value, record):
        by = record.updated_by.get_full_name() or record.updated_by.username if record.updated_by else ""
        return format_html(
            '{}<br><span class="small text-body-secondary">{}</span>',
            date_format(timezone.localtime(value), "d-m-Y H:i") if value else "",
            by,
        )

    def render_deadline(self, record):
        if record.status not in StatusResponse.EDITABLE_STATES:
            return "–"
        days = self.days_left
        if days < 0:
            text = ngettext("overskredet med %(days)s dag", "overskredet med %(days)s dage", -days) % {
                "days": -days
            }
            return format_html('<span class="text-danger fw-semibold">{}</span>', text)
        if days == 0:
            return _("i dag")
        return ngettext("%(days)s dag", "%(days)s dage", days) % {"days": days}
