"""Two people save the same version of an answer at the same moment (needs PostgreSQL's row locks)."""

import threading

import pytest
from django.db import connection

from activities import workflow
from activities.models import StatusResponse
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Rækkelåse kræver PostgreSQL")


def test_simultaneous_saves_of_one_version_keep_the_first_and_refuse_the_second():
    partnership = factories.PartnershipFactory()
    unit = factories.UnitFactory()
    response = factories.StatusResponseFactory(
        round=factories.ReportingRoundFactory(partnership=partnership),
        activity=factories.ActivityFactory(partnership=partnership, responsible_units=[unit]),
    )
    people = [factories.member_of(unit), factories.member_of(unit)]
    start = threading.Barrier(2)
    outcomes = {}

    def save(index):
        try:
            start.wait()
            answers = {name: getattr(response, name) for name in StatusResponse.ANSWER_FIELDS}
            answers["on_track_text"] = f"Tekst fra person {index}"
            copy = StatusResponse.objects.get(pk=response.pk)
            workflow.response_save(copy, answers=answers, expected_version=1, acting_user=people[index])
            outcomes[index] = "gemt"
        except workflow.StaleResponse as stale:
            outcomes[index] = ("afvist", stale.current.on_track_text)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [index for index, outcome in outcomes.items() if outcome == "gemt"]
    assert len(winners) == 1
    loser = 1 - winners[0]
    # The refused person is shown the winner's text, and the winner's text is what is saved.
    assert outcomes[loser] == ("afvist", f"Tekst fra person {winners[0]}")
    saved = StatusResponse.objects.get(pk=response.pk)
    assert (saved.on_track_text, saved.version) == (f"Tekst fra person {winners[0]}", 2)
