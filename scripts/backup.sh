#!/usr/bin/env bash
# Back up the portal into one new folder DEST: the database (pg_dump custom format), the
# attachments (a tar of MEDIA_ROOT), manifest.json (when, from where, the applied Django
# migrations) and SHA256SUMS over all three. scripts/restore.sh DEST puts it back.
#
#   scripts/backup.sh DEST        (make backup DEST=...)
#
# Run it with the portal's own environment (DATABASE_URL, MEDIA_ROOT, DJANGO_SETTINGS_MODULE,
# e.g. `set -a; . /etc/kundcenter/env; set +a`): the database and folder come from Django's
# settings (deploy/backup_env.py); PG* variables fill in what DATABASE_URL leaves out.
# With attachments on object storage (S3) only the database is backed up: the bucket's
# versioning and replication are the attachments' backup.
#
# Exits non-zero on any failure. The backup is written into DEST.partial and renamed to DEST
# only when complete, so a folder named DEST is always a whole backup.
set -euo pipefail
umask 077  # personal data and password hashes: readable by the backup's owner only

fail() { echo "backup: $*" >&2; exit 1; }
[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 DEST   (a folder that does not exist yet)" >&2; exit 64; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=$(realpath -m -- "$1")
PARTIAL="$DEST.partial"
[ ! -e "$DEST" ] || fail "$DEST exists; give a new folder"
# Left only by a backup that is running now or was killed (-9): never written over.
[ ! -e "$PARTIAL" ] || fail "$PARTIAL exists: another backup is running or one was killed (remove it)"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
[ -x "$PYTHON" ] || PYTHON=python3

WORK=$(mktemp -d)
created=""
finished=""
cleanup() {
  rm -rf -- "$WORK"
  if [ -n "$created" ] && [ -z "$finished" ]; then
    rm -rf -- "$PARTIAL"
    echo "backup: FAILED, nothing written to $DEST" >&2
  fi
}
trap cleanup EXIT

touch "$WORK/env"
"$PYTHON" "$ROOT/deploy/backup_env.py" "$WORK/env"
# shellcheck source=/dev/null
. "$WORK/env"

mkdir -p -- "$(dirname "$DEST")"
mkdir -- "$PARTIAL"
created=1

echo "backup: database $PGDATABASE (${PGHOST:-local socket}:${PGPORT:-5432})"
pg_dump --no-password --format=custom --file="$PARTIAL/database.dump"
PSQL=(psql --no-password -X -q -A -t -v ON_ERROR_STOP=1)
"${PSQL[@]}" -c "SELECT app || '.' || name FROM django_migrations ORDER BY app, name" \
  >"$WORK/migrations.txt"
server_version=$("${PSQL[@]}" -c "SHOW server_version")

# After the dump: every attachment row in the dump has its file in the tar, unless the file
# was deleted in between (an erasure); a file uploaded in between is an orphan, harmless.
files=(database.dump manifest.json)
if [ -n "${KC_FILE_SYSTEM_STORAGE:-}" ]; then
  [ -d "$KC_MEDIA_ROOT" ] || fail "MEDIA_ROOT $KC_MEDIA_ROOT is not a folder"
  echo "backup: attachments in $KC_MEDIA_ROOT"
  tar --create --gzip --file="$PARTIAL/media.tar.gz" --directory="$KC_MEDIA_ROOT" .
  media_files=$(find "$KC_MEDIA_ROOT" -type f | wc -l)
  files+=(media.tar.gz)
else
  echo "backup: attachments are on $KC_STORAGE: not in this backup (the bucket's versioning is)"
  media_files=""
fi

# Values go to Python through the environment, never pasted into its source.
KC_RELEASE=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown) \
KC_CREATED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ) KC_SERVER_VERSION=$server_version \
KC_DUMP_VERSION=$(pg_dump --version) KC_MEDIA_FILES=$media_files \
  "$PYTHON" - "$PARTIAL/manifest.json" "$WORK/migrations.txt" <<'PY'
import json, os, sys
env = os.environ
with open(sys.argv[2], encoding="utf-8") as lines:
    applied = [line.strip() for line in lines if line.strip()]
media = ({"file": "media.tar.gz", "root": env["KC_MEDIA_ROOT"], "files": int(env["KC_MEDIA_FILES"])}
         if env["KC_MEDIA_FILES"] else {"file": None, "storage": env["KC_STORAGE"]})
with open(sys.argv[1], "w", encoding="utf-8") as output:
    json.dump({"format": "kundcenter-backup/1", "created_at": env["KC_CREATED_AT"],
               "release": env["KC_RELEASE"],
               "database": {"name": env["PGDATABASE"], "server_version": env["KC_SERVER_VERSION"],
                            "file": "database.dump", "dump": env["KC_DUMP_VERSION"]},
               "media": media, "migrations": applied}, output, indent=2)
    output.write("\n")
PY

(cd "$PARTIAL" && sha256sum -- "${files[@]}" >SHA256SUMS)
sync -- "$PARTIAL"/* "$PARTIAL"
mv -T -- "$PARTIAL" "$DEST"
finished=1
echo "backup: done: $DEST ($(du -sh -- "$DEST" | cut -f1), $(wc -l <"$WORK/migrations.txt") migrations${media_files:+, $media_files files})"
