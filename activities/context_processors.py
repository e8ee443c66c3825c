from activities import permissions


def navigation(request):
    """The role that decides the start page and which menu entries are shown."""
    user = request.user
    if not user.is_authenticated:
        return {}
    from activities.models import Partnership

    return {
        "nav_role": permissions.primary_role(user),
        "nav_is_administrator": permissions.is_administrator(user),
        # Left lazy: django-tables2 runs the context processors again for every table, and
        # only the menu reads the list.
        "nav_partnerships": Partnership.objects.visible_to(user).only("slug", "name"),
    }
