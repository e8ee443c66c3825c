"""The administrator's forms for users and units."""

from django import forms
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _

from activities.models import Partnership, Unit
from activities.roles import ROLES


class UserForm(forms.ModelForm):
    """A user with their roles, units and partnerships, saved together."""

    roles = forms.ModelMultipleChoiceField(
        label=_("Roller"), queryset=Group.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Enheder"),
        queryset=Unit.objects.order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Medlemmer af en enhed besvarer midtvejsstatus for enhedens aktiviteter."),
    )
    coordinates = forms.ModelMultipleChoiceField(
        label=_("Koordinator for"),
        queryset=Partnership.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reads = forms.ModelMultipleChoiceField(
        label=_("Læser af"),
        queryset=Partnership.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]
        labels = {"username": _("Brugernavn"), "email": _("E-mail")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["roles"].queryset = Group.objects.filter(name__in=ROLES).order_by("name")
        if self.instance.pk:
            user = self.instance
            self.fields["roles"].initial = list(user.groups.values_list("pk", flat=True))
            self.fields["units"].initial = list(
                Unit.objects.filter(members=user).values_list("pk", flat=True)
            )
            self.fields["coordinates"].initial = list(
                user.coordinated_partnerships.values_list("pk", flat=True)
            )
            self.fields["reads"].initial = list(user.read_partnerships.values_list("pk", flat=True))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("En anden bruger har allerede e-mailadressen %(email)s.") % {"email": email}
            )
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        if user.pk is None:
            # Signs in with the municipal account, or chooses a password by "Glemt adgangskode".
            user.set_unusable_password()
        user.save()
        user.groups.set(self.cleaned_data["roles"])
        _set_related(user, Unit, "members", self.cleaned_data["units"])
        _set_related(user, Partnership, "coordinators", self.cleaned_data["coordinates"])
        _set_related(user, Partnership, "readers", self.cleaned_data["reads"])
        return user


def _set_related(user, model, field, wanted):
    """Add and remove the user row by row from the owning side, so each unit's or
    partnership's history names the change."""
    wanted = set(wanted)
    for row in model.objects.filter(**{field: user}):
        if row not in wanted:
            getattr(row, field).remove(user)
    for row in wanted:
        if not getattr(row, field).filter(pk=user.pk).exists():
            getattr(row, field).add(user)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["short_name", "name", "kind"]
