"""Single sign-on against a real OpenID Connect provider running on localhost."""

import logging
import socket
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse

from activities import roles
from activities.models import OutgoingMail
from tests import factories
from tests.conftest import sso_person

User = get_user_model()


def sign_in(client, issuer, sub):
    """Walks the authorisation code flow: our login, the provider's consent form for ``sub``, our callback."""
    start = client.post(reverse("openid_connect_login", args=["kommune"]))
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(issuer)
    consent = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=10)
    assert consent.status_code == 302, consent.text
    callback = urlsplit(consent.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")


def logged_in_user(client):
    return client.get(reverse("home")).wsgi_request.user


@pytest.mark.django_db
def test_without_configuration_the_login_page_has_no_single_sign_on(client):
    page = client.get(reverse("login")).content.decode()
    assert "Log ind med kommunens konto" not in page
    assert client.post(reverse("openid_connect_login", args=["kommune"])).status_code == 404


@pytest.mark.django_db
def test_the_login_page_offers_the_municipal_account_above_the_local_form(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert page.index("Log ind med kommunens konto") < page.index('name="username"')


@pytest.mark.django_db
def test_first_login_links_the_active_user_with_the_verified_email(client, sso):
    user = factories.UserFactory(username="mette", email="Mette.Hansen@kk.dk")
    sso_person(sso, "mette.hansen")

    response = sign_in(client, sso, "mette.hansen")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert logged_in_user(client) == user
    assert SocialAccount.objects.get(provider="kommune").user == user

    # The second time the account is found by the provider's subject, not the address.
    client.logout()
    sso_person(sso, "mette.hansen", email="mette.h@kk.dk")
    sign_in(client, sso, "mette.hansen")
    assert logged_in_user(client) == user


@pytest.mark.django_db
def test_first_login_of_someone_unknown_creates_an_inactive_user_for_approval(client, sso, caplog):
    sso_person(sso, "ny.medarbejder")

    with caplog.at_level(logging.WARNING, logger="accounts.sso"):
        response = sign_in(client, sso, "ny.medarbejder")

    assert response.status_code == 403
    assert "Din konto venter på godkendelse" in response.content.decode()
    assert not logged_in_user(client).is_authenticated
    user = User.objects.get(email="ny.medarbejder@kk.dk")
    assert not user.is_active
    assert not user.has_usable_password()
    assert "waits for an administrator" in caplog.text

    # Still waiting the next time; let in once an administrator activates the account.
    assert "venter på godkendelse" in sign_in(client, sso, "ny.medarbejder").content.decode()
    assert User.objects.filter(email="ny.medarbejder@kk.dk").count() == 1
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert sign_in(client, sso, "ny.medarbejder").status_code == 302
    assert logged_in_user(client) == user


@pytest.mark.django_db
def test_the_administrators_hear_of_a_user_waiting_for_approval(client, sso, settings):
    administrator = factories.administrator(email="ada@kk.dk", first_name="Ada", last_name="Admin")
    superuser = User.objects.create_superuser("teknik", "teknik@kk.dk", "x")
    factories.administrator(email="forhenvaerende@kk.dk", is_active=False)
    factories.UserFactory(email="koordinator@kk.dk", roles=[roles.ROLE_COORDINATOR])
    sso_person(sso, "ny.medarbejder")

    sign_in(client, sso, "ny.medarbejder")

    waiting = User.objects.get(email="ny.medarbejder@kk.dk")
    mails = list(OutgoingMail.objects.order_by("pk"))
    assert [mail.recipient_list for mail in mails] == [[administrator.email], [superuser.email]]
    assert mails[0].subject == "Ny bruger venter på godkendelse: ny.medarbejder@kk.dk"
    assert mails[0].body.startswith("Kære Ada Admin")
    assert f"{settings.SITE_URL}/brugere/{waiting.pk}/" in mails[0].body
    assert f"{settings.SITE_URL}/brugere/?status=venter" in mails[0].body
    created = waiting.history.get(history_type="+")
    assert (
        created.history_change_reason
        == "Oprettet ved første login med kommunens konto; venter på godkendelse"
    )
    assert created.history_user is None

    # Trying again while waiting tells nobody anew.
    sign_in(client, sso, "ny.medarbejder")
    assert OutgoingMail.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"email": "ekstern@example.com"}, "hører ikke til den organisation"),
        ({"tid": "another-tenant"}, "hører ikke til den organisation"),
        ({"email_verified": False}, "har ikke bekræftet din e-mailadresse"),
        ({"email_verified": None}, "har ikke bekræftet din e-mailadresse"),
    ],
    ids=["wrong domain", "wrong tenant", "unverified e-mail", "no verification claim"],
)
def test_logins_from_outside_the_municipality_or_unverified_are_refused(client, sso, claims, message):
    user = factories.UserFactory(email="claus@kk.dk")
    if "email" in claims:
        factories.UserFactory(email=claims["email"])
    sso_person(sso, "claus", **claims)

    response = sign_in(client, sso, "claus")

    assert response.status_code == 403
    assert message in response.content.decode()
    assert not logged_in_user(client).is_authenticated
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="claus@kk.dk").get() == user


@pytest.mark.django_db
def test_a_deactivated_user_is_refused(client, sso):
    factories.UserFactory(email="tidligere@kk.dk", is_active=False, last_login="2025-01-01T00:00:00Z")
    sso_person(sso, "tidligere")

    response = sign_in(client, sso, "tidligere")

    assert response.status_code == 403
    assert "Din konto er deaktiveret" in response.content.decode()
    assert not logged_in_user(client).is_authenticated
    assert not SocialAccount.objects.exists()


@pytest.mark.django_db
def test_a_linked_user_deactivated_later_is_refused(client, sso):
    user = factories.UserFactory(email="jens@kk.dk")
    sso_person(sso, "jens")
    sign_in(client, sso, "jens")
    client.logout()
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = sign_in(client, sso, "jens")

    assert response.status_code == 403
    assert "Din konto er deaktiveret" in response.content.decode()
    assert not logged_in_user(client).is_authenticated


@pytest.mark.django_db
def test_roles_follow_the_groups_claim_when_one_is_configured(client, sso, settings):
    settings.SSO_OIDC_GROUPS_CLAIM = "groups"
    settings.SSO_OIDC_GROUP_ROLES = {
        "g-admin": roles.ROLE_ADMINISTRATOR,
        "g-read": roles.ROLE_READER,
    }
    user = factories.UserFactory(email="anne@kk.dk", roles=[roles.ROLE_READER, roles.ROLE_COORDINATOR])
    sso_person(sso, "anne", groups=["g-admin", "unrelated"])

    sign_in(client, sso, "anne")

    assert set(user.groups.values_list("name", flat=True)) == {
        roles.ROLE_ADMINISTRATOR,
        roles.ROLE_COORDINATOR,  # not governed by the claim: kept as assigned in the app
    }


@pytest.mark.django_db
def test_a_single_sign_on_is_not_sent_to_set_up_local_two_factor_login(client, sso, settings):
    settings.MFA_REQUIRED_ROLES = [roles.ROLE_COORDINATOR]
    user = factories.UserFactory(email="kim@kk.dk", roles=[roles.ROLE_COORDINATOR])
    sso_person(sso, "kim")

    sign_in(client, sso, "kim")

    assert client.get(reverse("home")).status_code == 200
    assert logged_in_user(client) == user


@pytest.mark.django_db
def test_logout_ends_the_local_session(client, sso):
    factories.UserFactory(email="lone@kk.dk")
    sso_person(sso, "lone")
    sign_in(client, sso, "lone")

    response = client.post(reverse("logout"))

    assert not logged_in_user(client).is_authenticated
    # The provider's own session is offered as a link to its end_session_endpoint.
    link = response.context["provider_logout_url"]
    assert link.startswith(f"{sso}/oauth2/end_session?client_id=partnerskab&post_logout_redirect_uri=")
    assert "Log også ud af kommunens konto" in response.content.decode()


@pytest.mark.django_db
def test_a_local_logout_goes_to_the_login_page_as_before(client, member):
    client.force_login(member)
    assert client.post(reverse("logout"))["Location"] == reverse("login")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_an_unreachable_provider_shows_a_danish_page_and_logs_the_error(client, sso, settings, caplog):
    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    app["settings"]["server_url"] = f"http://127.0.0.1:{free_port()}"

    with caplog.at_level(logging.ERROR, logger="accounts.sso"):
        response = client.post(reverse("openid_connect_login", args=["kommune"]))

    assert response.status_code == 503
    page = response.content.decode()
    assert "Single sign-on er ikke tilgængeligt" in page
    assert reverse("login") in page
    assert "Traceback" not in page
    assert "unavailable" in caplog.text


@pytest.mark.django_db
def test_an_error_from_the_provider_shows_the_danish_page(client, sso, caplog):
    start = client.post(reverse("openid_connect_login", args=["kommune"]))
    state = dict(part.split("=", 1) for part in urlsplit(start["Location"]).query.split("&"))["state"]

    with caplog.at_level(logging.ERROR, logger="accounts.sso"):
        response = client.get(
            reverse("openid_connect_callback", args=["kommune"]), {"state": state, "error": "server_error"}
        )

    assert response.status_code == 503
    assert "Single sign-on er ikke tilgængeligt" in response.content.decode()
    assert "failed at the provider" in caplog.text


@pytest.mark.django_db
def test_a_wrong_client_secret_shows_the_danish_page(client, sso, settings, caplog):
    # A registered client, so that the provider checks its secret at the token endpoint.
    registered = requests.post(
        f"{sso}/oauth2/clients",
        json={"redirect_uris": ["http://testserver/konto/oidc/kommune/login/callback/"]},
        timeout=10,
    ).json()
    app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
    app["client_id"], app["secret"] = registered["client_id"], "forkert"
    factories.UserFactory(email="sara@kk.dk")
    sso_person(sso, "sara")

    with caplog.at_level(logging.ERROR, logger="accounts.sso"):
        response = sign_in(client, sso, "sara")

    assert response.status_code == 503
    assert "Single sign-on er ikke tilgængeligt" in response.content.decode()
    assert not logged_in_user(client).is_authenticated
    assert "failed at the provider" in caplog.text
