"""Write what scripts/backup.sh and scripts/restore.sh need from Django's settings into a file
of shell assignments: the database as libpq's PG* variables, the media root and the storage.

Usage: backup_env.py OUTPUT_FILE   (the scripts create OUTPUT_FILE with mode 0600 and source it)

The scripts read the settings through Django instead of parsing DATABASE_URL themselves, so a
backup reads exactly the database and folder the portal uses (dj-database-url's parsing,
MEDIA_ROOT's default under KUNDCENTER_VAR_DIR). A part the settings leave empty (no password in
DATABASE_URL, say) is not written, so libpq falls back to the caller's PGPASSWORD, ~/.pgpass
and the like. The values go to a file rather than stdout because settings may configure
logging to stdout, and the password is never put on a command line (ps would show it).
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE_SYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
POSTGRESQL = "django.db.backends.postgresql"


def shell_assignments(values: dict[str, str]) -> str:
    """`export NAME=value` lines, quoted for sh; empty values are left out."""
    return "".join(f"export {name}={shlex.quote(value)}\n" for name, value in values.items() if value)


def backup_environment() -> dict[str, str]:
    """The connection and storage of the settings in force (DJANGO_SETTINGS_MODULE, or the
    rule every non-manage.py process follows: production)."""
    sys.path.insert(0, str(ROOT))
    from kundcenter.settings import settings_module_default

    module = settings_module_default()
    import django

    django.setup()
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != POSTGRESQL:
        raise SystemExit(f"backups need PostgreSQL; DATABASE_URL gives {database['ENGINE']}")
    options = database.get("OPTIONS", {})
    storage = settings.STORAGES["default"]["BACKEND"]
    return {
        "DJANGO_SETTINGS_MODULE": module,
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": str(database["NAME"]),
        "PGSSLMODE": str(options.get("sslmode", "")),
        "KC_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "KC_STORAGE": storage,
        "KC_FILE_SYSTEM_STORAGE": "1" if storage == FILE_SYSTEM_STORAGE else "",
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    with open(argv[1], "w", encoding="utf-8") as output:  # mktemp made it 0600
        output.write(shell_assignments(backup_environment()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
