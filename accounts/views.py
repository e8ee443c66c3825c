import logging

from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.utils.decorators import method_decorator
from requests import RequestException

from accounts import sso
from accounts.adapters import unavailable

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
