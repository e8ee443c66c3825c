"""Settings for the safety partnership case management site.

Everything that differs between machines comes from the environment (see README).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# lxml comes with python-docx; openpyxl would switch to it when found. Spreadsheets stay on
# the standard library's parser behind defusedxml, as uploads have always been read.
os.environ.setdefault("OPENPYXL_LXML", "False")

env = environ.Env(
    DJANGO_DEBUG=(bool, False),
    DJANGO_ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    DJANGO_CSRF_TRUSTED_ORIGINS=(list, []),
    DJANGO_EMAIL_URL=(str, ""),
    DJANGO_DEFAULT_FROM_EMAIL=(str, "tryghed@kk.dk"),
    DJANGO_SITE_URL=(str, "http://127.0.0.1:8000"),
    DJANGO_MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    DJANGO_LOG_LEVEL=(str, "INFO"),
    DJANGO_ACCESSIBILITY_STATEMENT_URL=(str, ""),
    DJANGO_RETENTION_YEARS=(int, 5),
    DJANGO_BACKUP_KEY=(str, ""),
    DJANGO_TRUSTED_PROXIES=(int, 0),
)

DEBUG = env("DJANGO_DEBUG")
# HTTPS-only cookies, redirects and HSTS; on by default outside development.
HTTPS = env.bool("DJANGO_HTTPS", default=not DEBUG)
# Hashed, compressed static files (needs collectstatic); off in development and tests.
STATIC_MANIFEST = env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)

# Development gets a fixed key; production must set DJANGO_SECRET_KEY or refuse to start.
if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="development-only-key-not-for-production")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("DJANGO_SITE_URL").rstrip("/")
# The accessibility statement (webtilgængelighedsloven): the municipality's page on
# was.digst.dk when set, else the statement page of the app itself.
ACCESSIBILITY_STATEMENT_URL = env("DJANGO_ACCESSIBILITY_STATEMENT_URL")
# Years that answers, e-mail logs, login records and deactivated users are kept
# (python manage.py apply_retention). Final reports are kept for good.
RETENTION_YEARS = env("DJANGO_RETENTION_YEARS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tables2",
    "django_filters",
    "simple_history",
    # django-axes, the task queue and allauth's MFA under Danish names in the admin.
    "accounts.apps.AxesConfig",
    "csp",
    "django_tasks",
    "activities.apps.TasksDatabaseConfig",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "accounts.apps.MFAConfig",
    "records",
    "activities",
    "indicators",
    "accounts",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "amager_partnerskab.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "amager_partnerskab.security.PrivatePagesMiddleware",
    "accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "amager_partnerskab.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "activities.context_processors.navigation",
                "amager_partnerskab.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "amager_partnerskab.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Connections are kept between requests: opening one costs PostgreSQL a login and SQLite a
# fresh read of the schema before the first query.
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process keeps its own cache in memory, for what is keyed by its own content only: a
# chart by its numbers, the draft PDF by a hash of its HTML. Pages are rendered fresh.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
}

AUTHENTICATION_BACKENDS = [
    "amager_partnerskab.security.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Five wrong passwords for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The address is taken behind this many proxies (the load balancer: 1), see README.
TRUSTED_PROXIES = env("DJANGO_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "amager_partnerskab.security.client_ip_address"
# Password reset requests an hour, per client address and per e-mail address typed.
PASSWORD_RESET_LIMIT_PER_ADDRESS = 5
PASSWORD_RESET_LIMIT_PER_EMAIL = 3
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_COOLOFF_MESSAGE = _("For mange mislykkede forsøg på at logge ind. Prøv igen om 15 minutter.")
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Single sign-on with the municipality's OpenID Connect provider (Microsoft Entra ID or any
# standard one), through django-allauth; off unless issuer, client id and secret are set.
# README: "Single sign-on" tells how to register the app with the provider.
SSO_OIDC_ISSUER = env("SSO_OIDC_ISSUER", default="")
SSO_OIDC_CLIENT_ID = env("SSO_OIDC_CLIENT_ID", default="")
SSO_OIDC_CLIENT_SECRET = env("SSO_OIDC_CLIENT_SECRET", default="")
SSO_OIDC_PROVIDER_ID = env("SSO_OIDC_PROVIDER_ID", default="kommune")
SSO_OIDC_ALLOWED_DOMAINS = env.list("SSO_OIDC_ALLOWED_DOMAINS", default=[])
SSO_OIDC_TENANT_ID = env("SSO_OIDC_TENANT_ID", default="")
SSO_OIDC_VERIFIED_CLAIM = env("SSO_OIDC_VERIFIED_CLAIM", default="email_verified")
SSO_OIDC_GROUPS_CLAIM = env("SSO_OIDC_GROUPS_CLAIM", default="")
# "group-id=administrator,other-id=koordinator": the roles a value of the groups claim gives.
SSO_OIDC_GROUP_ROLES = env.dict("SSO_OIDC_GROUP_ROLES", default={})
SOCIALACCOUNT_PROVIDERS = {}
if SSO_OIDC_ISSUER and SSO_OIDC_CLIENT_ID and SSO_OIDC_CLIENT_SECRET:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": SSO_OIDC_PROVIDER_ID,
                "name": _("Kommunens konto"),
                "client_id": SSO_OIDC_CLIENT_ID,
                "secret": SSO_OIDC_CLIENT_SECRET,
                "settings": {"server_url": SSO_OIDC_ISSUER},
            }
        ],
    }
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

# Two-factor login (TOTP, with recovery codes) for local accounts. The roles named here
# (administrator, koordinator, enhedsmedlem, laeser) must set it up before using the site.
MFA_REQUIRED_ROLES = env.list("DJANGO_MFA_REQUIRED_ROLES", default=[])
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tryghedspartnerskaber"

# The admin shows history but never restores an old version over the current one.
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["amager_partnerskab.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap's compiled files are kept in static/bootstrap/ with their licence.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT"))
# A Fernet key: backups are then written encrypted, since they hold personal data (README).
BACKUP_KEY = env("DJANGO_BACKUP_KEY")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "tables/table.html"

# E-mail: console in development, any backend through DJANGO_EMAIL_URL in production
# (e.g. smtp+tls://user:password@smtp.kk.dk:587).
if env("DJANGO_EMAIL_URL"):
    vars().update(env.email_url("DJANGO_EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL")
# E-mail and other slow work wait in the database for `python manage.py db_worker`
# (README: Production); no other server is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Production hardening: only relaxed when DJANGO_DEBUG=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The load balancer's health check asks over plain HTTP and must see a 503, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# No inline scripts or event handlers anywhere: JavaScript lives in static files. Style
# attributes are allowed (Bootstrap widths, inline SVG charts); <style> blocks are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The read API (/api/v1/, README: "API"): personal tokens or the browser's login, JSON only,
# every list paged and filtered by partnership and year.
API_THROTTLE_RATE = env("DJANGO_API_THROTTLE_RATE", default="1000/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials is answered 401 with WWW-Authenticate.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiUserRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tryghedspartnerskaber API",
    "DESCRIPTION": "Read-only API for the safety partnerships' plans, answers, indicators and reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The documentation page's scripts and styles come from the site's own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"YesNoEnum": "activities.models.midtvejsstatus.StatusResponse.YesNo"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL")},
    # django-axes reports every login at INFO; lockouts come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}
