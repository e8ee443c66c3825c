"""The coordinator's start page: open rounds with overdue answers flagged, and the next deadline."""

import datetime

import time_machine
from django.urls import reverse

from activities.models import StatusResponse
from tests import factories


@time_machine.travel("2023-06-01 09:00 +02:00", tick=False)
def test_overdue_answers_are_flagged_and_the_next_deadline_named(client, partnership, coordinator):
    late = factories.ReportingRoundFactory(
        partnership=partnership, year=2022, deadline=datetime.date(2023, 5, 15)
    )
    factories.StatusResponseFactory(round=late, activity=factories.ActivityFactory(partnership=partnership))
    factories.StatusResponseFactory(
        round=late,
        activity=factories.ActivityFactory(partnership=partnership),
        status=StatusResponse.Status.APPROVED,
    )
    factories.ReportingRoundFactory(partnership=partnership, year=2023, deadline=datetime.date(2023, 6, 20))
    client.force_login(coordinator)
    page = client.get(reverse("home"))
    text = page.content.decode()
    assert page.context["next_deadline"] == datetime.date(2023, 6, 20)
    assert "Næste svarfrist: 20. juni 2023." in text
    assert text.count("svar er forsinket") == 1
    assert "1 svar er forsinket" in text
