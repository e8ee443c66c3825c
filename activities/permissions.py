"""Who may do what: small object rules on top of the roles, shared by views, templates and tests.

The roles themselves (:mod:`activities.roles`) need no model; the rules here read the
models. Every predicate returns a :class:`Decision`, which is truthy when allowed and
carries a Danish reason when not, so a view can tell the user why a button is missing.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from activities.models import Partnership
from activities.roles import (
    ROLE_ADMINISTRATOR,
    ROLE_COORDINATOR,
    ROLE_READER,
    ROLE_UNIT_MEMBER,
    has_role,
    is_administrator,
    is_coordinator_of,
    unit_ids,
)


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
        raise PermissionDenied(decision.reason)


def visible_partnership_or_404(user, slug):
    """The partnership if the user may read it; a 404 like a missing one otherwise."""
    return get_object_or_404(Partnership.objects.visible_to(user), slug=slug)


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
