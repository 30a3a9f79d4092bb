"""The checkout as a whole: a fresh clone tests itself (nothing reads from outside the
repository), and every entry point picks its settings by the same rule."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kundcenter.settings import LOCAL, PRODUCTION, default_module
from sla.vectors import PUBLIC_VECTORS_PATH

ROOT = Path(__file__).resolve().parent.parent
# Not the code: the virtualenv, caches, build output and what runs write.
SKIPPED_DIRS = {
    ".venv", ".git", ".hypothesis", ".ruff_cache", ".ci-run", "__pycache__", "build",
    "node_modules", "var", "artifacts", "kundcenter.egg-info",
}
CONFIG_FILES = {"Makefile", "Procfile.dev", "pyproject.toml"}
# The sibling folder "shared" beside the checkout, reached through a parent directory or as a
# relative path literal joined to a parent of the root, and this machine's absolute work
# paths. Spelled in pieces so that this file does not match itself.
OUTSIDE = re.compile("|".join([r"\.\./shared", "/work" + "/", "[\"']shared" + "/"]))


def _code_files() -> list[Path]:
    found = []
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [d for d in subdirectories if d not in SKIPPED_DIRS]
        found += [
            Path(directory, name) for name in files
            if name.endswith(".py") or name in CONFIG_FILES
        ]
    return found


def test_no_code_reaches_outside_the_repository():
    files = _code_files()
    assert any(path.name == "vectors.py" for path in files)  # the walk did find the code
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert offenders == []


def test_the_public_vectors_are_in_the_repository():
    assert PUBLIC_VECTORS_PATH.resolve().is_relative_to(ROOT)
    assert len(json.loads(PUBLIC_VECTORS_PATH.read_text(encoding="utf-8"))) == 90


@pytest.mark.parametrize(("program", "expected"), [
    ("manage.py", LOCAL),
    ("./manage.py", LOCAL),
    ("/srv/kundcenter/manage.py", LOCAL),
    ("/srv/kundcenter/.venv/bin/gunicorn", PRODUCTION),
    ("/srv/kundcenter/.venv/bin/celery", PRODUCTION),
    ("/srv/kundcenter/.venv/bin/django-admin", PRODUCTION),
    ("", PRODUCTION),
])
def test_only_manage_py_defaults_to_local_settings(program, expected):
    assert default_module(program) == expected


SETTINGS_IN_FORCE = "from django.conf import settings; print(settings.SETTINGS_MODULE)"
# Each entry point as its process starts it, printing the settings module it ended up with.
ENTRY_POINTS = {
    "wsgi": ([sys.executable, "-c", f"import kundcenter.wsgi; {SETTINGS_IN_FORCE}"], PRODUCTION),
    "celery": ([sys.executable, "-c", f"import kundcenter.celery; {SETTINGS_IN_FORCE}"],
               PRODUCTION),
    "manage.py": ([sys.executable, "manage.py", "shell", "-c", SETTINGS_IN_FORCE], LOCAL),
}


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_entry_points_without_django_settings_module_follow_the_one_rule(entry_point, tmp_path):
    command, expected = ENTRY_POINTS[entry_point]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # Production refuses to start without a real key; this one is only for the test.
    env.update(SECRET_KEY="entry-point-test-" + "x" * 40, KUNDCENTER_VAR_DIR=str(tmp_path))
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == expected


def test_make_run_names_the_local_settings_for_each_of_its_processes():
    # Outside manage.py the default is production, so Procfile.dev must not rely on it.
    processes = [line for line in (ROOT / "Procfile.dev").read_text().splitlines()
                 if line.strip() and not line.startswith("#")]
    assert processes
    for line in processes:
        assert f"DJANGO_SETTINGS_MODULE={LOCAL} " in line, line
