"""A new agreement period: an administrator extends the partnership, chooses which
activities carry over and records a series break; earlier reports keep their agreement."""

import re

import pytest
from django.urls import reverse

from activities.forms_rounds import RoundActivitiesForm
from activities.models import Activity, AgreementPeriod, Budget
from activities.plan import Amount
from activities.services import budget_set, partnership_extend
from indicators.summary import indicator_summary
from tests import factories


def extend_url(partnership):
    return reverse("activities:partnership_extend", args=[partnership.slug])


def _form_data(client, partnership, **changes):
    html = client.get(extend_url(partnership)).content.decode()
    data = {
        "last_year": re.search(r'name="last_year" value="(\d+)"', html).group(1),
        "baseline_year": re.search(r'name="baseline_year" value="(\d+)"', html).group(1),
        "comparable_from_year": "",
        "continuing": re.findall(r'name="continuing" value="(\d+)"[^>]*checked', html),
    }
    data.update(changes)
    return data


def test_the_form_proposes_the_next_period_and_the_confirmation_says_what_changes(client, demo):
    client.force_login(factories.administrator())
    ended = demo.activities.get(number=3)
    data = _form_data(client, demo)
    assert (data["last_year"], data["baseline_year"]) == ("2028", "2024")
    assert len(data["continuing"]) == demo.activities.count()
    data["continuing"].remove(str(ended.pk))

    html = client.post(extend_url(demo), data).content.decode()

    assert "2025–2028" in html and "Kontrollér den nye aftaleperiode" in html
    assert str(ended) in html.split('data-testid="ending"')[1].split("</ul>")[0]
    assert "2021, som i den nuværende aftale" in html
    assert not AgreementPeriod.objects.exists()  # nothing saved before the confirmation
    demo.refresh_from_db()
    assert demo.last_year == 2024


def test_confirming_extends_the_plan_ends_what_does_not_carry_over_and_keeps_the_old_report(client, demo):
    admin = factories.administrator()
    client.force_login(admin)
    preview = reverse("indicators:report_preview", args=[demo.slug, 2022])
    before = client.get(preview).content.decode()
    ended = demo.activities.get(number=3)
    data = _form_data(client, demo, comparable_from_year="2025")
    data["continuing"].remove(str(ended.pk))

    response = client.post(extend_url(demo), {**data, "confirm": "1"}, follow=True)

    assert "er forlænget med aftaleperioden 2025–2028" in response.content.decode()
    demo.refresh_from_db()
    assert (demo.first_year, demo.last_year) == (2021, 2028)
    period = AgreementPeriod.objects.get()
    assert (period.first_year, period.last_year, period.baseline_year, period.comparable_from_year) == (
        2025,
        2028,
        2024,
        2025,
    )
    ended.refresh_from_db()
    assert ended.last_year == 2024
    assert (
        Activity.objects.filter(partnership=demo, last_year__isnull=True).count()
        == demo.activities.count() - 1
    )
    change = ended.history.first()
    assert change.history_user == admin and change.history_change_reason == "Ny aftaleperiode 2025–2028"
    detail = client.get(demo.get_absolute_url()).content.decode()
    assert "Aftale 2021–2024: baseline 2020, sammenlignelige data fra 2021" in detail
    assert "Aftale 2025–2028: baseline 2024, sammenlignelige data fra 2025" in detail
    # The 2022 appendix is a record: the new agreement does not reach it.
    assert client.get(preview).content.decode() == before


def test_reports_read_the_agreement_of_their_year(demo):
    ended = demo.activities.numbered().get(number=3)

    before = indicator_summary(demo, 2022)
    partnership_extend(
        demo,
        last_year=2028,
        baseline_year=2024,
        comparable_from_year=2025,
        continuing=demo.activities.exclude(pk=ended.pk),
        acting_user=None,
    )
    demo.refresh_from_db()
    assert indicator_summary(demo, 2022) == before
    later = indicator_summary(demo, 2026)
    assert (before.police.baseline_year, later.police.baseline_year) == (2020, 2024)
    assert (before.comparable_from_year, later.comparable_from_year) == (2021, 2025)
    assert later.collaboration.whole == before.collaboration.whole - 1
    maintain = [goal for goal in later.goals if goal.baseline_year]
    assert maintain and {goal.baseline_year for goal in maintain} == {2024}


def test_an_ended_activity_gets_no_budget_and_is_not_proposed_for_a_new_round(demo):
    ended = demo.activities.numbered().get(number=3)
    partnership_extend(
        demo,
        last_year=2028,
        baseline_year=2024,
        comparable_from_year=None,
        continuing=demo.activities.exclude(pk=ended.pk),
        acting_user=None,
    )
    demo.refresh_from_db()
    ended.refresh_from_db()
    with pytest.raises(Exception, match="sluttede i 2024"):
        budget_set(activity=ended, year=2025, amount=Amount.funded(100_000), acting_user=None)
    assert not Budget.objects.filter(activity=ended, year=2025).exists()
    choices = RoundActivitiesForm(partnership=demo, year=2025).fields["activities"].queryset
    assert ended not in choices and choices.count() == demo.activities.numbered().count() - 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"last_year": "2024"}, "vælg et sidste år fra 2025 til 2034"),
        ({"baseline_year": "2026"}, "Baselineåret skal ligge før eller i aftalens første år (2025)."),
        ({"comparable_from_year": "2019"}, "Vælg et år fra 2021 til 2028."),
    ],
)
def test_wrong_years_are_refused_with_the_reason(client, demo, changes, message):
    client.force_login(factories.administrator())
    html = client.post(extend_url(demo), _form_data(client, demo, **changes)).content.decode()
    assert message in html
    assert not AgreementPeriod.objects.exists()


def test_only_administrators_extend(client, partnership, coordinator):
    client.force_login(coordinator)
    assert client.get(extend_url(partnership)).status_code == 403
    assert (
        "Forlæng med en ny aftaleperiode" not in client.get(partnership.get_absolute_url()).content.decode()
    )
