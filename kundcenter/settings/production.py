"""Production: everything from the environment; refuses to start without a real secret."""

import os

from django.core.exceptions import ImproperlyConfigured

from ops.logs import log_format

from .base import *  # noqa: F403
from .base import LOGGING, env_bool

if not os.environ.get("SECRET_KEY") or os.environ["SECRET_KEY"].startswith("django-insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")

DEBUG = False
# JSON lines for the log shipper, whatever module builds on these settings (LOG_FORMAT wins).
LOG_FORMAT = log_format(os.environ.get("LOG_FORMAT"), default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
