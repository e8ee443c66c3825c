"""Login protection shared by the whole site."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.utils.cache import patch_cache_control


def client_ip_address(request):
    """The address a login attempt came from, for django-axes.

    With no trusted proxy (``DJANGO_TRUSTED_PROXIES=0``) it is ``REMOTE_ADDR``. Behind N
    trusted proxies it is the N-th address from the right in X-Forwarded-For: each proxy
    appends the address it saw, so only the right-most N entries are written by someone
    we trust; what a client puts further left is ignored. A request with fewer entries did
    not pass the proxies, and keeps ``REMOTE_ADDR``.
    """
    count = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


class LoginLockoutBackend(AxesStandaloneBackend):
    """Refuses logins for a username and address that django-axes has locked out.

    Lockout is about attempts over HTTP, so a call to ``authenticate()`` without a
    request (a management command, the test client's ``login()``) is left to the next
    backend instead of failing as the stock backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a logged-in user, downloads
    included: no proxy or shared browser cache keeps a page or an export with personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
