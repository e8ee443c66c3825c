"""The coordinator's part of the status report: meta block and commentary per section."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from indicators.models import StatusReport
from indicators.report_text.sources import SOURCE_FIELDS, default_sources


class StatusReportForm(forms.ModelForm):
    class Meta:
        model = StatusReport
        fields = [
            "appendix_label",
            "report_date",
            "f2_case_number",
            "f2_document_number",
            "edoc_case_number",
            "caseworker",
            "introduction",
            "safety_commentary",
            "survey_note",
            "crime_commentary",
            "collaboration_commentary",
            "plan_commentary",
            *SOURCE_FIELDS,
        ]
        widgets = {
            "report_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "safety_commentary": forms.Textarea(attrs={"rows": 3}),
            "survey_note": forms.Textarea(attrs={"rows": 2}),
            "crime_commentary": forms.Textarea(attrs={"rows": 4}),
            "collaboration_commentary": forms.Textarea(attrs={"rows": 2}),
            "plan_commentary": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in SOURCE_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The seed's wording for the year stands in the fields, ready to be edited.
        defaults = default_sources(self.instance.partnership, self.instance.year)
        for name in SOURCE_FIELDS:
            if not getattr(self.instance, name):
                self.initial[name] = defaults[name]

    # Not a model field: only shown after an empty form was refused, to let the
    # coordinator say that blanking every field of a saved report is meant.
    confirm_clear = forms.BooleanField(label=_("Ja, fjern al tekst"), required=False)

    def clean(self):
        """Refuse a form with every field empty when the saved report has text, unless
        ``confirm_clear`` is ticked: one stray click must not blank the whole report."""
        cleaned_data = super().clean()
        fields = self._meta.fields
        # A field with an error was not empty; its own message says what is wrong.
        empty = all(not cleaned_data.get(name) and not self.has_error(name) for name in fields)
        # self.instance still holds the saved values here: the form's data go into it after clean().
        has_text = self.instance.pk and any(getattr(self.instance, name) for name in fields)
        if empty and has_text and not cleaned_data.get("confirm_clear"):
            raise forms.ValidationError(
                _(
                    "Formularen er tom, så intet er gemt: rapportens sagsoplysninger og tekster er uændrede. "
                    "Vil du fjerne al tekst, så sæt kryds i “Ja, fjern al tekst” nederst i formularen og "
                    "gem igen. Ellers vælg “Fortryd og vis den gemte tekst”."
                ),
                code="empty",
            )
        return cleaned_data

    @property
    def asks_to_confirm_clear(self):
        """True after an empty form was refused: the confirmation checkbox is then shown."""
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, code="empty")

    @property
    def helper(self):
        # Built on each access so the layout can follow the outcome of validation.
        helper = FormHelper()
        helper.form_tag = False
        confirmation = ["confirm_clear"] if self.asks_to_confirm_clear else []
        helper.layout = Layout(
            Fieldset(
                _("Sagsoplysninger"),
                "appendix_label",
                "report_date",
                "f2_case_number",
                "f2_document_number",
                "edoc_case_number",
                "caseworker",
            ),
            Fieldset(
                _("Tekster"),
                "introduction",
                "safety_commentary",
                "survey_note",
                "crime_commentary",
                "collaboration_commentary",
                "plan_commentary",
            ),
            Fieldset(_("Kilder og noter under figurer og tabeller"), *SOURCE_FIELDS),
            *confirmation,
            Submit("save", _("Gem rapportens oplysninger")),
        )
        return helper
