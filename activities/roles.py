"""The four roles and who holds them, answered from the user alone.

Nothing here imports a model of this project, so the models' ``visible_to`` querysets can
ask "is this user an administrator?" and :mod:`activities.permissions`, which builds its
object rules on these answers and on the models, can import the models in turn.
"""

from django.contrib.auth.models import Group

# Group names, created by the data migration activities/0002_roles.
ROLE_ADMINISTRATOR = "administrator"
ROLE_COORDINATOR = "koordinator"
ROLE_UNIT_MEMBER = "enhedsmedlem"
ROLE_READER = "laeser"
ROLES = [ROLE_ADMINISTRATOR, ROLE_COORDINATOR, ROLE_UNIT_MEMBER, ROLE_READER]


def role_group(role):
    """The auth group of a role (created by migration; recreated if a test flush removed it)."""
    return Group.objects.get_or_create(name=role)[0]


def _group_names(user):
    # Cached on the user object: navigation and several predicates ask per request.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._role_names


def has_role(user, role):
    return user.is_authenticated and user.is_active and role in _group_names(user)


def is_administrator(user):
    return (
        user.is_authenticated and user.is_active and (user.is_superuser or has_role(user, ROLE_ADMINISTRATOR))
    )


def is_coordinator_of(user, partnership):
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_coordinated_ids"):
        user._coordinated_ids = set(user.coordinated_partnerships.values_list("pk", flat=True))
    return partnership.pk in user._coordinated_ids


def unit_ids(user):
    """Primary keys of the units the user is a member of."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_unit_ids"):
        user._unit_ids = set(user.units.values_list("pk", flat=True))
    return user._unit_ids
