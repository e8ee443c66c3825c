"""An over-long answer is refused with the field and the limit named; nothing is cut."""

from activities.models import StatusResponse
from tests import factories


def test_an_over_long_text_is_refused_naming_field_and_limit(client, partnership, unit, member):
    round = factories.ReportingRoundFactory(partnership=partnership)
    activity = factories.ActivityFactory(partnership=partnership, number=1, responsible_units=[unit])
    response = factories.StatusResponseFactory(round=round, activity=activity)
    client.force_login(member)
    form_page = client.get(response.get_absolute_url()).content.decode()
    assert 'data-limit="2000"' in form_page
    assert "maxlength" not in form_page
    text = "ord " * 637 + "ab"  # 2.550 characters
    assert len(text) == 2550
    page = client.post(
        response.get_absolute_url(),
        {
            "version": response.version,
            "intent": "save",
            "on_track_text": text,
            "deliverable_1": "Et eksempel",
        },
    )
    assert page.status_code == 400
    assert page.context["form"].errors["on_track_text"] == [
        "Spørgsmål 1: uddybning er 2.550 tegn; der er plads til højst 2.000. "
        "Teksten er ikke gemt og ikke afkortet: forkort den med 550 tegn."
    ]
    # The text stays in the form, whole, for the user to shorten.
    assert text in page.content.decode()
    saved = StatusResponse.objects.get(pk=response.pk)
    assert (saved.on_track_text, saved.deliverable_1, saved.version) == ("", "", response.version)
