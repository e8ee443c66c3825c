"""The single sign-on URLs keep allauth's names (``openid_connect_login``,
``openid_connect_callback``) without a namespace: allauth reverses them by those names."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("login/kode/", views.login_code, name="login_code"),
    path("totrinslogin/", views.mfa_setup, name="mfa_setup"),
    path("totrinslogin/sikkerhedskoder/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("totrinslogin/slaa-fra/", views.mfa_deactivate, name="mfa_deactivate"),
    path("oidc/<str:provider_id>/login/", views.sso_login, name="openid_connect_login"),
    path("oidc/<str:provider_id>/login/callback/", views.sso_callback, name="openid_connect_callback"),
]
