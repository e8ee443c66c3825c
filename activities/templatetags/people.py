"""How a user is named on pages and in e-mails."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def person(user):
    """The user's full name, else the username; "system" for a change no user made (a save
    from the shell or a script leaves the history without one)."""
    if user is None:
        return _("system")
    return user.get_full_name() or user.username
