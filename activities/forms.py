"""Forms of the plan: an activity, the budget grid and the plan upload."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Unit
from activities.plan import UNDECIDED, parse_amount


class ActivityForm(forms.ModelForm):
    """Texts, units and partners of an activity; budgets are edited in the grid."""

    class Meta:
        model = Activity
        fields = ["number", "title", "description", "responsible_units", "partner_units", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "responsible_units": forms.CheckboxSelectMultiple,
            "partner_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        agreement = partnership.current_agreement
        if self.instance.pk is None and agreement.is_extension:
            # Added during a later agreement: not part of the earlier agreements' plans.
            self.instance.first_year = agreement.first_year
        for name in ("responsible_units", "partner_units"):
            self.fields[name].queryset = Unit.objects.order_by("short_name")
            self.fields[name].label_from_instance = lambda unit: f"{unit.short_name} – {unit.name}"
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Gem aktiviteten")))

    def clean_number(self):
        # The database constraint names the partnership, which the form does not show,
        # so Django would not check it here.
        number = self.cleaned_data.get("number")
        if number is not None:
            taken = Activity.objects.filter(partnership=self.partnership, number=number).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                raise ValidationError(
                    _("Partnerskabet har allerede en aktivitet med nr. %(number)s.") % {"number": number}
                )
        return number

    def clean(self):
        cleaned = super().clean()
        responsible = set(cleaned.get("responsible_units") or [])
        partners = set(cleaned.get("partner_units") or [])
        if cleaned.get("number") is not None and "responsible_units" in cleaned and not responsible:
            self.add_error(
                "responsible_units", _("En nummereret aktivitet skal have mindst én ansvarlig enhed.")
            )
        both = responsible & partners
        if both:
            self.add_error(
                "partner_units",
                _("%(units)s er allerede ansvarlig og kan ikke også være samarbejdspartner.")
                % {"units": ", ".join(sorted(unit.short_name for unit in both))},
            )
        return cleaned


class BudgetGridForm(forms.Form):
    """Every budget cell of the plan (activities × years) as one form, saved all or nothing.

    Each cell has a hidden twin holding the value the user saw, so a cell someone else
    changed in the meantime is refused rather than silently overwritten.
    """

    # The history keeps a reason of up to 100 characters (simple_history's field).
    reason = forms.CharField(
        label=_("Begrundelse (valgfri)"),
        required=False,
        max_length=100,
        help_text=_("Vises i historikken ud for hvert ændret beløb, fx «Budgetmøde 12. marts»."),
    )

    def __init__(self, *args, activities, years, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = activities
        self.years = years
        self.current = current  # {(activity pk, year): Amount} as stored now
        for activity in activities:
            for year in years:
                name = self.cell_name(activity.pk, year)
                shown = current.get((activity.pk, year), UNDECIDED).display
                self.fields[name] = forms.CharField(
                    label=_("%(activity)s, %(year)s") % {"activity": activity, "year": year},
                    required=False,
                    max_length=30,
                    initial=shown,
                )
                self.fields["seen_" + name] = forms.CharField(
                    required=False, widget=forms.HiddenInput, initial=shown
                )

    @staticmethod
    def cell_name(activity_pk, year):
        return f"cell_{activity_pk}_{year}"

    def clean(self):
        cleaned = super().clean()
        self.changes = {}
        for activity in self.activities:
            for year in self.years:
                name = self.cell_name(activity.pk, year)
                if name not in cleaned:
                    continue
                try:
                    amount = parse_amount(cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
                    continue
                try:
                    seen = parse_amount(cleaned.get("seen_" + name, ""))
                except ValidationError:
                    seen = None
                stored = self.current.get((activity.pk, year), UNDECIDED)
                if amount == seen:
                    continue  # untouched by this user
                if seen != stored:
                    self.add_error(
                        name,
                        _(
                            "En anden har ændret beløbet til '%(value)s', mens du redigerede. Tjek det, og gem igen."
                        )
                        % {"value": stored.display or _("(tomt)")},
                    )
                elif amount != stored:
                    self.changes[(activity.pk, year)] = amount
        return cleaned

    def rows(self):
        """[(activity, [(year, bound field, stored value), …]), …] for the template; the
        stored value goes into the hidden "seen" twin, also after an error."""
        return [
            (
                activity,
                [
                    (
                        year,
                        self[self.cell_name(activity.pk, year)],
                        self.current.get((activity.pk, year), UNDECIDED).display,
                    )
                    for year in self.years
                ],
            )
            for activity in self.activities
        ]


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Kolonner: nr, aktivitet, ansvarlige, samarbejdspartnere og ét år pr. kolonne (2021, 2022, …). "
            "Flere enheder adskilles med |. Beløb skrives 335.000, 335000 eller 0; - betyder ikke finansieret, "
            "tomt betyder ikke besluttet."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("preview", _("Vis ændringer")))


class PartnershipExtendForm(forms.Form):
    """The next agreement period: its last year, baseline year and series break, and
    which activities of the current plan carry over."""

    last_year = forms.IntegerField(label=_("Den nye aftales sidste år"))
    baseline_year = forms.IntegerField(
        label=_("Baselineår"),
        help_text=_(
            "Året, målene om fastholdelse måles imod i den nye aftale, typisk året før den begynder."
        ),
    )
    comparable_from_year = forms.IntegerField(
        label=_("Området er ændret: sammenlignelige data fra"),
        required=False,
        help_text=_(
            "Udfyld kun, hvis partnerskabets område ændres: det første år, hvis tal kan sammenlignes "
            "med det nye område. Tomt: som i den nuværende aftale."
        ),
    )
    continuing = forms.ModelMultipleChoiceField(
        label=_("Aktiviteter, der fortsætter"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aktiviteter uden flueben slutter med den nuværende aftales sidste år."),
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.first_year = partnership.last_year + 1
        current = partnership.current_agreement
        length = current.last_year - current.first_year + 1
        self.fields["last_year"].initial = self.first_year + length - 1
        self.fields["last_year"].min_value = self.first_year
        self.fields["baseline_year"].initial = self.first_year - 1
        queryset = Activity.objects.filter(partnership=partnership, last_year__isnull=True).in_plan_order()
        self.fields["continuing"].queryset = queryset
        self.fields["continuing"].initial = [activity.pk for activity in queryset]
        self.current_break = current.comparable_from_year

    def clean_last_year(self):
        year = self.cleaned_data["last_year"]
        if not self.first_year <= year <= self.first_year + 9:
            raise ValidationError(
                _("Den nye aftale begynder i %(first)s; vælg et sidste år fra %(first)s til %(latest)s.")
                % {"first": self.first_year, "latest": self.first_year + 9}
            )
        return year

    def clean_baseline_year(self):
        year = self.cleaned_data["baseline_year"]
        if not self.partnership.first_year - 10 <= year <= self.first_year:
            raise ValidationError(
                _("Baselineåret skal ligge før eller i aftalens første år (%(first)s).")
                % {"first": self.first_year}
            )
        return year

    def clean(self):
        data = super().clean()
        year = data.get("comparable_from_year")
        last_year = data.get("last_year")
        if year is not None and last_year is not None:
            earliest = self.current_break or self.partnership.first_year
            if not earliest <= year <= last_year:
                self.add_error(
                    "comparable_from_year",
                    _("Vælg et år fra %(earliest)s til %(last)s.")
                    % {"earliest": earliest, "last": last_year},
                )
        return data

    @property
    def ending(self):
        """The activities that will end: those not chosen to continue."""
        chosen = {activity.pk for activity in self.cleaned_data.get("continuing", ())}
        return [activity for activity in self.fields["continuing"].queryset if activity.pk not in chosen]
