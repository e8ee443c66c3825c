"""Users, their roles and units, and the units themselves: the administrator's Danish pages.

Users are deactivated, never deleted. Every change is in the history (the user's own
record with its roles, and each unit's and partnership's memberships).
"""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import sso
from accounts.forms_users import UnitForm, UserForm
from activities import permissions, roles
from activities.models import PersonalDataAccess, Unit

PAGE_SIZE = 50


def _require_administrator(request):
    if not roles.is_administrator(request.user):
        permissions.require(permissions.deny(_("Kun administratorer kan administrere brugere og enheder.")))


@require_GET
def user_list(request):
    _require_administrator(request)
    users = (
        User.objects.annotate(
            has_totp=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)),
            has_sso=Exists(SocialAccount.objects.filter(user=OuterRef("pk"))),
        )
        .prefetch_related("groups", Prefetch("units", queryset=Unit.objects.order_by("short_name")))
        .order_by("-is_active", "first_name", "last_name", "username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    state = request.GET.get("status", "")
    if state == "aktive":
        users = users.filter(is_active=True)
    elif state == "deaktiverede":
        users = users.filter(is_active=False)
    elif state == "venter":
        users = sso.awaiting_approval(users)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("side"))
    filters = request.GET.copy()
    filters.pop("side", None)
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "search": query,
            "state": state,
            "query": filters.urlencode(),
            "awaiting_approval": sso.awaiting_approval(User.objects).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def user_edit(request, pk=None):
    _require_administrator(request)
    user = get_object_or_404(User, pk=pk) if pk else None
    if user is not None and user != request.user and request.method == "GET":
        # The page shows another user's personal data: the access is logged.
        PersonalDataAccess.objects.create(
            accessed_by=request.user, subject=user, what=PersonalDataAccess.What.PROFILE
        )
    form = UserForm(request.POST or None, instance=user)
    if form.is_valid():
        saved = form.save()
        if user is None:
            messages.success(
                request,
                _(
                    "%(name)s er oprettet. Brugeren logger ind med kommunens konto eller vælger en "
                    "adgangskode via «Glemt adgangskode» med sin e-mail."
                )
                % {"name": saved.get_full_name()},
            )
        else:
            messages.success(request, _("Ændringerne er gemt."))
        return redirect("user_list")
    return render(request, "accounts/user_form.html", {"form": form, "subject": user})


@require_http_methods(["GET", "POST"])
def user_set_active(request, pk):
    """Deactivate (never delete) or reactivate a user, after a confirmation."""
    _require_administrator(request)
    user = get_object_or_404(User, pk=pk)
    if user == request.user:
        messages.error(request, _("Du kan ikke deaktivere dig selv."))
        return redirect("user_list")
    if request.method == "POST":
        user.is_active = not user.is_active
        user.save(update_fields=["is_active"])
        messages.success(
            request,
            (
                _("%(name)s er aktiveret igen.")
                if user.is_active
                else _("%(name)s er deaktiveret og kan ikke logge ind.")
            )
            % {"name": user.get_full_name() or user.get_username()},
        )
        return redirect("user_list")
    return render(request, "accounts/user_set_active.html", {"subject": user})


@require_GET
def unit_list(request):
    _require_administrator(request)
    units = Unit.objects.prefetch_related("members").order_by("short_name")
    return render(request, "accounts/unit_list.html", {"units": units})


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk=None):
    _require_administrator(request)
    unit = get_object_or_404(Unit, pk=pk) if pk else None
    form = UnitForm(request.POST or None, instance=unit)
    if form.is_valid():
        form.save()
        messages.success(request, _("Enheden er gemt."))
        return redirect("unit_list")
    return render(request, "accounts/unit_form.html", {"form": form, "unit": unit})


@require_GET
def partnership_units(request, slug):
    """Who belongs to each unit working in the partnership: the coordinator reads it, the
    administrator changes it on the users page."""
    partnership = permissions.visible_partnership_or_404(request.user, slug)
    if not (roles.is_administrator(request.user) or roles.is_coordinator_of(request.user, partnership)):
        permissions.require(
            permissions.deny(
                _("Kun partnerskabets koordinator og administratorer kan se enhedernes medlemmer.")
            )
        )
    units = (
        Unit.objects.filter(
            Q(responsible_for__partnership=partnership) | Q(partner_in__partnership=partnership)
        )
        .distinct()
        .prefetch_related(
            Prefetch("members", queryset=User.objects.filter(is_active=True).order_by("first_name"))
        )
        .order_by("short_name")
    )
    return render(request, "accounts/partnership_units.html", {"partnership": partnership, "units": units})
