"""The midtvejsstatus workflow, written once.

:data:`TRANSITIONS` is the whole workflow as data: for each action the states it may start
from, the state it leads to, who may take it and whether a reason is required. Buttons,
querysets, views and tests read this table; :func:`transition` is the only code that
assigns ``StatusResponse.status``. The other writes of the midtvejsstatus (opening a
round, saving answers) live here too, so the rules sit in one place.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities import emails, permissions, roles
from activities.models import Activity, Partnership, ReportingRound, ResponseTransition, StatusResponse
from activities.permissions import ALLOW, deny
from amager_partnerskab.choices import choice_label

Status = StatusResponse.Status


class Action(models.TextChoices):
    SUBMIT = "submit", _("Indsend")
    APPROVE = "approve", _("Godkend")
    RETURN = "return", _("Returnér til rettelse")
    REOPEN = "reopen", _("Genåbn til rettelse")
    WITHDRAW = "withdraw", _("Træk svaret tilbage")


class Actor(models.TextChoices):
    RESPONDENT = "enhed", _("medlem af den ansvarlige enhed")
    COORDINATOR = "koordinator", _("partnerskabets koordinator")


@dataclass(frozen=True)
class Rule:
    from_states: frozenset
    to_state: str
    actor: str
    reason_required: bool = False
    # Answers can only be given while the round is open; approval may finish after closing.
    needs_open_round: bool = True
    submitter_excluded: bool = False
    needs_complete_answer: bool = False


TRANSITIONS = {
    Action.SUBMIT: Rule(
        from_states=StatusResponse.EDITABLE_STATES,
        to_state=Status.SUBMITTED,
        actor=Actor.RESPONDENT,
        needs_complete_answer=True,
    ),
    Action.APPROVE: Rule(
        from_states=frozenset({Status.SUBMITTED}),
        to_state=Status.APPROVED,
        actor=Actor.COORDINATOR,
        needs_open_round=False,
        submitter_excluded=True,
    ),
    Action.RETURN: Rule(
        from_states=frozenset({Status.SUBMITTED}),
        to_state=Status.RETURNED,
        actor=Actor.COORDINATOR,
        reason_required=True,
    ),
    Action.REOPEN: Rule(
        from_states=frozenset({Status.APPROVED}),
        to_state=Status.RETURNED,
        actor=Actor.COORDINATOR,
        reason_required=True,
    ),
    # The unit takes a submitted answer back to fix it, until the coordinator has acted.
    Action.WITHDRAW: Rule(
        from_states=frozenset({Status.SUBMITTED}),
        to_state=Status.DRAFT,
        actor=Actor.RESPONDENT,
    ),
}


class NotAllowed(Exception):
    """A write the rules refuse; ``str()`` is the Danish reason for the user."""


class StaleResponse(Exception):
    """The answer was saved by someone else since the form was opened."""

    def __init__(self, current):
        super().__init__(str(_("Svaret er ændret af en anden, mens du redigerede.")))
        self.current = current


# --- Predicates --------------------------------------------------------------------------


def is_respondent(user, response):
    """Member of one of the units responsible for the response's activity."""
    if not (user.is_authenticated and user.is_active):
        return False
    responsible = {unit.pk for unit in response.activity.responsible_units.all()}
    return bool(responsible & roles.unit_ids(user))


def is_reviewer(user, response):
    return roles.is_coordinator_of(user, response.round.partnership)


# Answers others may read: what the unit has handed in. A draft, and a returned answer the
# unit is reworking, belong to the unit until it submits.
SHARED_STATES = frozenset({Status.SUBMITTED, Status.APPROVED})


def can_read_answers(user, response):
    """May the user read the answer texts of a response they can already open?

    Members of the responsible units always; everyone else only once the answer is
    submitted. The caller fetched ``response`` through ``visible_to(user)``.
    """
    if response.status in SHARED_STATES or is_respondent(user, response):
        return ALLOW
    return deny(_("Svaret er ikke indsendt endnu. Teksten kan kun ses af den ansvarlige enhed."))


def can_transition(user, response, action):
    """May the user take the action on the response now? A Decision with the reason."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        return deny(_("Ukendt handling."))
    if response.status not in rule.from_states:
        return deny(
            _("Svaret har status %(status)s, så handlingen “%(action)s” er ikke mulig.")
            % {"status": choice_label(Status, response.status), "action": Action(action).label}
        )
    if rule.actor == Actor.RESPONDENT and not is_respondent(user, response):
        return deny(_("Kun medlemmer af den ansvarlige enhed kan indsende og trække svaret tilbage."))
    if rule.actor == Actor.COORDINATOR and not is_reviewer(user, response):
        return deny(_("Kun partnerskabets koordinator kan godkende, returnere og genåbne svar."))
    if rule.submitter_excluded and response.submitted_by_id == user.pk:
        return deny(_("Du kan ikke godkende et svar, du selv har indsendt."))
    if rule.needs_open_round and not response.round.is_open:
        return deny(_("Runden er lukket."))
    return ALLOW


def available_actions(user, response):
    """The actions the user may take on the response now, in table order."""
    return [action for action in TRANSITIONS if can_transition(user, response, action)]


def can_edit_response(user, response):
    """May the user change the answers? Only the unit, only in draft or returned, only while
    the round is open."""
    if not is_respondent(user, response):
        return deny(_("Kun medlemmer af den ansvarlige enhed kan redigere svaret."))
    if response.status == Status.APPROVED:
        return deny(_("Svaret er godkendt og kan ikke længere ændres."))
    if response.status not in StatusResponse.EDITABLE_STATES:
        return deny(
            _("Svaret er indsendt og venter på koordinatoren. Træk det tilbage, hvis du vil rette det.")
        )
    if not response.round.is_open:
        return deny(_("Runden er lukket."))
    return ALLOW


def can_view_round_overview(user, round):
    partnership = round.partnership
    if (
        roles.is_administrator(user)
        or roles.is_coordinator_of(user, partnership)
        or partnership.readers.filter(pk=user.pk).exists()
    ):
        return ALLOW
    return deny(_("Kun partnerskabets koordinator og læsere kan se rundens oversigt."))


# --- Writes ------------------------------------------------------------------------------


def _locked(response):
    return (
        StatusResponse.objects.select_for_update(of=("self",))
        .select_related("round", "round__partnership", "activity")
        .get(pk=response.pk)
    )


def _copy_state(target, source):
    for field in ("status", "version", "submitted_by_id", "submitted_at", "updated_at", "updated_by_id"):
        setattr(target, field, getattr(source, field))
    for field in StatusResponse.ANSWER_FIELDS:
        setattr(target, field, getattr(source, field))


@transaction.atomic
def transition(response, action, *, acting_user, comment=""):
    """Take an action from :data:`TRANSITIONS` on the response under a row lock, append
    the history row and return it. Raises :class:`NotAllowed` with the Danish reason when
    the table, the role, a missing reason or an incomplete answer forbids it."""
    locked = _locked(response)
    decision = can_transition(acting_user, locked, action)
    if not decision:
        raise NotAllowed(decision.reason)
    rule = TRANSITIONS[action]
    comment = (comment or "").strip()
    if rule.reason_required and not comment:
        raise NotAllowed(_("Skriv en begrundelse, så enheden ved, hvad der skal rettes."))
    if rule.needs_complete_answer and locked.missing_answers():
        raise NotAllowed(_("Svaret kan ikke indsendes, før alle spørgsmål er besvaret."))

    from_status = locked.status
    locked.status = rule.to_state
    if action == Action.SUBMIT:
        locked.submitted_by = acting_user
        locked.submitted_at = timezone.now()
    # A new version, so a form opened before the transition cannot overwrite it unseen.
    locked.version += 1
    locked.updated_by = acting_user
    locked._history_user = acting_user
    locked.save()
    record = ResponseTransition.objects.create(
        response=locked,
        action=action,
        from_status=from_status,
        to_status=rule.to_state,
        actor=acting_user,
        comment=comment,
    )
    _copy_state(response, locked)
    if rule.to_state == Status.RETURNED:
        emails.send_response_returned(record)
    elif action == Action.SUBMIT:
        emails.send_response_submitted(record)
    elif action == Action.APPROVE:
        emails.send_response_approved(record)
    return record


@transaction.atomic
def response_save(response, *, answers, expected_version, acting_user):
    """Save the unit's answers if nobody saved since ``expected_version``.

    Raises :class:`StaleResponse` (carrying the saved answer) when the version moved on,
    and :class:`NotAllowed` when the user may not edit. Returns the names of the fields
    that changed; saving unchanged answers writes nothing.
    """
    locked = _locked(response)
    decision = can_edit_response(acting_user, locked)
    if not decision:
        raise NotAllowed(decision.reason)
    if locked.version != expected_version:
        raise StaleResponse(locked)
    changed = [name for name in StatusResponse.ANSWER_FIELDS if getattr(locked, name) != answers[name]]
    if changed:
        for name in changed:
            setattr(locked, name, answers[name])
        locked.version += 1
        locked.updated_by = acting_user
        locked._history_user = acting_user
        locked.save()
    _copy_state(response, locked)
    return changed


def numbered_activities_without_response(round):
    """Numbered activities of the round's partnership that have no response in it yet."""
    return (
        Activity.objects.numbered()
        .filter(partnership=round.partnership)
        .exclude(responses__round=round)
        .order_by("order", "number")
    )


def _create_responses(round, activities, acting_user):
    responses = []
    for activity in activities:
        response = StatusResponse(round=round, activity=activity, updated_by=acting_user)
        response._history_user = acting_user
        response.save()
        responses.append(response)
    return responses


@transaction.atomic
def round_open(*, partnership, title, year, period_start, period_end, deadline, acting_user, activities=None):
    """Open a round with one draft response per numbered activity (or per activity of
    ``activities``, numbered ones of the partnership) and tell each responsible unit by
    e-mail (queued now, sent after the commit)."""
    decision = permissions.can_manage_rounds(acting_user, partnership)
    if not decision:
        raise NotAllowed(decision.reason)
    round = ReportingRound(
        partnership=partnership,
        title=title,
        year=year,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        is_open=True,
        opened_at=timezone.now(),
        opened_by=acting_user,
    )
    # Two coordinators opening the year's round at once: the second waits here, then is
    # told the round exists instead of running into the unique constraint.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).exists()
    try:
        round.full_clean()
    except ValidationError as error:
        raise NotAllowed(" ".join(error.messages)) from None
    round._history_user = acting_user
    try:
        with transaction.atomic():
            round.save()
    except IntegrityError:
        # SQLite takes no row lock; the constraint still holds.
        raise NotAllowed(_("Partnerskabet har allerede en runde for dette år.")) from None
    asked = numbered_activities_without_response(round)
    if activities is not None:
        asked = asked.filter(pk__in=[activity.pk for activity in activities])
    responses = _create_responses(round, asked, acting_user)
    response_ids = [response.pk for response in responses]
    emails.send_round_opened(round, response_ids)
    return round


@transaction.atomic
def round_add_activities(round, *, acting_user):
    """Add the numbered activities created since the round opened; returns the new responses."""
    decision = permissions.can_manage_rounds(acting_user, round.partnership)
    if not decision:
        raise NotAllowed(decision.reason)
    if not round.is_open:
        raise NotAllowed(_("Runden er lukket; genåbn den for at tilføje aktiviteter."))
    responses = _create_responses(round, numbered_activities_without_response(round), acting_user)
    response_ids = [response.pk for response in responses]
    if response_ids:
        emails.send_round_opened(round, response_ids)
    return responses


@transaction.atomic
def round_delete(round, *, acting_user):
    """Delete a round nobody has answered yet, with its empty responses; each deletion is
    kept in the history with the user."""
    decision = permissions.can_manage_rounds(acting_user, round.partnership)
    if not decision:
        raise NotAllowed(decision.reason)
    round = ReportingRound.objects.select_for_update().get(pk=round.pk)
    if round.has_answers():
        raise NotAllowed(
            _("Runden kan ikke slettes, fordi enhederne har skrevet svar i den. Luk den i stedet.")
        )
    for response in round.responses.all():
        response._history_user = acting_user
        response.delete()
    round._history_user = acting_user
    round.delete()


def round_remind_now(round, *, acting_user):
    """E-mail every unit that still owes answers in the open round now; returns how many."""
    decision = permissions.can_manage_rounds(acting_user, round.partnership)
    if not decision:
        raise NotAllowed(decision.reason)
    if not round.is_open:
        raise NotAllowed(_("Runden er lukket."))
    return emails.send_reminders_now(round)


@transaction.atomic
def round_set_open(round, *, is_open, acting_user):
    """Close a round (answers are frozen) or open it again."""
    decision = permissions.can_manage_rounds(acting_user, round.partnership)
    if not decision:
        raise NotAllowed(decision.reason)
    round.is_open = is_open
    round._history_user = acting_user
    round.save(update_fields=["is_open"])
    return round
