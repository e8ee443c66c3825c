"""Forms of the indicator pages: the upload, hand corrections of single values and data sources."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import DataSource, PoliceCount, Population, SurveyResult


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class IndicatorImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Kolonner: partnerskab, indikator, niveau, kategori, aar, vaerdi, respondenter, signifikant. "
            "Indikator er utrygge_nabolag, utrygge_aften_nat, anmeldelser eller indbyggere; niveau er "
            "omraade, bydel eller by. Decimaler med komma eller punktum."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Vis ændringer"))


class CorrectionForm(forms.ModelForm):
    """A hand correction of one stored value; the reason goes into the value's history."""

    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=100,
        help_text=_("Fx 'Rettet efter politiets opdaterede tal'. Gemmes i historikken."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Gem rettelsen"))

    def save(self, commit=True):
        self.instance._change_reason = self.cleaned_data["reason"]
        return super().save(commit=commit)


class SurveyResultForm(CorrectionForm):
    class Meta:
        model = SurveyResult
        fields = ["percent", "respondents", "significant"]
        help_texts = {
            "significant": _(
                "For området: om ændringen siden året før er signifikant. For bydel og by: om forskellen "
                "til området er signifikant."
            ),
        }


class PoliceCountForm(CorrectionForm):
    class Meta:
        model = PoliceCount
        fields = ["count"]


class PopulationForm(CorrectionForm):
    class Meta:
        model = Population
        fields = ["population"]


CORRECTION_FORMS = {"tryghed": SurveyResultForm, "anmeldelser": PoliceCountForm, "indbyggere": PopulationForm}


class DataSourceForm(forms.ModelForm):
    class Meta:
        model = DataSource
        fields = ["source", "as_of", "note"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "as_of": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_of"].input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
        self.fields["as_of"].widget.format = "%Y-%m-%d"
        self.helper = _helper(_("Gem kilden"))
