"""The response page: who sees and edits it, the form's rules, actions and concurrent saves."""

import pytest
from django.urls import reverse

from activities.models import ResponseTransition, StatusResponse
from tests import factories

Status = StatusResponse.Status

COMPLETE = {
    "responsible_text": "",
    "on_track": "delvist",
    "on_track_text": "Aktiviteten kører delvist som planlagt.",
    "deliverables_intro": "",
    "deliverable_1": "Fire arrangementer.",
    "deliverable_2": "",
    "deliverable_3": "",
    "concerns": "nej",
    "concerns_text": "",
    "adjustments": "ja",
    "adjustments_text": "Flere aftenaktiviteter.",
}


@pytest.fixture
def response(partnership, unit):
    activity = factories.ActivityFactory(partnership=partnership, responsible_units=[unit], number=4)
    round = factories.ReportingRoundFactory(partnership=partnership)
    return factories.StatusResponseFactory(round=round, activity=activity)


def post(client, response, intent="save", version=None, **answers):
    data = {**COMPLETE, **answers, "intent": intent}
    data["version"] = response.version if version is None else version
    return client.post(reverse("activities:response", args=[response.pk]), data)


@pytest.mark.parametrize(
    ("who", "status_code", "sees_form"),
    [
        ("anonymous", 302, False),
        ("outsider_member", 404, False),
        ("other_coordinator", 404, False),
        ("member", 200, True),
        ("coordinator", 200, False),
        ("admin", 200, False),
        ("reader", 200, False),
    ],
)
def test_who_sees_the_response_page(
    client, response, partnership, member, coordinator, admin_user, reader, who, status_code, sees_form
):
    users = {
        "member": member,
        "coordinator": coordinator,
        "admin": admin_user,
        "reader": reader,
        "outsider_member": factories.member_of(factories.UnitFactory()),
        "other_coordinator": factories.coordinator_of(factories.PartnershipFactory()),
    }
    if who != "anonymous":
        client.force_login(users[who])
    page = client.get(reverse("activities:response", args=[response.pk]))
    assert page.status_code == status_code
    if status_code == 200:
        assert ('name="intent" value="submit"' in page.content.decode()) == sees_form


def test_missing_response_is_404_like_a_hidden_one(client, member):
    client.force_login(member)
    assert client.get(reverse("activities:response", args=[999999])).status_code == 404


def test_a_draft_saves_without_every_answer(client, response, member):
    client.force_login(member)
    page = post(client, response, on_track="", on_track_text="Halvt skrevet", deliverable_1="")
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.status == Status.DRAFT
    assert response.on_track_text == "Halvt skrevet"
    assert response.version == 2
    assert response.updated_by == member


def test_submitting_needs_every_question_with_danish_errors(client, response, member):
    client.force_login(member)
    page = post(
        client, response, intent="submit", on_track="", deliverable_1="  ", concerns="ja", concerns_text=""
    )
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert errors["on_track"] == ["Svar Ja, Delvist eller Nej."]
    assert errors["deliverable_1"] == ["Nævn mindst ét eksempel på en leverance."]
    assert errors["concerns_text"] == ["Du har svaret Ja; beskriv hvilke."]
    response.refresh_from_db()
    assert (response.status, response.version, response.on_track_text) == (Status.DRAFT, 1, "")


def test_text_limits_are_stated_and_enforced(client, response, member):
    client.force_login(member)
    form_page = client.get(reverse("activities:response", args=[response.pk]))
    assert "Højst 2.000 tegn." in form_page.content.decode()
    page = post(client, response, deliverable_2="x" * 2001)
    assert page.status_code == 400
    assert "højst" in page.context["form"].errors["deliverable_2"][0]
    response.refresh_from_db()
    assert response.deliverable_2 == ""


def test_submitting_a_complete_answer(client, response, member):
    client.force_login(member)
    page = post(client, response, intent="submit")
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.status == Status.SUBMITTED
    assert response.adjustments_text == "Flere aftenaktiviteter."
    assert response.transitions.get().actor == member


def test_a_stale_save_is_refused_showing_both_versions(client, response, member, unit):
    colleague = factories.member_of(unit, first_name="Bente", last_name="Berg")
    client.force_login(colleague)
    assert post(client, response, on_track_text="Bentes tekst").status_code == 302
    client.force_login(member)
    page = post(client, response, version=1, on_track_text="Min tekst")
    assert page.status_code == 409
    html = page.content.decode()
    assert "Dine ændringer er ikke gemt" in html
    assert "Bente Berg gemte svaret" in html
    assert "Bentes tekst" in html and "Min tekst" in html
    # Nothing overwritten, and the form keeps the user's text for a deliberate second save.
    response.refresh_from_db()
    assert (response.on_track_text, response.version) == ("Bentes tekst", 2)
    assert page.context["form"]["on_track_text"].value() == "Min tekst"
    assert page.context["form"]["version"].value() == 2


def test_a_save_after_submission_is_refused(client, response, member, unit):
    colleague = factories.member_of(unit)
    client.force_login(colleague)
    post(client, response, intent="submit")
    client.force_login(member)
    page = post(client, response, version=1, on_track_text="For sent")
    response.refresh_from_db()
    assert response.status == Status.SUBMITTED
    assert response.on_track_text == COMPLETE["on_track_text"]
    assert page.status_code == 302


def test_return_needs_a_reason_and_the_member_sees_it(client, response, member, coordinator):
    client.force_login(member)
    post(client, response, intent="submit")
    client.force_login(coordinator)
    url = reverse("activities:response_action", args=[response.pk, "return"])
    refused = client.post(url, {"return-comment": ""})
    assert refused.status_code == 400
    assert "Skriv en begrundelse" in refused.content.decode()
    assert StatusResponse.objects.get(pk=response.pk).status == Status.SUBMITTED
    client.post(url, {"return-comment": "Tilføj antal deltagere."})
    assert StatusResponse.objects.get(pk=response.pk).status == Status.RETURNED
    client.force_login(member)
    page = client.get(reverse("activities:response", args=[response.pk]))
    assert "Tilføj antal deltagere." in page.content.decode()
    assert 'name="intent" value="submit"' in page.content.decode()


def test_approved_answers_are_frozen(client, response, member, coordinator):
    client.force_login(member)
    post(client, response, intent="submit")
    client.force_login(coordinator)
    client.post(reverse("activities:response_action", args=[response.pk, "approve"]))
    client.force_login(member)
    page = client.get(reverse("activities:response", args=[response.pk]))
    assert 'name="intent"' not in page.content.decode()
    assert "Svaret er godkendt og kan ikke længere ændres." in page.content.decode()
    version = StatusResponse.objects.get(pk=response.pk).version
    post(client, response, version=version, on_track_text="Ændret bagefter")
    assert StatusResponse.objects.get(pk=response.pk).on_track_text == COMPLETE["on_track_text"]


@pytest.mark.parametrize("who", ["member", "admin", "reader"])
def test_only_the_coordinator_approves(client, response, member, admin_user, reader, unit, who):
    colleague = factories.member_of(unit)
    client.force_login(colleague)
    post(client, response, intent="submit")
    client.force_login({"member": member, "admin": admin_user, "reader": reader}[who])
    client.post(reverse("activities:response_action", args=[response.pk, "approve"]))
    assert StatusResponse.objects.get(pk=response.pk).status == Status.SUBMITTED
    assert ResponseTransition.objects.count() == 1


def test_the_page_shows_the_timeline_and_edits(client, response, member, coordinator):
    client.force_login(member)
    post(client, response, on_track_text="Første udkast")
    post(client, StatusResponse.objects.get(pk=response.pk), intent="submit")
    client.force_login(coordinator)
    page = client.get(reverse("activities:response", args=[response.pk]))
    assert [(t.from_status, t.to_status) for t in page.context["transitions"]] == [("draft", "submitted")]
    edits = page.context["edits"]
    assert edits[-1]["user"] == member
    assert "Spørgsmål 1: uddybning" in edits[-1]["fields"]
    assert any("Spørgsmål 4: uddybning" in entry["fields"] for entry in edits)


def test_the_page_writes_the_period_in_the_users_language(client, response, member, settings):
    client.force_login(member)
    url = reverse("activities:response", args=[response.pk])
    assert "perioden 1. januar 2022 – 30. april 2022" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "1 January 2022 – 30 April 2022" in english
    assert "1. January" not in english
