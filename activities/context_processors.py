from activities import permissions
from activities.models.organisation import visible_partnerships


def navigation(request):
    """What the menu shows: the user's partnerships and whether the administration entries are."""
    # A request refused before authentication ran (a bad Host header answers 400) has no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # django-tables2 runs the context processors again for every table it renders: build the
    # menu once per request. The partnerships are the page's own visible ones (one query).
    if not hasattr(request, "_navigation"):
        request._navigation = {
            "nav_is_administrator": permissions.is_administrator(user),
            "nav_partnerships": visible_partnerships(user),
        }
    return request._navigation
