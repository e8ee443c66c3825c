"""Forms of the midtvejsstatus: opening a round, answering the four questions, reviewing."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Fieldset, Layout
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Budget, MailPreference, ReportingRound, StatusResponse

# Long enough for the seed's longest answer (about 1.200 characters) with room to spare.
TEXT_LIMIT = 2000
QUESTION_1 = _("1. Kører aktiviteten som planlagt, og forventer I at opnå jeres mål?")
QUESTION_2 = _("2. Nævn 1-3 eksempler på leverancer der er opnået.")
QUESTION_3 = _("3. Er der op til nu opstået bekymringer knyttet til opfyldelse af aktivitetens leverancer?")
QUESTION_4 = _("4. Er der behov for justeringer? Hvis ja, hvilke?")


# Each answer field named with its question: in limit messages, the history and conflicts.
ANSWER_LABELS = {
    "responsible_text": _("Ansvarlig"),
    "on_track": _("Spørgsmål 1: svar"),
    "on_track_text": _("Spørgsmål 1: uddybning"),
    "deliverables_intro": _("Spørgsmål 2: indledning"),
    "deliverable_1": _("Spørgsmål 2: eksempel 1"),
    "deliverable_2": _("Spørgsmål 2: eksempel 2"),
    "deliverable_3": _("Spørgsmål 2: eksempel 3"),
    "concerns": _("Spørgsmål 3: svar"),
    "concerns_text": _("Spørgsmål 3: uddybning"),
    "adjustments": _("Spørgsmål 4: svar"),
    "adjustments_text": _("Spørgsmål 4: uddybning"),
}


def limit_help(limit=TEXT_LIMIT):
    return _("Højst %(limit)s tegn.") % {"limit": number_format(limit, force_grouping=True)}


@deconstructible
class TextLimitValidator:
    """Refuses a text over the limit with a message naming the field; nothing is cut."""

    def __init__(self, limit, label):
        self.limit, self.label = limit, label

    def __call__(self, value):
        if len(value) > self.limit:
            raise forms.ValidationError(
                _(
                    "%(field)s er %(length)s tegn; der er plads til højst %(limit)s. "
                    "Teksten er ikke gemt og ikke afkortet: forkort den med %(over)s tegn."
                )
                % {
                    "field": self.label,
                    "length": number_format(len(value), force_grouping=True),
                    "limit": number_format(self.limit, force_grouping=True),
                    "over": number_format(len(value) - self.limit, force_grouping=True),
                },
                code="text_limit",
            )

    def __eq__(self, other):
        return isinstance(other, TextLimitValidator) and (other.limit, other.label) == (
            self.limit,
            self.label,
        )


def limit_text(field, *, limit, label):
    """Give a text field a server-side limit with a named message and a live count in the
    browser, instead of the maxlength attribute, which cuts pasted text without a word."""
    field.max_length = limit
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(TextLimitValidator(limit, label))
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs.update(
        {
            "data-limit": limit,
            "data-count-text": _("%(count)s af højst %(limit)s tegn"),
            "data-count-over-text": _("%(count)s tegn: %(over)s for mange (højst %(limit)s)"),
        }
    )


class ReportingRoundForm(forms.ModelForm):
    class Meta:
        model = ReportingRound
        fields = ["title", "year", "period_start", "period_end", "deadline"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, partnership, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)
        year = next_round_year(partnership)
        if year is not None:
            today = timezone.localdate()
            self.fields["title"].initial = _("Midtvejsstatus %(year)s") % {"year": year}
            self.fields["year"].initial = year
            self.fields["period_start"].initial = datetime.date(year, 1, 1)
            self.fields["period_end"].initial = datetime.date(year, 4, 30)
            # The seed's 15 May, unless that has passed: then three weeks from today.
            self.fields["deadline"].initial = max(
                datetime.date(year, 5, 15), today + datetime.timedelta(days=21)
            )
        self.fields["year"].help_text = _("Planperioden er %(first)s–%(last)s.") % {
            "first": partnership.first_year,
            "last": partnership.last_year,
        }
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_year(self):
        year = self.cleaned_data["year"]
        partnership = self.partnership
        if not partnership.first_year <= year <= partnership.last_year:
            raise forms.ValidationError(
                _(
                    "%(year)s ligger uden for partnerskabets planperiode %(first)s–%(last)s. "
                    "En administrator kan forlænge partnerskabet med en ny aftaleperiode."
                )
                % {"year": year, "first": partnership.first_year, "last": partnership.last_year}
            )
        if ReportingRound.objects.filter(partnership=self.partnership, year=year).exists():
            raise forms.ValidationError(
                _("%(partnership)s har allerede en runde for %(year)s.")
                % {"partnership": self.partnership.name, "year": year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        start, end, deadline = (cleaned.get(name) for name in ("period_start", "period_end", "deadline"))
        if start and end and start > end:
            self.add_error("period_end", _("Periodens slutning skal ligge efter dens start."))
        if end and deadline and deadline < end:
            self.add_error("deadline", _("Svarfristen kan ikke ligge før periodens slutning."))
        return cleaned


def next_round_year(partnership):
    """The first plan year without a round after the latest round (the next year's round),
    else the first free plan year; None when every year of the plan has one."""
    taken = set(partnership.rounds.values_list("year", flat=True))
    free = [year for year in partnership.plan_years if year not in taken]
    later = [year for year in free if year > max(taken, default=0)]
    return (later or free or [None])[0]


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    """Numbered activities, each labelled with its units and that year's financing."""

    def __init__(self, *args, year, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def label_from_instance(self, activity):
        units = ", ".join(unit.short_name or unit.name for unit in activity.responsible_units.all())
        budget = next((b for b in activity.budgets.all() if b.year == self.year), None)
        if budget is None:
            funding = _("finansiering ikke besluttet")
        elif budget.is_funded:
            funding = _("finansieret med %(amount)s kr.") % {"amount": budget.display}
        else:
            funding = _("ikke finansieret")
        return _("%(activity)s (%(units)s; %(year)s: %(funding)s)") % {
            "activity": activity,
            "units": units or _("ingen ansvarlig enhed"),
            "year": self.year,
            "funding": funding,
        }


class RoundActivitiesForm(forms.Form):
    """The confirmation step: which numbered activities the round asks about. Those funded
    that year (0 kr. included) are chosen to begin with."""

    activities = forms.ModelMultipleChoiceField(queryset=Activity.objects.none())

    def __init__(self, *args, partnership, year, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = (
            Activity.objects.numbered()
            .filter(partnership=partnership)
            .active_in(year)
            .prefetch_related("responsible_units", "budgets")
            .order_by("order", "number", "pk")
        )
        self.fields["activities"] = ActivityChoiceField(
            queryset=queryset,
            year=year,
            label=_("Aktiviteter, runden spørger om"),
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Vælg mindst én aktivitet, runden skal spørge om.")},
        )
        funded = Budget.objects.filter(
            activity__partnership=partnership, year=year, amount__isnull=False
        ).values_list("activity_id", flat=True)
        self.fields["activities"].initial = list(queryset.filter(pk__in=funded).values_list("pk", flat=True))

    def chosen(self):
        """The activities chosen (from the posted data, else the preselection)."""
        if self.is_bound and self.is_valid():
            return list(self.cleaned_data["activities"])
        field = self.fields["activities"]
        ids = self.data.getlist("activities") if self.is_bound else field.initial
        return [activity for activity in field.queryset if str(activity.pk) in {str(pk) for pk in ids}]


class StatusResponseForm(forms.ModelForm):
    """The four questions. Saving a draft checks only the limits; submitting also checks
    that every question is answered (the rules of ``StatusResponse.missing_answers``)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    on_track = forms.ChoiceField(
        label=_("Svar"), choices=StatusResponse.Progress.choices, widget=forms.RadioSelect, required=False
    )
    concerns = forms.ChoiceField(
        label=_("Svar"), choices=StatusResponse.YesNo.choices, widget=forms.RadioSelect, required=False
    )
    adjustments = forms.ChoiceField(
        label=_("Svar"), choices=StatusResponse.YesNo.choices, widget=forms.RadioSelect, required=False
    )

    class Meta:
        model = StatusResponse
        fields = list(StatusResponse.ANSWER_FIELDS)
        labels = {
            "responsible_text": _("Ansvarlig, som det skal stå i statusrapporten"),
            "on_track_text": _("Uddybning"),
            "deliverables_intro": _("Indledning (valgfri)"),
            "deliverable_1": _("Eksempel 1"),
            "deliverable_2": _("Eksempel 2 (valgfrit)"),
            "deliverable_3": _("Eksempel 3 (valgfrit)"),
            "concerns_text": _("Hvilke bekymringer?"),
            "adjustments_text": _("Hvilke justeringer?"),
        }

    def __init__(self, *args, submitting=False, **kwargs):
        self.submitting = submitting
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        for name in StatusResponse.ANSWER_FIELDS:
            field = self.fields[name]
            if isinstance(field.widget, forms.Textarea):
                limit_text(field, limit=TEXT_LIMIT, label=ANSWER_LABELS[name])
                field.widget.attrs["rows"] = 4
                field.help_text = limit_help()
        limit_text(
            self.fields["responsible_text"],
            limit=StatusResponse._meta.get_field("responsible_text").max_length,
            label=ANSWER_LABELS["responsible_text"],
        )
        self.fields["deliverables_intro"].widget.attrs["rows"] = 2
        self.fields["responsible_text"].help_text = _(
            "Fx “Den boligsociale helhedsplan Amagerplanen”. Tomt: %(units)s."
        ) % {"units": ", ".join(unit.name for unit in self.instance.activity.responsible_units.all())}
        self.fields["concerns_text"].help_text = _("Skal udfyldes, hvis du svarer Ja. ") + limit_help()
        self.fields["adjustments_text"].help_text = _("Skal udfyldes, hvis du svarer Ja. ") + limit_help()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("version"),
            Field("responsible_text"),
            Fieldset(QUESTION_1, Field("on_track"), Field("on_track_text")),
            Fieldset(
                QUESTION_2,
                HTML(
                    '<p class="form-text mt-0">{}</p>'.format(
                        _("Skriv ét eksempel i hvert felt; de nummereres i rapporten, når der er flere.")
                    )
                ),
                Field("deliverables_intro"),
                Field("deliverable_1"),
                Field("deliverable_2"),
                Field("deliverable_3"),
            ),
            Fieldset(QUESTION_3, Field("concerns"), Field("concerns_text")),
            Fieldset(QUESTION_4, Field("adjustments"), Field("adjustments_text")),
        )

    def clean(self):
        cleaned = super().clean()
        for name in StatusResponse.ANSWER_FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].strip()
        if self.submitting and not self.errors:
            candidate = StatusResponse(
                **{name: cleaned.get(name, "") for name in StatusResponse.ANSWER_FIELDS}
            )
            for name, message in candidate.missing_answers().items():
                self.add_error(name, message)
        return cleaned

    def answers(self):
        return {name: self.cleaned_data.get(name, "") for name in StatusResponse.ANSWER_FIELDS}


class ReasonForm(forms.Form):
    """The coordinator's comment on approve, return or reopen; required where the table says so."""

    comment = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text(self.fields["comment"], limit=TEXT_LIMIT, label=_("Begrundelse"))
        self.fields["comment"].required = reason_required
        if reason_required:
            self.fields["comment"].error_messages["required"] = _(
                "Skriv en begrundelse, så enheden ved, hvad der skal rettes."
            )
        else:
            self.fields["comment"].label = _("Kommentar (valgfri)")


class MailPreferenceForm(forms.ModelForm):
    class Meta:
        model = MailPreference
        fields = ["submissions"]
        labels = {"submissions": _("Når en enhed indsender et svar, vil jeg have besked")}
        widgets = {"submissions": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
