"""Midtvejsstatus pages: the rounds of a partnership, the coordinator's overview, and the
response page where the unit answers and the coordinator approves or returns."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from activities import exports, permissions, roles, workflow
from activities.forms_rounds import (
    ANSWER_LABELS,
    QUESTION_1,
    QUESTION_2,
    QUESTION_3,
    QUESTION_4,
    MailPreferenceForm,
    ReasonForm,
    ReportingRoundForm,
    RoundActivitiesForm,
    StatusResponseForm,
)
from activities.models import MailPreference, Partnership, ReportingRound, StatusResponse
from activities.tables_rounds import RoundResponseFilter, RoundResponseTable
from amager_partnerskab import spreadsheets

ACTION_DONE = {
    workflow.Action.SUBMIT: gettext_lazy("Svaret er indsendt til koordinatoren."),
    workflow.Action.APPROVE: gettext_lazy("Svaret er godkendt."),
    workflow.Action.RETURN: gettext_lazy("Svaret er returneret til enheden med din begrundelse."),
    workflow.Action.REOPEN: gettext_lazy("Svaret er genåbnet og sendt tilbage til enheden."),
    workflow.Action.WITHDRAW: gettext_lazy(
        "Svaret er trukket tilbage og er en kladde igen. Ret det, og indsend det igen."
    ),
}


def _visible_round(request, pk):
    return get_object_or_404(
        ReportingRound.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )


# --- Rounds ------------------------------------------------------------------------------


@require_GET
def round_list(request, slug):
    """The partnership's rounds, newest first, with how far each has come."""
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    rounds = partnership.rounds.with_status_counts().order_by("-year")
    return render(
        request,
        "activities/round_list.html",
        {
            "partnership": partnership,
            "rounds": rounds,
            "can_manage": permissions.can_manage_rounds(request.user, partnership),
            "can_view_overview": workflow.can_view_round_overview(
                request.user, ReportingRound(partnership=partnership)
            ),
        },
    )


def round_create(request, slug):
    """Propose a new round, check it on a confirmation page (activities, units to be
    e-mailed, deadline), then open it: e-mails go only after the confirmation."""
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    permissions.require(permissions.can_manage_rounds(request.user, partnership))
    form = ReportingRoundForm(request.POST or None, partnership=partnership)
    context = {"partnership": partnership, "form": form}
    if request.method != "POST" or not form.is_valid() or "back" in request.POST:
        return render(request, "activities/round_form.html", context)
    confirming = "confirm" in request.POST
    # The first step posts no activity choice; the confirmation page's own posts do.
    on_confirmation_page = confirming or "refresh" in request.POST
    year = form.cleaned_data["year"]
    choice = RoundActivitiesForm(
        request.POST if on_confirmation_page else None, partnership=partnership, year=year
    )
    if confirming and choice.is_valid():
        try:
            round = workflow.round_open(
                partnership=partnership,
                acting_user=request.user,
                activities=choice.cleaned_data["activities"],
                **form.cleaned_data,
            )
        except workflow.NotAllowed as refusal:
            # E.g. another coordinator opened the year's round a moment ago.
            messages.error(request, str(refusal))
            return redirect("activities:round_list", partnership.slug)
        count = round.responses.count()
        messages.success(
            request,
            ngettext(
                "%(round)s er åbnet med %(count)s aktivitet. De ansvarlige enheder får en e-mail.",
                "%(round)s er åbnet med %(count)s aktiviteter. De ansvarlige enheder får en e-mail.",
                count,
            )
            % {"round": round.title, "count": count},
        )
        return redirect(round)
    chosen = choice.chosen()
    units = sorted(
        {unit for activity in chosen for unit in activity.responsible_units.all()},
        key=lambda unit: unit.short_name,
    )
    context.update(
        {
            "choice": choice,
            "units": units,
            "deadline_passed": form.cleaned_data["deadline"] < timezone.localdate(),
        }
    )
    return render(request, "activities/round_confirm.html", context, status=400 if confirming else 200)


def round_delete(request, pk):
    """Delete a round no unit has answered yet (GET asks, POST deletes)."""
    round = _visible_round(request, pk)
    permissions.require(permissions.can_manage_rounds(request.user, round.partnership))
    if request.method == "POST":
        try:
            workflow.round_delete(round, acting_user=request.user)
        except workflow.NotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect(round)
        messages.success(request, _("%(round)s er slettet.") % {"round": round.title})
        return redirect("activities:round_list", round.partnership.slug)
    return render(
        request,
        "activities/round_delete.html",
        {
            "round": round,
            "partnership": round.partnership,
            "has_answers": round.has_answers(),
            "count": round.responses.count(),
        },
    )


def round_close(request, pk):
    """Close the round after showing which answers are not approved and who owes them."""
    round = _visible_round(request, pk)
    permissions.require(permissions.can_manage_rounds(request.user, round.partnership))
    if request.method == "POST":
        workflow.round_set_open(round, is_open=False, acting_user=request.user)
        messages.success(request, _("Runden er lukket."))
        return redirect(round)
    not_approved = (
        _overview_responses(round)
        .exclude(status=StatusResponse.Status.APPROVED)
        .order_by("activity__order", "activity__number")
    )
    return render(
        request,
        "activities/round_close.html",
        {"round": round, "partnership": round.partnership, "not_approved": not_approved},
    )


def _overview_responses(round):
    return exports.round_responses(round)


def round_overview(request, pk):
    """Every activity of the round with its state, unit, last change and the days left;
    filters by state and unit; bulk approval of submitted answers."""
    round = _visible_round(request, pk)
    permissions.require(workflow.can_view_round_overview(request.user, round))
    filterset = RoundResponseFilter(request.GET or None, queryset=_overview_responses(round), round=round)
    table = RoundResponseTable(filterset.qs, user=request.user, round=round)
    RequestConfig(request, paginate=False).configure(table)
    counts = round.responses.status_counts()
    can_manage = permissions.can_manage_rounds(request.user, round.partnership)
    return render(
        request,
        "activities/round_overview.html",
        {
            "round": round,
            "partnership": round.partnership,
            "filter": filterset,
            "table": table,
            "counts": [(label, counts.get(value, 0)) for value, label in StatusResponse.Status.choices],
            "total": sum(counts.values()),
            "can_manage": can_manage,
            "can_approve": roles.is_coordinator_of(request.user, round.partnership),
            "missing_activities": workflow.numbered_activities_without_response(round).count()
            if can_manage and round.is_open
            else 0,
            "days_left": round.days_to_deadline(),
            "can_delete": can_manage and not round.has_answers(),
            "last_reminder": round.reminders.order_by("-sent_at").first() if can_manage else None,
        },
    )


def round_export(request, pk):
    """The round's answers as an XLSX file, one row per activity."""
    round = _visible_round(request, pk)
    permissions.require(workflow.can_view_round_overview(request.user, round))
    header, rows = exports.round_answers(round, user=request.user)
    filename = f"midtvejsstatus-{round.partnership.slug}-{round.year}.xlsx"
    return spreadsheets.xlsx_response(filename, header, rows, sheet_title=round.title)


@require_POST
def round_bulk_approve(request, pk):
    """Approve the selected submitted answers; each one is checked like a single approval."""
    round = _visible_round(request, pk)
    permissions.require(permissions.can_manage_rounds(request.user, round.partnership))
    selected = [value for value in request.POST.getlist("selected") if value.isdigit()]
    if not selected:
        messages.warning(request, _("Vælg mindst ét indsendt svar at godkende."))
        return redirect(round)
    approved = 0
    for response in _overview_responses(round).filter(pk__in=selected):
        try:
            workflow.transition(response, workflow.Action.APPROVE, acting_user=request.user)
            approved += 1
        except workflow.NotAllowed as refusal:
            messages.error(request, f"{response.activity}: {refusal}")
    if approved:
        messages.success(
            request,
            ngettext("%(count)s svar er godkendt.", "%(count)s svar er godkendt.", approved)
            % {"count": approved},
        )
    return redirect(round)


@require_POST
def round_add_activities(request, pk):
    """Add numbered activities created after the round opened."""
    round = _visible_round(request, pk)
    try:
        added = workflow.round_add_activities(round, acting_user=request.user)
    except workflow.NotAllowed as refusal:
        raise PermissionDenied(str(refusal)) from refusal
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)s aktivitet er føjet til runden, og enheden får en e-mail.",
                "%(count)s aktiviteter er føjet til runden, og enhederne får en e-mail.",
                len(added),
            )
            % {"count": len(added)},
        )
    else:
        messages.info(request, _("Alle nummererede aktiviteter er allerede med i runden."))
    return redirect(round)


@require_POST
def round_remind(request, pk):
    """Send the units that have not answered a reminder now."""
    round = _visible_round(request, pk)
    try:
        reminded = workflow.round_remind_now(round, acting_user=request.user)
    except workflow.NotAllowed as refusal:
        raise PermissionDenied(str(refusal)) from refusal
    if reminded:
        messages.success(
            request,
            ngettext(
                "%(count)s enhed har fået en påmindelse.",
                "%(count)s enheder har fået en påmindelse.",
                reminded,
            )
            % {"count": reminded},
        )
    else:
        messages.info(request, _("Ingen enheder mangler at svare, så der er ikke sendt nogen påmindelse."))
    return redirect(round)


@require_POST
def round_set_open(request, pk):
    """Close the round (no more answers) or open it again."""
    round = _visible_round(request, pk)
    is_open = request.POST.get("open") == "1"
    try:
        workflow.round_set_open(round, is_open=is_open, acting_user=request.user)
    except workflow.NotAllowed as refusal:
        raise PermissionDenied(str(refusal)) from refusal
    messages.success(request, _("Runden er åbnet igen.") if is_open else _("Runden er lukket."))
    return redirect(round)


# --- Responses ---------------------------------------------------------------------------


def _visible_response(request, pk):
    return get_object_or_404(
        StatusResponse.objects.visible_to(request.user)
        .select_related("round", "round__partnership", "activity", "submitted_by", "updated_by")
        .prefetch_related("activity__responsible_units"),
        pk=pk,
    )


def _answer_labels():
    """Each answer field named with its question, for the history and the conflict view."""
    return {name: str(label) for name, label in ANSWER_LABELS.items()}


def _edit_history(response):
    """Who changed which answers when, newest first, from the response's saved versions."""
    labels = _answer_labels()
    entries = []
    previous = None
    for record in response.history.select_related("history_user").order_by("history_date", "history_id"):
        if previous is not None:
            changed = [
                labels[name]
                for name in StatusResponse.ANSWER_FIELDS
                if getattr(record, name) != getattr(previous, name)
            ]
            if changed:
                entries.append({"user": record.history_user, "at": record.history_date, "fields": changed})
        previous = record
    return list(reversed(entries))


def _conflict(current, answers):
    """The fields where the user's unsaved text and the saved text differ."""
    differences = []
    labels = _answer_labels()
    for name in StatusResponse.ANSWER_FIELDS:
        mine, theirs = answers[name], getattr(current, name)
        if mine != theirs:
            field = StatusResponse._meta.get_field(name)
            if field.choices:
                choices = dict(field.choices)
                mine, theirs = choices.get(mine, mine), choices.get(theirs, theirs)
            differences.append({"label": labels[name], "name": name, "mine": mine, "theirs": theirs})
    return {"current": current, "differences": differences}


def _last_year_answer(user, response):
    """The same activity's answer in the latest earlier round, if the user may read it."""
    return (
        StatusResponse.objects.visible_to(user)
        .filter(activity=response.activity_id, round__partnership=response.round.partnership_id)
        .filter(round__year__lt=response.round.year)
        .select_related("round")
        .order_by("-round__year")
        .first()
    )


def _render_response(request, response, *, form=None, conflict=None, reason_forms=None, status=200):
    edit = workflow.can_edit_response(request.user, response)
    if form is None and edit:
        form = StatusResponseForm(instance=response)
    actions = [
        {
            "value": action.value,
            "label": action.label,
            "rule": workflow.TRANSITIONS[action],
            "form": (reason_forms or {}).get(action)
            or ReasonForm(reason_required=workflow.TRANSITIONS[action].reason_required, prefix=action.value),
        }
        for action in workflow.available_actions(request.user, response)
        if action != workflow.Action.SUBMIT
    ]
    transitions = list(response.transitions.select_related("actor"))
    last_return = next(
        (t for t in reversed(transitions) if t.to_status == StatusResponse.Status.RETURNED), None
    )
    return render(
        request,
        "activities/response_detail.html",
        {
            "response": response,
            "round": response.round,
            "partnership": response.round.partnership,
            "form": form,
            "edit": edit,
            "conflict": conflict,
            "actions": actions,
            "transitions": transitions,
            "last_return": last_return if response.status == StatusResponse.Status.RETURNED else None,
            "edits": _edit_history(response),
            "questions": [QUESTION_1, QUESTION_2, QUESTION_3, QUESTION_4],
            "days_left": response.round.days_to_deadline(),
            "is_coordinator": roles.is_coordinator_of(request.user, response.round.partnership),
            "is_respondent": workflow.is_respondent(request.user, response),
            "read": workflow.can_read_answers(request.user, response),
            "last_year": _last_year_answer(request.user, response),
        },
        status=status,
    )


def response_detail(request, pk):
    """The response page: the form for the unit (save as draft or submit), the answers for
    everyone else, the coordinator's buttons, and the history."""
    response = _visible_response(request, pk)
    if request.method != "POST":
        return _render_response(request, response)

    edit = workflow.can_edit_response(request.user, response)
    if not edit:
        messages.error(request, edit.reason)
        return redirect(response)
    submitting = request.POST.get("intent") == "submit"
    form = StatusResponseForm(request.POST, instance=response, submitting=submitting)
    if not form.is_valid():
        messages.error(request, _("Svaret er ikke gemt. Ret felterne markeret med rødt."))
        return _render_response(request, response, form=form, status=400)
    # The form wrote the posted text onto `response`; compare and save against a fresh copy.
    saved = StatusResponse.objects.select_related("round", "round__partnership", "activity").get(pk=pk)
    try:
        changed = workflow.response_save(
            saved,
            answers=form.answers(),
            expected_version=form.cleaned_data["version"],
            acting_user=request.user,
        )
    except workflow.StaleResponse as stale:
        data = request.POST.copy()
        data["version"] = stale.current.version
        form = StatusResponseForm(data, instance=_visible_response(request, pk), submitting=submitting)
        form.is_valid()
        return _render_response(
            request, form.instance, form=form, conflict=_conflict(stale.current, form.answers()), status=409
        )
    except workflow.NotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect(response)
    if submitting:
        try:
            workflow.transition(saved, workflow.Action.SUBMIT, acting_user=request.user)
        except workflow.NotAllowed as refusal:
            messages.error(request, str(refusal))
            return redirect(saved)
        messages.success(request, ACTION_DONE[workflow.Action.SUBMIT])
    elif changed:
        messages.success(request, _("Kladden er gemt. Husk at indsende svaret, når det er færdigt."))
    else:
        messages.info(request, _("Der var ingen ændringer at gemme."))
    return redirect(saved)


@require_POST
def response_action(request, pk, action):
    """Approve, return or reopen a response (the coordinator's buttons)."""
    response = _visible_response(request, pk)
    if action not in workflow.Action.values or action == workflow.Action.SUBMIT:
        raise Http404
    action = workflow.Action(action)
    rule = workflow.TRANSITIONS[action]
    form = ReasonForm(request.POST, reason_required=rule.reason_required, prefix=action.value)
    if not form.is_valid():
        messages.error(request, _("Handlingen er ikke udført. Ret feltet markeret med rødt."))
        return _render_response(request, response, reason_forms={action: form}, status=400)
    try:
        workflow.transition(response, action, acting_user=request.user, comment=form.cleaned_data["comment"])
    except workflow.NotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect(response)
    messages.success(request, ACTION_DONE[action])
    if request.POST.get("next") == "overview":
        return redirect(response.round)
    return redirect(response)


def mail_preferences(request):
    """The coordinator chooses how to hear of submitted answers: at once or daily."""
    if not Partnership.objects.coordinated_by(request.user).exists():
        raise PermissionDenied(_("Kun koordinatorer får e-mails om indsendte svar."))
    preference = MailPreference.objects.filter(user=request.user).first() or MailPreference(user=request.user)
    form = MailPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dine e-mailindstillinger er gemt."))
        return redirect("activities:mail_preferences")
    return render(request, "activities/mail_preferences.html", {"form": form})
