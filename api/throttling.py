from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class ApiUserRateThrottle(UserRateThrottle):
    """Requests per user (per address for anyone not logged in) at ``API_THROTTLE_RATE``,
    read on each request so a test can change it; None switches the limit off."""

    def get_rate(self):
        return settings.API_THROTTLE_RATE
