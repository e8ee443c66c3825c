"""Single sign-on with the municipality's OpenID Connect provider: what the settings say,
and which logins the provider's claims allow."""

import logging
from urllib.parse import urlencode, urlsplit

from allauth.core.internal.datakit import parse_bool_safely
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from requests import RequestException

from activities import roles

logger = logging.getLogger("accounts.sso")

PROVIDER = "openid_connect"

REFUSED_UNVERIFIED = _(
    "Kommunens login har ikke bekræftet din e-mailadresse, så vi kan ikke vide, hvem du er. "
    "Kontakt IT-support eller en administrator."
)
REFUSED_WRONG_ORGANISATION = _(
    "Din konto hører ikke til den organisation, der har adgang til systemet. "
    "Log ind med din kommunale konto, eller brug en lokal konto."
)
REFUSED_NO_EMAIL = _("Kommunens login sendte ingen e-mailadresse, så vi kan ikke finde din konto.")
REFUSED_DEACTIVATED = _("Din konto er deaktiveret. Kontakt en administrator, hvis du skal have adgang igen.")
REFUSED_AMBIGUOUS = _(
    "Flere konti har din e-mailadresse, så vi kan ikke vælge den rigtige. Kontakt en administrator."
)


def provider_id():
    return settings.SSO_OIDC_PROVIDER_ID


def is_enabled(requested_provider_id=None):
    """True when the settings configure the municipal provider (and, if given, it is the one asked for)."""
    apps = settings.SOCIALACCOUNT_PROVIDERS.get(PROVIDER, {}).get("APPS", [])
    wanted = requested_provider_id or provider_id()
    return wanted == provider_id() and any(app.get("provider_id") == wanted for app in apps)


def allow_form_to_provider(response):
    """Lets the page's form end at the provider: the login's POST answers with a redirect there,
    and the site's Content-Security-Policy (form-action 'self') would stop it."""
    for app in settings.SOCIALACCOUNT_PROVIDERS.get(PROVIDER, {}).get("APPS", []):
        if app.get("provider_id") == provider_id():
            url = urlsplit(app["settings"]["server_url"])
            response._csp_update = {"form-action": [f"{url.scheme}://{url.netloc}"]}
    return response


def end_session_url(request, provider):
    """The provider's logout (OpenID Connect RP-initiated logout) for this app, back to our login
    page afterwards; None when the provider offers none or cannot say."""
    try:
        endpoint = provider.get_oauth2_adapter(request).openid_config.get("end_session_endpoint")
    except (RequestException, ValueError):
        logger.warning("Could not read the provider's end_session_endpoint", exc_info=True)
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "client_id": provider.app.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def claims_of(sociallogin):
    """The ID token's claims with the userinfo answer over them (the tenant id is only in the token)."""
    data = sociallogin.account.extra_data or {}
    return {**data.get("id_token", {}), **data.get("userinfo", {})}


def email_of(claims):
    return (claims.get("email") or "").strip()


def refusal(claims):
    """Why these claims may not log in, or None when they may."""
    email = email_of(claims)
    if not email:
        return REFUSED_NO_EMAIL
    tenant = settings.SSO_OIDC_TENANT_ID
    if tenant and claims.get("tid") != tenant:
        return REFUSED_WRONG_ORGANISATION
    domains = [domain.lower().lstrip("@") for domain in settings.SSO_OIDC_ALLOWED_DOMAINS]
    if domains and email.rpartition("@")[2].lower() not in domains:
        return REFUSED_WRONG_ORGANISATION
    if not parse_bool_safely(claims.get(settings.SSO_OIDC_VERIFIED_CLAIM)):
        return REFUSED_UNVERIFIED
    return None


def roles_from_claims(claims):
    """The roles the groups claim gives, and the roles the mapping governs; None when no claim is set."""
    claim = settings.SSO_OIDC_GROUPS_CLAIM
    if not claim:
        return None
    mapping = {key: role for key, role in settings.SSO_OIDC_GROUP_ROLES.items() if role in roles.ROLES}
    values = claims.get(claim) or []
    if isinstance(values, str):
        values = [values]
    given = {mapping[value] for value in values if value in mapping}
    return given, set(mapping.values())


def sync_roles(user, claims):
    """Gives and takes the roles that the groups claim governs; roles outside the mapping stay as the
    administrator set them in the app."""
    claimed = roles_from_claims(claims)
    if claimed is None:
        return
    given, governed = claimed
    for role in governed:
        group = roles.role_group(role)
        if role in given:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def is_awaiting_approval(user):
    """An inactive user created by a first single sign-on, that no administrator has let in yet."""
    return not user.is_active and user.last_login is None and not user.has_usable_password()


def awaiting_approval(users):
    """The users of the queryset ``users`` that :func:`is_awaiting_approval` holds for."""
    return users.filter(
        is_active=False, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    )
