"""Lotse settings, driven entirely by environment variables.

Production is the default: DEBUG is off and every secret must come from the environment.
Development (``LOTSE_DEBUG=1``, set by ``make run``) relaxes only what a laptop needs.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("LOTSE_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("LOTSE_DEBUG")
# Demo users with known passwords and TOTP secrets may only exist on a development machine.
DEMO_ALLOWED = DEBUG and env_bool("LOTSE_DEMO", default=True)

_missing: list[str] = []


def required_secret(name: str, dev_default: str) -> str:
    value = os.environ.get(name, "")
    if value:
        return value
    if DEBUG:
        return dev_default
    _missing.append(name)
    return ""


# Development defaults are public on purpose: they protect nothing and are refused in production.
SECRET_KEY = required_secret("LOTSE_SECRET_KEY", "dev-insecure-" + "x" * 50)
LOTSE_ENCRYPTION_KEYS = [
    key
    for key in required_secret(
        "LOTSE_ENCRYPTION_KEYS", "dev1:ZGV2LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24tdXNlISE="
    ).split(",")
    if key.strip()
]
LOTSE_BLIND_INDEX_KEY = required_secret(
    "LOTSE_BLIND_INDEX_KEY", "ZGV2LWJsaW5kLWluZGV4LWtleS1ub3QtZm9yLXByb2Q="
)
# HMAC keys of the audit chain ("kid:base64key,..."; the first signs, all verify). Kept out of
# the database, so a database administrator cannot recompute the chain (lotse.audit.keys).
LOTSE_AUDIT_KEYS = [
    key
    for key in required_secret(
        "LOTSE_AUDIT_KEYS", "devaudit1:ZGV2LWF1ZGl0LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24="
    ).split(",")
    if key.strip()
]
# Ed25519 key that signs exported statistics bundles (`lotse stats keygen`): base64 of the
# 32 private bytes, or a file holding it. Optional: without one nothing can be exported or
# merged. The development default is public on purpose and trusted by nobody else.
LOTSE_STATS_SIGNING_KEY = os.environ.get("LOTSE_STATS_SIGNING_KEY", "") or (
    "bG90c2UtZGV2LXN0YXRpc3RpY3Mtc2lnbmluZy1rZXk="
    if DEBUG and not os.environ.get("LOTSE_STATS_SIGNING_KEY_FILE")
    else ""
)
LOTSE_STATS_SIGNING_KEY_FILE = os.environ.get("LOTSE_STATS_SIGNING_KEY_FILE", "")
ALLOWED_HOSTS = env_list("LOTSE_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    _missing.append("LOTSE_ALLOWED_HOSTS")

if _missing and not env_bool("LOTSE_SKIP_SECRET_CHECK"):
    raise ImproperlyConfigured(
        "Lotse refuses to start in production without these environment variables: "
        + ", ".join(_missing)
        + ". Generate keys with `lotse generate_keys` and see docs/operations.md. "
        "For a development machine set LOTSE_DEBUG=1 (make run does this)."
    )

CSRF_TRUSTED_ORIGINS = env_list("LOTSE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "lotse.common",
    "lotse.organisation",
    "lotse.accounts",
    "lotse.audit",
    "lotse.clients",
    "lotse.eligibility",
    "lotse.documents",
    "lotse.cases",
    "lotse.network",
    "lotse.courses",
    "lotse.volunteers",
    "lotse.appointments",
    "lotse.public",
    "lotse.stats",
    "lotse.ops",
    "lotse.privacy",
    "lotse.clientdocs",
    "lotse.letters",
    "lotse.office",
    "lotse.demo",
    "django_tasks_db",
    "lotse.jobs",
    "lotse.messaging",
    "lotse.imports",
]

MIDDLEWARE = [
    "lotse.common.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lotse.common.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lotse.accounts.middleware.SessionRefreshMiddleware",
    "lotse.accounts.dashboard_cache.DashboardFreshnessMiddleware",
    "lotse.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lotse.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lotse.accounts.middleware.SessionTimeoutMiddleware",
    "lotse.accounts.middleware.RequireTwoFactorMiddleware",
    "lotse.common.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "lotse.urls"
# Django's form renderer with <input>, <select> and <textarea> written out in Python: the
# same HTML, a fraction of the template engine's time per field (issue #20).
FORM_RENDERER = "lotse.common.form_renderer.WidgetRenderer"
WSGI_APPLICATION = "lotse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotse.accounts.context_processors.navigation",
                "lotse.clients.context_processors.client_file",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lotse.sqlite3'}"),
        conn_max_age=int(os.environ.get("LOTSE_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and the single writer work side by side; FULL sync keeps every
    # acknowledged commit across a power loss. IMMEDIATE avoids lock-upgrade deadlocks.
    # A page cache of up to 64 MiB per connection instead of SQLite's 2 MiB: bulk work (an
    # import of 10,000 files into 100,000) inserts into large indexes at random places and
    # would re-read the same pages from the operating system again and again (import 15 % faster);
    # a page request touches a few pages and never fills it.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-65536;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        # In the database so that several app servers share rate limits without extra parts.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lotse_cache",
    },
    # Results computed from the database that any process can compute again (the statistics
    # dashboard's tables, the public flyer PDF), keyed by a stamp of what they depend on: kept
    # in each process's memory, so that a GET that fills it writes nothing to the database.
    "derived": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lotse-derived",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# The dashboard's panels are kept this long per session (accounts/dashboard_cache.py); 0: never.
LOTSE_DASHBOARD_CACHE_SECONDS = int(os.environ.get("LOTSE_DASHBOARD_CACHE_SECONDS", "60"))

# --- authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "lotse.accounts.validators.GermanCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "lotse.accounts.adapters.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Reverse proxies (CIDRs, comma-separated) whose X-Forwarded-For is believed; empty: none, the
# client is REMOTE_ADDR. See lotse.common.network and docs/operations.md.
LOTSE_TRUSTED_PROXIES = env_list("LOTSE_TRUSTED_PROXIES")
for _cidr in LOTSE_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_cidr, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"LOTSE_TRUSTED_PROXIES: {_cidr!r} is not an address or CIDR."
        ) from _error
ACCOUNT_RATE_LIMITS = {
    # Failed password attempts of one address over all accounts; per account the password
    # step backs off exponentially instead (lotse.accounts.services.login_throttle).
    "login_failed_address": os.environ.get("LOTSE_LOGIN_RATE_LIMIT", "10/m/ip"),
    # allauth uses "login_failed" for TOTP codes only here (the key is the account): refused
    # codes are not counted, so the right code gets through once the window has passed.
    "login_failed": os.environ.get("LOTSE_TOTP_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reauthenticate": "10/m/user",
    "reset_password": "5/m/ip,3/m/key",  # nosec B105 - a rate, not a password
}
MFA_ADAPTER = "lotse.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Lotse"
# One period either side: phone clocks drift; a used code is still refused a second time.
MFA_TOTP_TOLERANCE = 1

# Idle timeout: the session ends at most this many seconds after the last request. The session
# is saved only when it changed or when less than half of this window is left
# (lotse.accounts.middleware.SessionRefreshMiddleware), so a read is no write transaction.
SESSION_COOKIE_AGE = int(os.environ.get("LOTSE_IDLE_TIMEOUT_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOTSE_ABSOLUTE_SESSION_HOURS = int(os.environ.get("LOTSE_ABSOLUTE_SESSION_HOURS", "10"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- background tasks ---------------------------------------------------------------------
# django.tasks with the database backend: tasks are rows in the database, `lotse worker`
# runs them (several workers on PostgreSQL claim rows with SELECT ... FOR UPDATE SKIP
# LOCKED), `lotse scheduler` enqueues the periodic ones (lotse.jobs.schedule).
# LOTSE_TASKS_IMMEDIATE=1 runs every task at once in the process that enqueues it (no worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_bool("LOTSE_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
# A failed task is run again this many times in all, each after a longer wait
# (LOTSE_TASK_RETRY_SECONDS, then 4x, 16x ...); then it waits on /administration/jobs/.
LOTSE_TASK_MAX_ATTEMPTS = int(os.environ.get("LOTSE_TASK_MAX_ATTEMPTS", "3"))
LOTSE_TASK_RETRY_SECONDS = int(os.environ.get("LOTSE_TASK_RETRY_SECONDS", "60"))
# Finished task rows (and failed ones) are deleted after this many days (jobs.tasks.prune_daily).
LOTSE_TASK_KEEP_DAYS = int(os.environ.get("LOTSE_TASK_KEEP_DAYS", "30"))

# --- mail ---------------------------------------------------------------------------------
# Lotse mails staff only: password-reset links and invitations of new accounts. Without a
# reachable server the reset page says so, the administrator who invited sees a warning, and
# a warning is logged (lotse.accounts.adapters.AccountAdapter.send_mail,
# lotse.accounts.services.invitations). LOTSE_MAIL_BACKEND: smtp (production default),
# console (development default: mails are printed where `make run` runs) or file (one file
# per mail in LOTSE_MAIL_DIR, default var/mail).
LOTSE_MAIL_BACKEND = os.environ.get("LOTSE_MAIL_BACKEND", "console" if DEBUG else "smtp")
_MAILER_OPTIONS: dict[str, dict[str, object]] = {
    "smtp": {
        "host": os.environ.get("LOTSE_MAIL_HOST", "localhost"),
        "port": int(os.environ.get("LOTSE_MAIL_PORT", "25")),
        "username": os.environ.get("LOTSE_MAIL_USER", ""),
        "password": os.environ.get("LOTSE_MAIL_PASSWORD", ""),
        "use_tls": env_bool("LOTSE_MAIL_TLS", default=False),
        "timeout": 10,
    },
    "console": {},
    "file": {"file_path": os.environ.get("LOTSE_MAIL_DIR", str(VAR_DIR / "mail"))},
}
if LOTSE_MAIL_BACKEND not in _MAILER_OPTIONS:
    raise ImproperlyConfigured(
        f"LOTSE_MAIL_BACKEND={LOTSE_MAIL_BACKEND!r}: use smtp, console or file."
    )
MAILERS = {
    "default": {
        "BACKEND": {
            "smtp": "django.core.mail.backends.smtp.EmailBackend",
            "console": "django.core.mail.backends.console.EmailBackend",
            "file": "django.core.mail.backends.filebased.EmailBackend",
        }[LOTSE_MAIL_BACKEND],
        "OPTIONS": _MAILER_OPTIONS[LOTSE_MAIL_BACKEND],
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("LOTSE_MAIL_FROM", "lotse@localhost")

# --- messages to clients (lotse.messaging, issue #18 §2) -----------------------------------
# Appointment confirmations and reminders by e-mail (the mailer above) or SMS, only with the
# client's recorded consent. LOTSE_SMS_GATEWAY: "file" (one file per SMS in var/sms; the
# development default) or "http" (POST JSON to LOTSE_SMS_URL with the bearer LOTSE_SMS_TOKEN;
# the production default, nothing is sent while the URL is empty).
LOTSE_SMS_GATEWAY = os.environ.get("LOTSE_SMS_GATEWAY", "file" if DEBUG else "http")
LOTSE_SMS_URL = os.environ.get("LOTSE_SMS_URL", "")
LOTSE_SMS_TOKEN = os.environ.get("LOTSE_SMS_TOKEN", "")
LOTSE_SMS_DIR = os.environ.get("LOTSE_SMS_DIR", str(VAR_DIR / "sms"))
# The reminder goes this many hours before the appointment.
LOTSE_REMINDER_HOURS = int(os.environ.get("LOTSE_REMINDER_HOURS", "24"))
# Whether the text names the service ("Migrationsberatung") is a switch of each centre
# (Centre.messages_name_service, off by default); there is no installation-wide setting.
# The SMS provider reports delivery states to messages/sms-status/ with this secret in the
# header X-Lotse-Callback-Secret; empty: the callback does not exist (404).
LOTSE_SMS_CALLBACK_SECRET = os.environ.get("LOTSE_SMS_CALLBACK_SECRET", "")

# --- security headers ---------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no Lotse page uses are switched off for the page and anything it embeds
# (lotse.common.middleware.PermissionsPolicyMiddleware).
LOTSE_PERMISSIONS_POLICY = {
    feature: ()
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("LOTSE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("LOTSE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("LOTSE_HSTS_PRELOAD", default=True)
    if not SECURE_HSTS_PRELOAD:
        # Turned off on purpose (e.g. sub-domains not yet on HTTPS): not a finding.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-lotse-session"
    CSRF_COOKIE_NAME = "__Host-lotse-csrf"

# --- internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# Languages of client-facing documents (consent, agreement, letters), beyond the UI languages.
DOCUMENT_LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]
LANGUAGES_RTL = {"ar", "fa"}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- static files -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("LOTSE_STATIC_ROOT", VAR_DIR / "static"))
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Client documents, encrypted (lotse.clientdocs.services.storage); outside every web root.
    # Any Django storage backend works here, e.g. an S3-compatible one in production.
    "clientdocs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("LOTSE_DOCUMENTS_DIR", str(VAR_DIR / "documents")),
            "base_url": "/nowhere/",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    # Letter templates (lotse.letters): Word files with placeholders, no client data.
    "letters": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("LOTSE_LETTER_TEMPLATES_DIR", str(VAR_DIR / "letters")),
            "base_url": "/nowhere/",
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lotse.common.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {
            # fwd: the X-Request-ID nginx sent (its $request_id), for joining its log; "-" if none.
            "format": "%(asctime)s %(levelname)s [%(request_id)s fwd=%(forwarded_request_id)s] "
            "%(name)s: %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOTSE_LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Lotse --------------------------------------------------------------------------------
# Roles that may open client records must sign in with a second factor.
LOTSE_REQUIRE_2FA = env_bool("LOTSE_REQUIRE_2FA", default=True)
# A closed client file is anonymised this many years after closure (issue #7); the privacy
# notice tells clients this number.
LOTSE_RETENTION_YEARS = int(os.environ.get("LOTSE_RETENTION_YEARS", "3"))
# `lotse audit anchor` appends the chain head here (O_APPEND); put it on storage the database
# administrator cannot rewrite (another machine, WORM, or use --syslog). See docs/operations.md.
LOTSE_AUDIT_ANCHOR_FILE = Path(
    os.environ.get("LOTSE_AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.log")
)
# Audited writes append to one of this many hash chains (ChainHead rows 1..N), so concurrent
# writers on PostgreSQL do not wait for one another; each chain is keyed and anchored like one.
# 1 serialises every audited write in the system (as before). See docs/operations.md.
LOTSE_AUDIT_CHAINS = max(1, int(os.environ.get("LOTSE_AUDIT_CHAINS", "8")))
# Client documents (issue #17): size limit per file, files per upload, ClamAV daemon
# ("unix:///run/clamav/clamd.ctl" or "tcp://host:3310"; empty: no virus scan).
LOTSE_DOCUMENT_MAX_BYTES = int(os.environ.get("LOTSE_DOCUMENT_MAX_MB", "20")) * 1024 * 1024
# Spreadsheet import (lotse.imports): limits of one uploaded list.
LOTSE_IMPORT_MAX_BYTES = int(os.environ.get("LOTSE_IMPORT_MAX_MB", "10")) * 1024 * 1024
LOTSE_IMPORT_MAX_COLUMNS = int(os.environ.get("LOTSE_IMPORT_MAX_COLUMNS", "200"))
LOTSE_IMPORT_MAX_ROWS = int(os.environ.get("LOTSE_IMPORT_MAX_ROWS", "50000"))
LOTSE_DOCUMENT_MAX_FILES = int(os.environ.get("LOTSE_DOCUMENT_MAX_FILES", "10"))
LOTSE_CLAMD = os.environ.get("LOTSE_CLAMD", "")

# Case management: the sustainability check lies at least this many months after the
# evaluation that ends the active support (issue 19 §3); the three-year limit warns from month
# LOTSE_CASE_LIMIT_WARNING_MONTHS on.
LOTSE_SUSTAINABILITY_MIN_MONTHS = int(os.environ.get("LOTSE_SUSTAINABILITY_MIN_MONTHS", "3"))
LOTSE_CASE_LIMIT_WARNING_MONTHS = int(os.environ.get("LOTSE_CASE_LIMIT_WARNING_MONTHS", "30"))
