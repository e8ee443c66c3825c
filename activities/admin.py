"""Django admin for the organisation and the plan; every change keeps its history."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from activities import emails, workflow
from activities.models import (
    Activity,
    Budget,
    OutgoingMail,
    Partnership,
    ReportingRound,
    StatusResponse,
    Unit,
)
from records.admin import HistoryReadOnlyAdmin


@admin.register(Partnership)
class PartnershipAdmin(HistoryReadOnlyAdmin):
    list_display = ["name", "slug", "district", "first_year", "last_year", "baseline_year"]
    search_fields = ["name", "slug", "district"]
    list_filter = ["district"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators", "readers"]


@admin.register(Unit)
class UnitAdmin(HistoryReadOnlyAdmin):
    list_display = ["short_name", "name", "kind", "email"]
    search_fields = ["short_name", "name", "email"]
    list_filter = ["kind"]
    filter_horizontal = ["members"]


class BudgetInline(admin.TabularInline):
    model = Budget
    extra = 0
    fields = ["year", "amount"]
    verbose_name_plural = _("Budgetter (tomt beløb = ikke finansieret; ingen række = ikke besluttet)")


@admin.register(Activity)
class ActivityAdmin(HistoryReadOnlyAdmin):
    list_display = ["__str__", "partnership", "order", "responsible_list"]
    list_display_links = ["__str__"]
    list_filter = ["partnership", "responsible_units", "partner_units"]
    search_fields = ["title", "description", "=number"]
    filter_horizontal = ["responsible_units", "partner_units"]
    list_select_related = ["partnership"]
    inlines = [BudgetInline]
    ordering = ["partnership", "order", "number"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsible_units")

    @admin.display(description=_("ansvarlige"))
    def responsible_list(self, activity):
        return ", ".join(unit.short_name for unit in activity.responsible_units.all())


class ReadOnlyAdmin(HistoryReadOnlyAdmin):
    """The midtvejsstatus changes only through its workflow; the admin may look, not touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "partnership", "year", "deadline", "is_open"]
    list_filter = ["partnership", "is_open", "year"]
    search_fields = ["title"]


@admin.register(StatusResponse)
class StatusResponseAdmin(ReadOnlyAdmin):
    list_display = ["activity", "round", "status", "updated_at"]
    list_filter = ["round", "status"]
    search_fields = ["activity__title"]
    list_select_related = ["activity", "round"]

    def get_exclude(self, request, obj=None):
        # An unsubmitted draft's text belongs to its unit, here as on every other page.
        if obj is not None and not workflow.can_read_answers(request.user, obj):
            return StatusResponse.ANSWER_FIELDS
        return super().get_exclude(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Old versions hold texts as the unit drafted them: the answer page shows the history.
        raise PermissionDenied


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Every e-mail the site sent or tried to send; a failed one can be sent again."""

    list_display = ["created_at", "subject", "recipients", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "recipients"]
    readonly_fields = [field.name for field in OutgoingMail._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send valgte e-mails igen"), permissions=["view"])
    def send_again(self, request, queryset):
        again = list(queryset.exclude(status=OutgoingMail.Status.SENT))
        for mail in again:
            mail.status = OutgoingMail.Status.QUEUED
            mail.attempts = 0
            mail.save(update_fields=["status", "attempts"])
            emails.enqueue_delivery(mail)
        self.message_user(
            request,
            ngettext("%(count)d e-mail er sat i kø igen.", "%(count)d e-mails er sat i kø igen.", len(again))
            % {"count": len(again)},
            messages.SUCCESS,
        )


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """The task queue behind the e-mails, with Danish names where django-tasks gives none to
    translate."""

    @admin.display(description=_("opgave"))
    def task_name(self, result):
        return result.task_name

    @admin.display(description=_("fejlspor"))
    def formatted_traceback(self, result):
        return super().formatted_traceback(result)

    @admin.display(description=_("køres tidligst"))
    def display_run_after(self, result):
        return super().display_run_after(result)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users who leave are deactivated, never deleted: they can no longer log in, and
    every history row, transition and export they made still shows who it was."""

    actions = ["deactivate"]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "last_login"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Deaktivér valgte brugere (de kan ikke længere logge ind)"))
    def deactivate(self, request, queryset):
        # An administrator never locks themselves out.
        leaving = list(queryset.filter(is_active=True).exclude(pk=request.user.pk))
        for user in leaving:
            user.is_active = False
            user.save(update_fields=["is_active"])
        self.message_user(
            request,
            ngettext("%(count)d bruger er deaktiveret.", "%(count)d brugere er deaktiveret.", len(leaving))
            % {"count": len(leaving)},
            messages.SUCCESS,
        )
