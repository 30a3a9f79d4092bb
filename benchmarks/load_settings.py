"""Settings of `make bench-load`: the production settings, minus what needs HTTPS (the load
runs on plain http over loopback), with the limits that protect real users raised so far
that the load's own simulated users are never refused. Everything else — hashers,
middleware, database sessions, the Redis cache and broker, templates, static files — is
what production runs."""

import os

# The production module refuses to start without a real secret; the benchmark's database is
# throwaway, so a fixed key is fine here (benchmarks/bench_load.py passes the same one).
os.environ.setdefault("SECRET_KEY", "bench-load-only-not-a-secret-" + "k" * 40)

from kundcenter.settings.production import *  # noqa: E402, F403
from kundcenter.settings.production import VAR_DIR  # noqa: E402

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_PRELOAD = False
SECURE_HSTS_INCLUDE_SUBDOMAINS = False

# Apart from the developer's own var/: static files collected with the production storage
# (hashed names, compressed) and the attachments the load uploads.
BENCH_LOAD_DIR = VAR_DIR / "bench_load"
STATIC_ROOT = BENCH_LOAD_DIR / "static"
MEDIA_ROOT = BENCH_LOAD_DIR / "media"
# No Celery worker runs during the load (it would take CPU from the web workers); the
# outbox rows and queued tasks are written as in production and simply left unsent.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# A few dozen simulated users behind one address: production's per-address limits would
# refuse them within seconds. The counters are still kept (in Redis), as in production.
_LOAD_RATE = os.environ.get("BENCH_LOAD_RATE_LIMIT", "100000/m")
RATE_LIMIT_LOGIN = _LOAD_RATE
RATE_LIMIT_PASSWORD_RESET = _LOAD_RATE
RATE_LIMIT_ACCOUNT_REGISTRATION = _LOAD_RATE
RATE_LIMIT_CASE_REGISTRATION = _LOAD_RATE
RATE_LIMIT_FAQ_SUGGEST = _LOAD_RATE
# axes stays on (its bookkeeping is part of every login) but never locks a load user out.
AXES_FAILURE_LIMIT = 1_000_000
