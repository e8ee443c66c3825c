"""The coordinator's start page: open rounds with overdue answers flagged, and the next deadline."""

import datetime
import re

import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from activities.models import StatusResponse
from indicators.models import ReportExport, StatusReport
from indicators.summary import indicator_summary
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


def test_the_start_page_gives_the_report_state_and_the_reports_own_goal_statuses(client, demo):
    coordinator = demo.coordinators.get()
    client.force_login(coordinator)
    row = _overview_row(client, demo)
    assert "2022</a>: Udkast" in row["report-state"]
    goals = [goal for goal in indicator_summary(demo, 2022).goals if goal.status]
    met = sum(goal.status.is_met for goal in goals)
    assert f"{met} af {len(goals)} mål opfyldt i 2022" in row["goals"]
    for goal in goals:
        assert f"{goal.status.label}</span> {goal.label}" in row["goals"]

    report = StatusReport.objects.get(partnership=demo, year=2022)
    for version in (1, 2):
        ReportExport.objects.create(
            report=report, version=version, file=ContentFile(b"%PDF", name="x.pdf"), sha256="0" * 64, size=4
        )
    assert "2022</a>: Endelig, version 2" in _overview_row(client, demo)["report-state"]


def test_an_administrator_sees_one_row_per_partnership(client, partnership, coordinator):
    other = factories.PartnershipFactory()
    factories.ReportingRoundFactory(partnership=other, year=other.first_year)
    client.force_login(factories.administrator())
    html = client.get(reverse("home")).content.decode()
    table = html.split('data-testid="partnership-overview"')[1].split("</table>")[0]
    assert table.count("<tr data-partnership=") == 2
    assert _overview_row(client, other)["rounds"].count("mangler svar") == 1
    assert "Ingen åben runde" in _overview_row(client, partnership)["rounds"]
    assert "Intet udkast endnu" in _overview_row(client, partnership)["report-state"]


def _overview_row(client, partnership):
    """The start page's row of one partnership: {data-testid: cell HTML}."""
    html = client.get(reverse("home")).content.decode()
    row = html.split(f'<tr data-partnership="{partnership.slug}">')[1].split("</tr>")[0]
    cells = re.findall(r'<td data-testid="([\w-]+)">(.*?)</td>', row, re.S)
    return {name: re.sub(r"\s+", " ", cell) for name, cell in cells}
