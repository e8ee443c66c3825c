"""The users' admin list also shows who a first single sign-on created and who uses two-factor
login, and lets an administrator approve (activate) users. allauth's own lists and edit forms
get Danish column names and labels where allauth gives none to translate."""

from allauth.mfa import admin as mfa_admin
from allauth.mfa.models import Authenticator
from allauth.socialaccount import admin as socialaccount_admin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import sso
from activities.admin import UserAdmin
from records.admin import HistoryReadOnlyAdmin

User = get_user_model()


class AwaitingApprovalFilter(admin.SimpleListFilter):
    title = _("godkendelse")
    parameter_name = "godkendelse"

    def lookups(self, request, model_admin):
        return [("venter", _("Venter på godkendelse"))]

    def queryset(self, request, queryset):
        if self.value() == "venter":
            return sso.awaiting_approval(queryset)
        return queryset


admin.site.unregister(User)


@admin.register(User)
class AccountsUserAdmin(HistoryReadOnlyAdmin, UserAdmin):
    actions = [*UserAdmin.actions, "activate"]
    list_display = [*UserAdmin.list_display, "single_sign_on", "two_factor"]
    list_filter = [AwaitingApprovalFilter, *UserAdmin.list_filter]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_social_account=Exists(SocialAccount.objects.filter(user=OuterRef("pk"))),
                has_totp=Exists(
                    Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
                ),
            )
        )

    @admin.display(description=_("kommunens konto"), boolean=True, ordering="has_social_account")
    def single_sign_on(self, user):
        return user.has_social_account

    @admin.display(description=_("totrinslogin"), boolean=True, ordering="has_totp")
    def two_factor(self, user):
        return user.has_totp

    @admin.action(description=_("Aktivér valgte brugere (godkend nye, genaktivér tidligere)"))
    def activate(self, request, queryset):
        arriving = list(queryset.filter(is_active=False))
        for user in arriving:
            user.is_active = True
            user.save(update_fields=["is_active"])
        self.message_user(
            request,
            ngettext("%(count)d bruger er aktiveret.", "%(count)d brugere er aktiveret.", len(arriving))
            % {"count": len(arriving)},
            messages.SUCCESS,
        )


# allauth names these columns after the model fields, which have no verbose name that a
# catalogue could translate: the lists show them through Danish-named columns instead.


class DanishTitledFilter:
    """A list filter whose field has no translatable name shows ``danish_title``."""

    danish_title = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = self.danish_title


class CreatedFilter(DanishTitledFilter, admin.DateFieldListFilter):
    danish_title = _("oprettet")


class LastUsedFilter(DanishTitledFilter, admin.DateFieldListFilter):
    danish_title = _("sidst brugt")


@admin.display(description=_("bruger"), ordering="user")
def owner(record):
    return record.user


def with_danish_labels(form_class, labels):
    """``form_class`` with Danish labels for the fields a library left without a translatable
    name (allauth's ``user``, ``created_at`` …), set after the form has built its fields."""

    class DanishLabelsForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, label in labels.items():
                if name in self.fields:
                    self.fields[name].label = capfirst(label)

    return DanishLabelsForm


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(mfa_admin.AuthenticatorAdmin):
    form = with_danish_labels(
        forms.ModelForm,
        {
            "user": _("bruger"),
            "type": _("type"),
            "data": _("data"),
            "created_at": _("oprettet"),
            "last_used_at": _("sidst brugt"),
        },
    )
    list_display = (owner, "type", "created", "last_used")
    list_filter = ("type", ("created_at", CreatedFilter), ("last_used_at", LastUsedFilter))
    list_select_related = ["user"]

    @admin.display(description=_("oprettet"), ordering="created_at")
    def created(self, authenticator):
        return authenticator.created_at

    @admin.display(description=_("sidst brugt"), ordering="last_used_at")
    def last_used(self, authenticator):
        return authenticator.last_used_at


admin.site.unregister(SocialAccount)


@admin.register(SocialAccount)
class SocialAccountAdmin(socialaccount_admin.SocialAccountAdmin):
    form = with_danish_labels(forms.ModelForm, {"user": _("bruger"), "uid": _("id hos udbyderen")})
    list_display = (owner, "uid", "provider")
    list_select_related = ["user"]


admin.site.unregister(SocialToken)


@admin.register(SocialToken)
class SocialTokenAdmin(socialaccount_admin.SocialTokenAdmin):
    form = with_danish_labels(forms.ModelForm, {"app": _("login-app"), "account": _("social konto")})
    list_display = ("app", "social_account", "truncated_token", "expires_at")
    list_select_related = ["app", "account"]

    @admin.display(description=_("social konto"), ordering="account")
    def social_account(self, token):
        return token.account


admin.site.unregister(SocialApp)


@admin.register(SocialApp)
class SocialAppAdmin(socialaccount_admin.SocialAppAdmin):
    form = with_danish_labels(
        socialaccount_admin.SocialAppForm, {"provider": _("udbyder"), "settings": _("indstillinger")}
    )
