import hashlib
import logging

from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from requests import RequestException

from accounts import sso
from accounts.adapters import unavailable
from amager_partnerskab.security import client_ip_address

logger = logging.getLogger("accounts.sso")

# What a provider that is down, unreachable or answering nonsense raises while allauth reads
# its discovery document (before allauth's own error handling is in place).
PROVIDER_ERRORS = (RequestException, ValueError, KeyError)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login for local accounts, with the municipal single sign-on above it when configured."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_provider_id"] = sso.provider_id() if sso.is_enabled() else None
        return context

    def dispatch(self, request, *args, **kwargs):
        return sso.allow_form_to_provider(super().dispatch(request, *args, **kwargs))


def _over_limit(key, limit):
    """Count one more request under `key` for the hour since its first, and say whether
    that passes `limit`. The cache is each process's own, so the limit holds per worker."""
    cache.add(key, 0, timeout=60 * 60)
    try:
        return cache.incr(key) > limit
    except ValueError:  # the hour ran out between add and incr
        cache.add(key, 1, timeout=60 * 60)
        return False


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per client address and per e-mail address.

    Over a limit the same page answers 429 with a message, and no mail goes out. Every
    address typed is counted, known or not, so the answer never tells whether an account
    has it.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        limits = [
            (
                f"password-reset:address:{client_ip_address(self.request)}",
                settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            ),
            (
                f"password-reset:email:{hashlib.sha256(email.encode()).hexdigest()}",
                settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
            ),
        ]
        # Both counters count, so an address cannot spread its tries over e-mail addresses.
        if [_over_limit(key, limit) for key, limit in limits] != [False, False]:
            form.add_error(None, _("For mange anmodninger om ny adgangskode. Prøv igen om en time."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def _guarded(allauth_view):
    @login_not_required
    def view(request, provider_id):
        if not sso.is_enabled(provider_id):
            raise Http404
        try:
            return sso.allow_form_to_provider(allauth_view(request, provider_id=provider_id))
        except PROVIDER_ERRORS:
            logger.exception("Single sign-on is unavailable: the provider could not be reached or read")
            return unavailable(request)

    view.__name__ = allauth_view.__name__
    view.__doc__ = allauth_view.__doc__
    return view


sso_login = _guarded(oidc_views.login)
sso_callback = _guarded(oidc_views.callback)
