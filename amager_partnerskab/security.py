"""Login protection shared by the whole site."""

from axes.backends import AxesStandaloneBackend


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
