from allauth.mfa.apps import MFAConfig as AllauthMFAConfig
from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    # The module holds other apps' configurations too: this one is the app's own.
    default = True
    name = "accounts"
    verbose_name = _("Konti og login")


class AxesConfig(AxesAppConfig):
    """django-axes under a Danish name in the admin: the app itself gives none to translate."""

    default = False
    verbose_name = _("Loginforsøg")


class MFAConfig(AllauthMFAConfig):
    """allauth's two-factor login under the site's own Danish words in the admin."""

    default = False
    verbose_name = _("Totrinslogin")

    def ready(self):
        super().ready()
        # allauth gives the model no verbose name, so Django's English default cannot be
        # translated. Only the display names change: migrations read the model's declared
        # options (Meta), which stay as allauth wrote them.
        authenticator = self.get_model("Authenticator")
        authenticator._meta.verbose_name = _("totrinsmetode")
        authenticator._meta.verbose_name_plural = _("totrinsmetoder")
