"""Who may do what: roles and small object rules, shared by views, templates and tests.

Every predicate returns a :class:`Decision`, which is truthy when allowed and carries a
Danish reason when not, so a view can tell the user why a button is missing.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Group names, created by the data migration activities/0002_roles.
ROLE_ADMINISTRATOR = "administrator"
ROLE_COORDINATOR = "koordinator"
ROLE_UNIT_MEMBER = "enhedsmedlem"
ROLE_READER = "laeser"
ROLES = [ROLE_ADMINISTRATOR, ROLE_COORDINATOR, ROLE_UNIT_MEMBER, ROLE_READER]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


ALLOW = Decision(True)


def deny(reason):
    return Decision(False, str(reason))


def require(decision):
    """Raise PermissionDenied with the decision's reason (shown on the 403 page) unless allowed."""
    if not decision:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(decision.reason)


def visible_partnership_or_404(user, slug):
    """The partnership if the user may read it; a 404 like a missing one otherwise."""
    from django.shortcuts import get_object_or_404

    from activities.models import Partnership

    return get_object_or_404(Partnership.objects.visible_to(user), slug=slug)


def role_group(role):
    """The auth group of a role (created by migration; recreated if a test flush removed it)."""
    from django.contrib.auth.models import Group

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


def primary_role(user):
    """The role whose start page the user sees first."""
    if is_administrator(user):
        return ROLE_ADMINISTRATOR
    if has_role(user, ROLE_COORDINATOR) or user.coordinated_partnerships.exists():
        return ROLE_COORDINATOR
    if unit_ids(user):
        return ROLE_UNIT_MEMBER
    return ROLE_READER


def can_view_partnership(user, partnership):
    from activities.models import Partnership

    if Partnership.objects.visible_to(user).filter(pk=partnership.pk).exists():
        return ALLOW
    return deny(_("Du har ikke adgang til dette partnerskab."))


def can_edit_activities(user, partnership):
    """Texts, units and partners of the plan: coordinators of the partnership and administrators."""
    if is_administrator(user) or is_coordinator_of(user, partnership):
        return ALLOW
    return deny(_("Kun partnerskabets koordinator og administratorer kan redigere aktiviteter."))


def can_edit_budgets(user, partnership):
    if is_administrator(user):
        return ALLOW
    return deny(_("Kun administratorer kan ændre budgetter."))


def can_extend_partnership(user, partnership):
    if is_administrator(user):
        return ALLOW
    return deny(_("Kun administratorer kan forlænge et partnerskab med en ny aftaleperiode."))


def can_import_plan(user, partnership):
    if is_administrator(user) or is_coordinator_of(user, partnership):
        return ALLOW
    return deny(_("Kun partnerskabets koordinator og administratorer kan indlæse en tryghedsplan."))


def can_manage_rounds(user, partnership):
    if is_administrator(user) or is_coordinator_of(user, partnership):
        return ALLOW
    return deny(_("Kun partnerskabets koordinator kan åbne og lukke runder."))


def can_edit_indicators(user, partnership):
    if is_administrator(user) or is_coordinator_of(user, partnership):
        return ALLOW
    return deny(_("Kun partnerskabets koordinator og administratorer kan indlæse og rette indikatordata."))


def can_edit_report(user, partnership):
    if is_coordinator_of(user, partnership) or is_administrator(user):
        return ALLOW
    return deny(_("Kun partnerskabets koordinator kan redigere statusrapporten."))


def can_view_audit(user):
    """The site-wide history of every change: administrators only."""
    if is_administrator(user):
        return ALLOW
    return deny(_("Kun administratorer kan se historikken over ændringer."))
