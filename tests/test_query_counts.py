"""The main pages ask the database a fixed number of questions, whatever the amount of data:
the demo (one partnership of 15 plan rows over four years) and the scale data (40 rows over
eight years, a round per year, ten years of indicators) give the same count, at most 20."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indicators import bench

PAGES = [
    "plan",
    "activity_detail",
    "response_form",
    "round_overview",
    "indicator_page",
    "report_preview",
    "start_administrator",
    "start_coordinator",
    "start_unit_member",
    "start_reader",
]


@pytest.fixture(scope="module")
def both_sizes(django_db_setup, django_db_blocker):
    """The demo and the scale data, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            call_command("generate_scale_data", stdout=io.StringIO())
            demo = {
                visit.name: visit
                for visit in bench.main_pages(bench.demo_partnership(), bench.administrator("admin"))
            }
            scale = {
                visit.name: visit
                for visit in bench.main_pages(bench.scale_partnership(), bench.administrator("skala-admin"))
            }
            yield demo, scale
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _get(visit):
    client = Client()
    client.force_login(visit.user)
    assert client.get(visit.url).status_code == 200  # the session is warm
    cache.clear()  # the count is cold: no chart or other cached part helps
    return client


def test_scale_data_is_larger_than_the_demo(both_sizes, db):
    demo, scale = both_sizes
    demo_plan, scale_plan = demo["plan"], scale["plan"]
    demo_rows = demo_plan.user.coordinated_partnerships.get(slug="amager").activities.count()
    scale_rows = scale_plan.user.coordinated_partnerships.get(slug="skala-nord").activities.count()
    assert scale_rows == 40 and scale_rows > demo_rows
    assert scale["round_overview"].user.coordinated_partnerships.get(slug="skala-nord").rounds.count() == 8


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_data(both_sizes, db, django_assert_max_num_queries, page):
    demo, scale = both_sizes
    client = _get(demo[page])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(demo[page].url).status_code == 200
    demo_count = len(captured)  # counted now: the next request clears the connection's log
    assert demo_count <= bench.MAX_QUERIES, f"{page}: {demo_count} forespørgsler med demoen"

    client = _get(scale[page])
    with django_assert_max_num_queries(demo_count):
        response = client.get(scale[page].url)
    assert response.status_code == 200
