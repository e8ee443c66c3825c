"""E-mails about users: the administrators hear when a first single sign-on created a user who
waits for one of them to approve it. Sent through the site's mail queue
(:func:`activities.emails.queue_mail`), in Danish."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from activities import roles
from activities.emails import queue_mail


def administrators():
    """The active users who administer users: the administrator role, and superusers."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=roles.ROLE_ADMINISTRATOR) | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_user_awaiting_approval(user):
    """Tell each administrator that ``user`` waits for approval, with a link to the user's page.
    Returns the number of e-mails queued."""
    sent = 0
    with translation.override("da"):
        subject = _("Ny bruger venter på godkendelse: %(email)s") % {"email": user.email}
        for administrator in administrators():
            context = {"waiting": user, "administrator": administrator}
            sent += queue_mail(subject, "emails/user_awaiting_approval.txt", context, [administrator.email])
    return sent
