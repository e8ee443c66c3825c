"""The users' admin list also shows who a first single sign-on created and who uses two-factor
login, and lets an administrator approve (activate) users."""

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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
            # As accounts.sso.is_awaiting_approval: inactive, never logged in, no password.
            return queryset.filter(
                is_active=False, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
            )
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
