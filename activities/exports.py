"""A round's answers and their history as table rows, for the XLSX download and the dossier."""

from django.utils import timezone
from django.utils.translation import gettext as _

from activities import workflow
from activities.forms_rounds import QUESTION_1, QUESTION_2, QUESTION_3, QUESTION_4
from activities.models import ResponseTransition, StatusResponse


def round_responses(round):
    return round.responses.select_related(
        "activity", "round", "round__partnership", "updated_by", "submitted_by"
    ).prefetch_related("activity__responsible_units")


def round_answers(round, *, user):
    """(header, rows): one row per activity of the round; the answer texts only where
    ``user`` may read them (:func:`activities.workflow.can_read_answers`)."""
    header = [
        _("Nr."),
        _("Aktivitet"),
        _("Ansvarlig"),
        _("Status"),
        _("Senest ændret"),
        str(QUESTION_1),
        _("Uddybning"),
        str(QUESTION_2),
        str(QUESTION_3),
        _("Uddybning"),
        str(QUESTION_4),
        _("Uddybning"),
    ]
    rows = []
    for response in round_responses(round).order_by("activity__order", "activity__number"):
        row = [
            response.activity.number,
            response.activity.title,
            response.responsible_display,
            response.get_status_display(),
            response.updated_at,
        ]
        if workflow.can_read_answers(user, response):
            row += [
                response.get_on_track_display(),
                response.on_track_text,
                response.deliverables_answer,
                response.get_concerns_display(),
                response.concerns_text,
                response.get_adjustments_display(),
                response.adjustments_text,
            ]
        else:
            row += [str(_("Ikke indsendt endnu"))] + [""] * 6
        rows.append(row)
    return header, rows


def round_history(round):
    """(header, rows): every state change of the round's answers, oldest first, with who
    made it, when (local time) and the comment given."""
    header = [_("Nr."), _("Aktivitet"), _("Tidspunkt"), _("Udført af"), _("Fra"), _("Til"), _("Kommentar")]
    labels = dict(StatusResponse.Status.choices)
    transitions = (
        ResponseTransition.objects.filter(response__round=round)
        .select_related("response__activity", "actor")
        .order_by("at", "pk")
    )
    rows = [
        [
            transition.response.activity.number,
            transition.response.activity.title,
            timezone.localtime(transition.at).strftime("%d-%m-%Y %H:%M"),
            transition.actor.get_full_name() or transition.actor.get_username(),
            str(labels.get(transition.from_status, transition.from_status)),
            str(labels.get(transition.to_status, transition.to_status)),
            transition.comment,
        ]
        for transition in transitions
    ]
    return header, rows
