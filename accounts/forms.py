from allauth.mfa.totp.internal.auth import validate_totp_code
from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=64,
        help_text=_("Den sekscifrede kode fra din godkenderapp, eller en af dine sikkerhedskoder."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class ActivateTOTPForm(forms.Form):
    code = forms.CharField(
        label=_("Kode fra godkenderappen"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, secret, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret = secret

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not validate_totp_code(self.secret, code):
            raise forms.ValidationError(
                _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv med den nyeste kode.")
            )
        return code
