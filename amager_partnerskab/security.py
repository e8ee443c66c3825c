"""Login protection shared by the whole site."""

from axes.backends import AxesStandaloneBackend
from django.utils.cache import patch_cache_control


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
