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
        "nav_partnerships": list(Partnership.objects.visible_to(user).only("slug", "name")),
    }
