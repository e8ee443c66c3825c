"""The coordinator's part of the status report: meta block and commentary per section."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import StatusReport


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
        ]
        widgets = {
            "report_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "safety_commentary": forms.Textarea(attrs={"rows": 3}),
            "survey_note": forms.Textarea(attrs={"rows": 2}),
            "crime_commentary": forms.Textarea(attrs={"rows": 4}),
            "collaboration_commentary": forms.Textarea(attrs={"rows": 2}),
            "plan_commentary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
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
            Submit("save", _("Gem rapportens oplysninger")),
        )
