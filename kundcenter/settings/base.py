"""Settings shared by every environment.

Only settings modules read the environment. Production differs from development only
through environment variables (see README, "Configuration").
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from ops.logs import TEXT_FORMAT, log_format

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("KUNDCENTER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-development-only-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kundcenter.admin_site.DeskAdminConfig",  # django.contrib.admin with the desk site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "accounts",
    "audit",
    "customers",
    "superusers",
    "sla",
    "cases",
    "support_logins",
    "knowledgebase",
    "portal",
    "feedback",
    "replies",
    "reports",
    "mailintake",
    "privacy",
    "academy",
    "trainings",
    "downloads",
    "catalogue",
    "api",
    "ops",
    # For its system checks, which vet the cache the rate limits count in (ratelimits.py).
    "django_ratelimit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First, so every log line of the request, and its Celery tasks, carry its id.
    "ops.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "api.middleware.ApiConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything reads the path or the parameters: a NUL byte etc. gets a 400 here.
    "kundcenter.input_guard.InputGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sla.middleware.CalendarRequestScopeMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing shown to a signed-in person is kept by the browser or a shared cache.
    "kundcenter.middleware.PrivateNoStoreMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.OfficeTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # axes must come last: it inspects the response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kundcenter.urls"
WSGI_APPLICATION = "kundcenter.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "superusers.context_processors.support_eligibility",
            ],
        },
    },
]

# SQLite needs no server, so `make run` works on a fresh machine; DATABASE_URL switches to
# PostgreSQL (production, CI).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Every request is one transaction: a failure half-way never leaves half a case behind.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database host that drops packets fails a request (and /readyz) in seconds, not after
    # the operating system's TCP timeout of minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Throttling first: a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, loading the user with their customer. (Sessions signed in under
    # ModelBackend before it came sign in once more.)
    "accounts.backends.UserWithCustomerBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Login throttling (django-axes): five failures per account and address lock for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The login form posts the email in a field named "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
# Axes and the audit log read the client's address by the same rule (behind a proxy too).
AXES_CLIENT_IP_CALLABLE = "kundcenter.client_ip.client_ip"

# The reverse proxies in front of the application (kundcenter/client_ip.py): how many, and/or
# their addresses or networks, one per hop. Neither set: X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Content-Security-Policy (django-csp): scripts and styles only from our own static files,
# never inline (tests/kundcenter/test_security_headers.py scans the templates). Should an
# inline block ever be unavoidable: csp.constants.NONCE in its directive and
# nonce="{{ request.csp_nonce }}" on the tag, never 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Permissions-Policy (django-permissions-policy): the portal uses none of these features.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

LANGUAGE_CODE = "sv"
LANGUAGES = [
    ("sv", _("Swedish")),
    ("fi", _("Finnish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# No MEDIA_URL is served: uploads leave the server only through views that check access.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development; EMAIL_HOST etc. in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kundcenter <no-reply@kundcenter.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SUPPORT_EMAIL_SE = os.environ.get("SUPPORT_EMAIL_SE", "support@kundcenter.example")
SUPPORT_EMAIL_FI = os.environ.get("SUPPORT_EMAIL_FI", "tuki@kundcenter.example")


def _mailbox(office: str) -> dict:
    """One office's support mailbox for the intake (MAIL_INTAKE_SE_HOST, ..._PORT, ...).
    SECURITY is "ssl" (IMAPS, the default), "starttls" or "none" (a local test server)."""
    def value(name: str, default: str) -> str:
        return os.environ.get(f"MAIL_INTAKE_{office}_{name}", default)

    security = value("SECURITY", "ssl")
    return {
        "host": value("HOST", ""),
        "port": int(value("PORT", "993" if security == "ssl" else "143")),
        "security": security,
        "user": value("USER", ""),
        "password": value("PASSWORD", ""),
        "folder": value("FOLDER", "INBOX"),
        # Where a message that could not become a case or reply is moved (never deleted).
        "error_folder": value("ERROR_FOLDER", "Kundcenter-fel"),
        "timeout_seconds": float(value("TIMEOUT_SECONDS", "30")),
    }


MAIL_INTAKE_MAILBOXES = {office: _mailbox(office) for office in ("SE", "FI")}
# Mails one sender may turn into cases and replies in an hour; the rest are kept, not acted on
# (a looping autoresponder without headers, a script gone wrong).
MAIL_INTAKE_SENDER_LIMIT_PER_HOUR = int(os.environ.get("MAIL_INTAKE_SENDER_LIMIT_PER_HOUR", "20"))

# SuperUser seats per licence by module count (spec: 1-3 -> 2, 4-6 -> 3, 7+ -> 4).
# Each pair is (smallest module count, seats); never more than four seats.
SUPERUSER_SEAT_RULE = ((1, 2), (4, 3), (7, 4))

# Celery: a filesystem broker needs no server (make run); CELERY_BROKER_URL switches to Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Keep closed days seeded at least ten years ahead; runs daily, does nothing most days.
    "sla-calendar-window-extend": {
        "task": "sla.tasks.calendar_window_extend",
        "schedule": crontab(hour=3, minute=17),
    },
    # The backstop of the email outbox: sends what a broker outage held back.
    "cases-outbox-flush": {"task": "cases.tasks.outbox_flush", "schedule": 60.0},
    # Marks ended support logins expired and tells the case thread; access itself ends at
    # expires_at whether or not this has run.
    "support-logins-expire": {"task": "support_logins.tasks.grants_expire", "schedule": 60.0},
    # Records start promises that became at risk (75 % used) or were breached, once each,
    # and tells the case's team during its office's opening hours.
    "cases-sla-breach-watch": {"task": "cases.tasks.sla_breach_watch", "schedule": 60.0},
    # Last month's service levels to every manager, on the 1st (07:00 in Sweden in winter);
    # once per manager and month however often it runs.
    "reports-monthly-send": {
        "task": "reports.tasks.monthly_report_send",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    # Each person's daily digest of the case emails they chose to get that way (06:30 in
    # Sweden in winter; beat runs in UTC). At most one a local day, however often it runs.
    "notification-digests-send": {
        "task": "accounts.tasks.notification_digests_send",
        "schedule": crontab(hour=5, minute=30),
    },
    # Reads each office's support mailbox (MAIL_INTAKE_MAILBOXES) into cases; an office
    # without a host is skipped. A message stays on the server until it has been processed.
    "mail-intake-poll": {"task": "mailintake.tasks.mailboxes_poll", "schedule": 60.0},
    # Retention: anonymises cases closed longer than PRIVACY_CLOSED_CASE_RETENTION_DAYS and
    # deletes expired sessions, old outbox rows, inbound-mail records and login attempts.
    "privacy-retention": {"task": "privacy.tasks.retention_run",
                          "schedule": crontab(hour=2, minute=41)},
}

# Every line carries the request id (ops.requestid), through web and Celery; JSON lines in
# production, text elsewhere, unless LOG_FORMAT says "json" or "text".
LOG_FORMAT = log_format(os.environ.get("LOG_FORMAT"), default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ops.logs.JsonFormatter"},
        "text": {"format": TEXT_FORMAT},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Case attachments: checked for size, count and type (by content) before they are stored.
CASE_ATTACHMENT_MAX_BYTES = int(os.environ.get("CASE_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
CASE_ATTACHMENT_MAX_COUNT = 5
# Days after delivery/closing in which a customer's reply reopens a case (and the rating may
# change); after them the case page offers a follow-up case instead.
CASE_REOPEN_WINDOW_DAYS = int(os.environ.get("CASE_REOPEN_WINDOW_DAYS", "14"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Personal data (privacy app). Bookkeeping law keeps billed orders' records 7 years (Sweden;
# Finland 6 + the current year): an erasure leaves those cases' texts in place until then.
PRIVACY_BOOKKEEPING_RETENTION_YEARS = int(os.environ.get("PRIVACY_BOOKKEEPING_RETENTION_YEARS", "7"))
PRIVACY_CLOSED_CASE_RETENTION_DAYS = int(os.environ.get("PRIVACY_CLOSED_CASE_RETENTION_DAYS", "1095"))
PRIVACY_OUTBOX_RETENTION_DAYS = int(os.environ.get("PRIVACY_OUTBOX_RETENTION_DAYS", "90"))
PRIVACY_INBOUND_MAIL_RETENTION_DAYS = int(os.environ.get("PRIVACY_INBOUND_MAIL_RETENTION_DAYS", "365"))
PRIVACY_LOGIN_ATTEMPT_RETENTION_DAYS = int(os.environ.get("PRIVACY_LOGIN_ATTEMPT_RETENTION_DAYS", "90"))
# Trainings: a booked seat can be cancelled until this many hours before the session.
TRAINING_CANCEL_DEADLINE_HOURS = int(os.environ.get("TRAINING_CANCEL_DEADLINE_HOURS", "24"))
# Version files staff upload for download (client-server products).
DOWNLOAD_MAX_BYTES = int(os.environ.get("DOWNLOAD_MAX_BYTES", str(2 * 1024 ** 3)))
# State changes of one case within this window reach a person as one mail.
CASE_EMAIL_COALESCE_SECONDS = int(os.environ.get("CASE_EMAIL_COALESCE_SECONDS", "180"))
# Absolute address of the portal, used in emails.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")
# Who an overdue customer talks to about invoices, per office (the portal's home shows it
# instead of a dead end). Override per office with BILLING_EMAIL_SE, BILLING_PHONE_FI, ...
BILLING_CONTACTS = {
    office: {
        "email": os.environ.get(f"BILLING_EMAIL_{office}", default_email),
        "phone": os.environ.get(f"BILLING_PHONE_{office}", default_phone),
        "address": os.environ.get(f"BILLING_ADDRESS_{office}", default_address),
    }
    for office, default_email, default_phone, default_address in (
        ("SE", "faktura@kundcenter.example", "+46 8 123 456 00",
         "Kundcenter AB, Ekonomi, Box 123, 111 22 Stockholm"),
        ("FI", "laskutus@kundcenter.example", "+358 9 123 456 00",
         "Kundcenter Oy, Talous, PL 123, 00100 Helsinki"),
    )
}
# Each office's support phone and postal address on the public contact page (the emails are
# SUPPORT_EMAIL_*). Override per office with OFFICE_PHONE_SE, OFFICE_ADDRESS_FI, ...
OFFICE_CONTACTS = {
    office: {
        "phone": os.environ.get(f"OFFICE_PHONE_{office}", default_phone),
        "address": os.environ.get(f"OFFICE_ADDRESS_{office}", default_address),
    }
    for office, default_phone, default_address in (
        ("SE", "+46 8 123 450 00", "Kundcenter AB, Service & Kvalitet, Box 123, 111 22 Stockholm"),
        ("FI", "+358 9 123 450 00", "Kundcenter Oy, Asiakastuki, PL 123, 00100 Helsinki"),
    )
}
# How often a person may ask for a SuperUser seat from the portal's home.
SEAT_REQUEST_INTERVAL_HOURS = 24
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# --- REST API (api/) ---------------------------------------------------------------------
# Personal access tokens only: no session authentication, so no CSRF surface and no
# browser session can be replayed against the API.
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "600/hour")
API_RATE_ANONYMOUS = os.environ.get("API_RATE_ANONYMOUS", "120/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.PersonalAccessTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated",
                                   "api.authentication.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_RATE_PER_TOKEN, "anonymous": API_RATE_ANONYMOUS},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kundcenter API",
    "DESCRIPTION": "The digital customer centre's API for SuperUsers' own tools and the ERP. "
                   "Authenticate with a personal access token: `Authorization: Bearer kc_…`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Operations (ops/): health checks, JSON logs with a request id, beat heartbeat -------
# /readyz fails the beat check when no heartbeat is younger than this (the task runs every
# 30 s: a few missed beats, not one slow worker, make the portal "not ready").
OPS_BEAT_STALE_SECONDS = int(os.environ.get("OPS_BEAT_STALE_SECONDS", "180"))
# The heartbeat row's name: the machine beat runs on, so a moved beat shows as a new row.
OPS_BEAT_NAME = os.environ.get("OPS_BEAT_NAME") or socket.gethostname()
CELERY_BEAT_SCHEDULE["ops-beat-heartbeat"] = {
    "task": "ops.tasks.beat_heartbeat",
    "schedule": 30.0,
    "args": (OPS_BEAT_NAME,),
    # Heartbeats held up by an outage are worthless once stale: do not let them pile up.
    "options": {"expires": OPS_BEAT_STALE_SECONDS},
}

# A web process moves what its first requests loaded for good (URLconf, templates, catalogues)
# out of the garbage collector's sight (ops/heap.py); 0 leaves CPython's defaults alone.
OPS_HEAP_FREEZE_AFTER_REQUESTS = int(os.environ.get("OPS_HEAP_FREEZE_AFTER_REQUESTS", "20"))
OPS_HEAP_YOUNG_THRESHOLD = int(os.environ.get("OPS_HEAP_YOUNG_THRESHOLD", "10000"))

# --- Rate limits (kundcenter/ratelimits.py) ----------------------------------------------
# Per client address (case registration: per signed-in person), in django-ratelimit's format
# "<count>/<n><s|m|h|d>" ("10/10m": ten per ten minutes); an empty value turns a limit off.
RATE_LIMIT_LOGIN = os.environ.get("RATE_LIMIT_LOGIN", "20/m")
RATE_LIMIT_PASSWORD_RESET = os.environ.get("RATE_LIMIT_PASSWORD_RESET", "10/h")
RATE_LIMIT_ACCOUNT_REGISTRATION = os.environ.get("RATE_LIMIT_ACCOUNT_REGISTRATION", "10/h")
RATE_LIMIT_CASE_REGISTRATION = os.environ.get("RATE_LIMIT_CASE_REGISTRATION", "10/10m")
RATE_LIMIT_FAQ_SUGGEST = os.environ.get("RATE_LIMIT_FAQ_SUGGEST", "60/m")
RATELIMIT_USE_CACHE = "ratelimit"
# A cache that cannot count lets requests through: axes still locks accounts (in the
# database), and an outage of the cache must not lock everyone out of the portal.
RATELIMIT_FAIL_OPEN = True
# Without CACHE_URL every process counts on its own (locmem), as Django's default cache did;
# with several web processes set CACHE_URL (a Redis database of its own: clearing a Django
# Redis cache empties the whole database).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": CACHE_URL, "KEY_PREFIX": alias}
              for alias in ("default", "ratelimit")}
    # django-ratelimit knows only memcached and django-redis; Django's own RedisCache counts
    # with Redis' atomic INCR, which is what the check is about.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": location}
              for alias, location in (("default", ""), ("ratelimit", "ratelimit"))}
    # "locmem is not shared": known and intended for a single process (above).
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Scale-out: read replica, object storage, Celery queues -------------------------------
# The managers' reports read from a streaming standby when DATABASE_REPLICA_URL is set
# (kundcenter/db_router.py); everything else, writes above all, stays on default. In tests
# the alias is a mirror of the test database.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
                                conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["kundcenter.db_router.ReplicaRouter"]


def s3_storage(environ: dict[str, str]) -> dict | None:
    """Uploads on S3-compatible object storage (django-storages) when AWS_STORAGE_BUCKET_NAME
    is set, so several web machines share them. Objects are private and overwrite nothing;
    they still leave only through the views that check access (no public URL is handed out)."""
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return None
    options = {"bucket_name": bucket, "location": environ.get("AWS_LOCATION", "media"),
               "default_acl": "private", "file_overwrite": False, "querystring_auth": True}
    # Unset: boto3's own credential chain (an instance role, ~/.aws) and the AWS endpoint.
    for option, variable in (("endpoint_url", "AWS_S3_ENDPOINT_URL"),
                             ("region_name", "AWS_S3_REGION_NAME"),
                             ("access_key", "AWS_ACCESS_KEY_ID"),
                             ("secret_key", "AWS_SECRET_ACCESS_KEY")):
        if environ.get(variable):
            options[option] = environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


if (_object_storage := s3_storage(dict(os.environ))) is not None:
    STORAGES["default"] = _object_storage


def celery_queues(*names: str) -> list:
    # Imported here: the section is self-contained, and kombu comes with Celery anyway.
    from kombu import Queue

    return [Queue(name, routing_key=name) for name in names]


# Slow jobs (the monthly report, the mailbox poll) get their own queue and workers, so a
# long report never holds up the outbox, SLA watch or support-login expiry behind it. A
# worker started without -Q consumes both queues.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = celery_queues("celery", "slow")
CELERY_TASK_ROUTES = {
    "reports.tasks.*": {"queue": "slow"},
    "mailintake.tasks.*": {"queue": "slow"},
}

# --- Faults: what the portal answers while a service is down ------------------------------
# An SMTP server that accepts the connection and then hangs must not hold a worker forever:
# the send fails after this many seconds and the outbox tries again later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Seconds a browser or proxy is told to wait (Retry-After) while the database is unreachable.
DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS = int(os.environ.get("DATABASE_UNAVAILABLE_RETRY_AFTER", "30"))
# With CELERY_TASK_ACKS_LATE (above) a task is acknowledged only when it has finished; this
# also gives back the task of a pool process that died mid-task. The tasks are idempotent
# (the outbox sends a row once, under its lock), so running one again is safe, losing one is not.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
if CELERY_BROKER_URL.startswith("redis"):
    # A task taken by a worker that vanished (killed, machine lost) is delivered again after
    # this many seconds; it must be longer than the longest task and any countdown/ETA.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    }
