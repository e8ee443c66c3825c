"""django-tables2 tables of the plan."""

import django_tables2 as tables
from django.db.models import F, OuterRef, Subquery
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Budget
from amager_partnerskab.tables import LeanTable

HEADER = {"th": {"scope": "col"}}
NUMERIC = {"th": {"class": "num", "scope": "col"}, "td": {"class": "num"}, "tf": {"class": "num"}}


class BudgetYearColumn(tables.Column):
    """One plan year of Tabel 3: the table's `PlanCells` for the year."""

    def __init__(self, year, total, **kwargs):
        self.year = year
        super().__init__(
            verbose_name=str(year),
            accessor="pk",  # the cell is the table's PlanCells for the activity and year (render)
            empty_values=(),
            footer=total.display,
            attrs=NUMERIC,
            **kwargs,
        )

    def render(self, record, table):
        return table.cells.cell(record.pk, self.year).display

    def value(self, record, table):
        return table.cells.cell(record.pk, self.year).export_value

    def order(self, queryset, is_descending):
        # Not decided and not funded sort below 0 kr.
        budgets = Budget.objects.filter(activity=OuterRef("pk"), year=self.year)
        queryset = queryset.annotate(sort_amount=Subquery(budgets.values("amount")[:1]))
        amount = F("sort_amount")
        ordering = amount.desc(nulls_last=True) if is_descending else amount.asc(nulls_first=True)
        return queryset.order_by(ordering, "order", "pk"), True


class PlanTable(LeanTable):
    number = tables.Column(verbose_name=_("Nr."), default="-", attrs=HEADER)
    title = tables.Column(verbose_name=_("Aktivitet"), footer=_("SUM (kr.)"), attrs=HEADER)
    responsible_units = tables.ManyToManyColumn(
        verbose_name=_("Ansvarlig"), transform=lambda unit: unit.short_name, orderable=False, attrs=HEADER
    )
    partner_units = tables.ManyToManyColumn(
        verbose_name=_("Samarbejdspartnere"),
        transform=lambda unit: unit.short_name,
        orderable=False,
        attrs=HEADER,
    )

    class Meta:
        model = Activity
        fields = ("number", "title", "responsible_units", "partner_units")
        attrs = {
            "class": "table table-sm table-hover align-middle plan-table",
            "thead": {"class": "table-light"},
        }
        orderable = True
        empty_text = _("Ingen aktiviteter matcher.")

    def render_title(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def __init__(self, data, *, cells, **kwargs):
        self.cells = cells
        extra = [(f"year_{total.year}", BudgetYearColumn(total.year, total)) for total in cells.totals]
        super().__init__(data, extra_columns=extra, **kwargs)
