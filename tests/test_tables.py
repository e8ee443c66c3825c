"""The tables rendered in one pass show, cell for cell, what django-tables2's own rows show."""

import re

import django_tables2 as tables
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django_tables2 import RequestConfig

from activities.models import Activity
from activities.plan import PlanCells
from activities.tables import PlanTable
from activities.tables_rounds import RoundResponseTable
from amager_partnerskab.tables import LeanTable
from indicators.models import PoliceCount, SurveyResult
from indicators.tables import PoliceCountTable, SurveyResultTable

pytestmark = pytest.mark.django_db

CELL = re.compile(r"<td ?([^>]*)>(.*?)</td>", re.S)


def lean_cells(table):
    return [[cell for _attrs, cell in CELL.findall(row)] for row in table.body_rows()]


def library_cells(table):
    """django-tables2's own rendering of the same rows, escaped as its template prints them."""
    return [
        [conditional_escape(cell if isinstance(cell, str) else localize(cell)) for cell in row]
        for row in table.paginated_rows
    ]


def assert_same_attributes(table):
    """Every cell's attributes (a number's class) as django-tables2 gives them."""
    expected = [column.attrs["td"].as_html() for column in table.columns]
    for row in table.body_rows():
        assert [attrs for attrs, _cell in CELL.findall(row)] == expected


def configured(table, query=""):
    RequestConfig(RequestFactory().get("/?" + query), paginate={"per_page": 10}).configure(table)
    return table


def plan_table(partnership):
    activities = Activity.objects.filter(partnership=partnership).in_plan_order()
    return PlanTable(
        activities.prefetch_related("responsible_units", "partner_units"),
        cells=PlanCells.read(activities, partnership.plan_years),
    )


def test_the_plan_table_matches_django_tables2_cell_for_cell_in_every_order(demo_once):
    for order in ("", "sort=title", "sort=-year_2022", "sort=number"):
        table = configured(plan_table(demo_once), order)
        cells = lean_cells(table)
        assert cells == library_cells(table)
        assert_same_attributes(table)
        assert len(cells) == 10 and all(len(row) == len(table.columns) for row in cells)
    # A not decided year shows its mark, the title links to the activity.
    first = Activity.objects.filter(partnership=demo_once).in_plan_order().first()
    assert f'<a href="{first.get_absolute_url()}">' in lean_cells(configured(plan_table(demo_once)))[0][1]


def test_the_round_table_matches_django_tables2_for_the_coordinator_and_a_reader(demo_once):
    round_ = demo_once.rounds.order_by("year").first()
    responses = round_.responses.select_related("activity", "updated_by").prefetch_related(
        "activity__responsible_units"
    )
    for user in (demo_once.coordinators.first(), demo_once.readers.first()):
        table = configured(RoundResponseTable(responses, user=user, round=round_))
        assert lean_cells(table) == library_cells(table)
        assert_same_attributes(table)


def test_the_indicator_tables_match_django_tables2_with_a_series_break_and_without_edit_links(demo_once):
    survey = SurveyResultTable(
        list(SurveyResult.objects.for_partnership(demo_once)),
        partnership_slug=demo_once.slug,
        comparable_from_year=2021,
    )
    police = PoliceCountTable(
        list(PoliceCount.objects.for_partnership(demo_once)), partnership_slug=demo_once.slug, can_edit=True
    )
    for table in (configured(survey, "tryghed-page=2"), configured(police)):
        cells = lean_cells(table)
        assert cells and cells == library_cells(table)
        assert_same_attributes(table)
    assert "ikke direkte sammenlignelig" in "".join(sum(lean_cells(configured(survey)), []))
    assert all("Ret</a>" in row[-1] for row in lean_cells(police))


def test_an_empty_table_says_so_and_a_render_method_that_needs_the_row_is_refused(demo_once):
    nothing = Activity.objects.filter(partnership=demo_once, title="findes ikke")
    empty = configured(PlanTable(nothing, cells=PlanCells.read(nothing, [2022])))
    html = empty.as_html(RequestFactory().get("/"))
    assert "Ingen aktiviteter matcher." in html and html.count("<tr") == 3  # header, empty text, footer

    class RowTable(LeanTable):
        title = tables.Column()

        def render_title(self, bound_row):
            return bound_row

    with pytest.raises(ImproperlyConfigured, match="bound_row"):
        RowTable([{"title": "x"}]).body_rows()
