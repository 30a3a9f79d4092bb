#!/usr/bin/env bash
# Restore a folder written by scripts/backup.sh into the database and media root of the
# current environment (DATABASE_URL, MEDIA_ROOT, DJANGO_SETTINGS_MODULE; as for backup.sh),
# then migrate it to this release's schema (a backup from an older release).
#
#   scripts/restore.sh SRC [--force]        (make restore SRC=... [FORCE=1])
#
# The checksums are verified before anything is touched. The database must exist and be empty
# (createdb -O <owner> <name>), and the media root empty or missing; --force replaces what is
# there: the database's public schema is dropped and the backup loaded in one transaction, so
# a failed restore leaves the database as it was; the attachments are unpacked over the
# folder's contents.
set -euo pipefail
umask 027

REFUSED=4  # the target has data and --force was not given (psql's own errors exit 3)
fail() { echo "restore: $1" >&2; exit "${2:-1}"; }
usage() { echo "usage: $0 SRC [--force]" >&2; exit 64; }

SRC="" FORCE=""
for argument in "$@"; do
  case "$argument" in
    --force) FORCE=1 ;;
    -*) usage ;;
    *) [ -z "$SRC" ] || usage; SRC=$argument ;;
  esac
done
[ -n "$SRC" ] || usage
SRC=$(realpath -- "$SRC") || fail "no backup folder $SRC"
[ -d "$SRC" ] || fail "$SRC is not a folder"
[ -f "$SRC/SHA256SUMS" ] || fail "$SRC is not a backup: no SHA256SUMS"

listed() { grep -qE "^[0-9a-f]{64}  $1\$" "$SRC/SHA256SUMS"; }
listed database.dump && listed manifest.json || fail "$SRC/SHA256SUMS does not cover the database and manifest"
(cd "$SRC" && sha256sum --check --strict --quiet SHA256SUMS) \
  || fail "checksums do not match: the backup is damaged or was changed; nothing restored"
pg_restore --list "$SRC/database.dump" >/dev/null || fail "database.dump is not a pg_dump archive"
echo "restore: checksums verified"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3
WORK=$(mktemp -d)
trap 'rm -rf -- "$WORK"' EXIT
touch "$WORK/env"
"$PYTHON" "$ROOT/deploy/backup_env.py" "$WORK/env"
# shellcheck source=/dev/null
. "$WORK/env"

PSQL=(psql --no-password -X -q -A -t -v ON_ERROR_STOP=1)
tables=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'") \
  || fail "cannot connect to database $PGDATABASE (create it first: createdb -O <owner> $PGDATABASE)"
media_in_backup=""
if listed media.tar.gz; then
  media_in_backup=1
  [ -n "${KC_FILE_SYSTEM_STORAGE:-}" ] || fail "the backup has attachments but this portal stores them on $KC_STORAGE"
fi
if [ -z "$FORCE" ]; then
  [ "$tables" -eq 0 ] \
    || fail "database $PGDATABASE is not empty ($tables tables and sequences); restore into a new database, or give --force to replace it" "$REFUSED"
  if [ -n "$media_in_backup" ] && [ -n "$(ls -A -- "$KC_MEDIA_ROOT" 2>/dev/null)" ]; then
    fail "MEDIA_ROOT $KC_MEDIA_ROOT is not empty; give --force to unpack the backup's attachments over it" "$REFUSED"
  fi
fi

echo "restore: database $PGDATABASE (${PGHOST:-local socket}:${PGPORT:-5432})"
# One transaction, committed only after the whole archive went in: a dump that breaks off
# never commits (the COMMIT is not reached; psql stops at the first error). --no-owner and
# --no-acl: the target server need not have the source's roles.
{
  echo "BEGIN;"
  if [ -n "$FORCE" ]; then
    echo "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
  fi
  pg_restore --no-owner --no-acl --file=- "$SRC/database.dump" || exit 1
  echo "COMMIT;"
} | "${PSQL[@]}" -o /dev/null

if [ -n "$media_in_backup" ]; then
  echo "restore: attachments into $KC_MEDIA_ROOT"
  mkdir -p -- "$KC_MEDIA_ROOT"
  tar --extract --gzip --file="$SRC/media.tar.gz" --directory="$KC_MEDIA_ROOT" \
    --no-same-owner --no-same-permissions
else
  echo "restore: the backup has no attachments (object storage: restore them from the bucket)"
fi

echo "restore: migrating to this release"
"$PYTHON" "$ROOT/manage.py" migrate --noinput -v 1
echo "restore: done"
