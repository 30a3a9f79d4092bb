"""Settings modules (base, local, test, production) and the one rule that picks one when
DJANGO_SETTINGS_MODULE is not set.

Every entry point (manage.py, kundcenter/wsgi.py, kundcenter/celery.py) calls
`settings_module_default()` and nothing else decides. The rule: `manage.py`, the developer's
command line, defaults to local settings; every other process (gunicorn through wsgi, the
Celery worker and beat, `django-admin`) defaults to production, which refuses to start
without a real SECRET_KEY: a server that forgot its configuration fails loudly instead of
serving with DEBUG on and a public key. `make run` names the local settings explicitly for
all three of its processes (Procfile.dev).

The answer depends on how the process was started (`sys.argv[0]`), not on which module asks
first: importing anything from `kundcenter` runs kundcenter/celery.py before the entry point's
own code, so a per-module default would let the first import win (wsgi used to get celery's
local settings that way).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENVIRONMENT_VARIABLE = "DJANGO_SETTINGS_MODULE"
LOCAL = "kundcenter.settings.local"
PRODUCTION = "kundcenter.settings.production"
COMMAND_LINE_PROGRAM = "manage.py"


def default_module(program: str | None = None) -> str:
    """The settings module for a process started as `program` (default: `sys.argv[0]`)."""
    if program is None:
        argv = getattr(sys, "argv", None) or [""]  # embedded interpreters may have no argv
        program = argv[0]
    return LOCAL if Path(program).name == COMMAND_LINE_PROGRAM else PRODUCTION


def settings_module_default() -> str:
    """Set DJANGO_SETTINGS_MODULE to the default unless it is set; return the one in force."""
    return os.environ.setdefault(ENVIRONMENT_VARIABLE, default_module())
