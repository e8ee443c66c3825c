"""History of the users: who changed a user's name, e-mail, active state or roles, and when.

Django's own user model gets simple_history's records here (with its groups, the roles).
A login only stamps ``last_login``; that save writes no history entry.
"""

from django.contrib.auth.models import User
from django.db.models.signals import pre_save
from django.dispatch import receiver
from simple_history import register

register(User, app=__package__, m2m_fields=[User.groups.field], excluded_fields=["password", "last_login"])


@receiver(pre_save, sender=User)
def _no_history_for_a_login(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        instance.skip_history_when_saving = True
    elif hasattr(instance, "skip_history_when_saving"):
        del instance.skip_history_when_saving
