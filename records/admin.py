"""The admin base for every model with history, in whichever app it lives."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class HistoryReadOnlyAdmin(SimpleHistoryAdmin):
    """Base for every admin of a model with history (indicators' too): the history page
    can be read, but no old version can be restored over the current one."""

    def revert_disabled(self, request, obj=None):
        return True

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves the shown version on POST, whatever the buttons say.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
