"""The deploy/ folder as an operator uses it: compose runs every process the portal needs with
exactly one beat and a worker for every queue the settings route to; the env example names
only variables the settings read; the systemd units are valid and hardened; the health check
passes against gunicorn under the production settings. No image is built or pulled here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.pg_cluster import free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
SERVICES = {"db", "redis", "migrate", "web", "worker", "slow-worker", "beat", "backup"}
# Variables of the postgres image (the compose db service), not of the portal.
DATABASE_IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def command(service: dict) -> list[str]:
    return [str(part) for part in service.get("command", [])]


def queues_consumed(service: dict) -> set[str]:
    words = command(service)
    if words[:4] != ["celery", "-A", "kundcenter", "worker"]:
        return set()
    return set(words[words.index("-Q") + 1].split(","))


def test_compose_runs_every_process_and_exactly_one_beat(compose):
    services = compose["services"]
    assert set(services) == SERVICES
    beats = [name for name, service in services.items() if command(service)[3:4] == ["beat"]]
    assert beats == ["beat"]
    assert "replicas" not in services["beat"].get("deploy", {})
    for name in ("web", "worker", "slow-worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert services[name]["env_file"] == ["env"]
    assert command(services["migrate"])[-2:] == ["migrate", "--noinput"]
    assert services["backup"]["profiles"] == ["backup"]  # never started by `up`
    assert "scripts/backup.sh" in " ".join(command(services["backup"]))


def test_compose_has_a_worker_for_every_queue_the_settings_route_to(compose):
    routed = {settings.CELERY_TASK_DEFAULT_QUEUE} | {
        route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    consumed = set().union(*(queues_consumed(service) for service in compose["services"].values()))
    assert routed <= consumed
    assert queues_consumed(compose["services"]["slow-worker"]) == {"slow"}


def test_compose_web_is_bound_to_loopback_and_checked_for_readiness(compose):
    web = compose["services"]["web"]
    assert web["ports"] == ["127.0.0.1:8000:8000"]
    assert web["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py", "/readyz"]
    for name in ("db", "redis"):
        assert "ports" not in compose["services"][name]


def test_the_image_builds_catalogues_and_static_files_and_runs_unprivileged():
    instructions = re.sub(r"\\\n\s*", " ", (DEPLOY / "Dockerfile").read_text())
    assert re.search(r"^FROM python:3\.11-slim", instructions, re.M)
    assert re.search(r"^RUN pip install \.$", instructions, re.M)
    assert "manage.py compilemessages" in instructions and "manage.py collectstatic --noinput" in instructions
    users = re.findall(r"^USER (\S+)", instructions, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert ".venv" in (ROOT / ".dockerignore").read_text().split()


def test_the_env_example_names_only_variables_the_settings_read():
    names = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    settings_source = "\n".join(path.read_text() for path in (ROOT / "kundcenter" / "settings").glob("*.py"))
    # The mailbox variables are read by composed name (MAIL_INTAKE_<office>_<part>).
    mailbox_variables = {f"MAIL_INTAKE_{office}_{part.upper()}"
                         for office, mailbox in settings.MAIL_INTAKE_MAILBOXES.items() for part in mailbox}
    unread = {name for name in names - DATABASE_IMAGE_VARIABLES - mailbox_variables
              if f'"{name}"' not in settings_source and f"'{name}'" not in settings_source}
    assert not unread
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DATABASE_REPLICA_URL", "CELERY_BROKER_URL",
            "CACHE_URL", "AWS_STORAGE_BUCKET_NAME", "DJANGO_SETTINGS_MODULE"} <= names


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections and keys (a key may repeat); continuation lines joined."""
    sections: dict[str, dict[str, list[str]]] = {}
    text = re.sub(r"\\\n\s*", " ", (UNITS / name).read_text())
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        else:
            key, value = line.split("=", 1)
            current.setdefault(key, []).append(value)
    return sections


UNIT_NAMES = ["kundcenter-web.service", "kundcenter-worker@.service", "kundcenter-beat.service",
              "kundcenter-migrate.service"]


@pytest.mark.parametrize("name", UNIT_NAMES)
def test_every_unit_runs_unprivileged_from_the_environment_file_and_hardened(name):
    service = unit(name)["Service"]
    assert service["User"] == ["kundcenter"]
    assert service["EnvironmentFile"] == ["/etc/kundcenter/env"]
    assert service["Restart"] == ["on-failure"]
    assert service["NoNewPrivileges"] == ["yes"]
    assert service["ProtectSystem"] == ["strict"]
    assert service["ReadWritePaths"] == ["/var/lib/kundcenter"]
    assert unit(name)["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_units_run_web_workers_per_queue_one_beat_and_a_one_shot_migrate():
    assert "gunicorn kundcenter.wsgi" in unit("kundcenter-web.service")["Service"]["ExecStart"][0]
    assert "/healthz" in unit("kundcenter-web.service")["Service"]["ExecStartPost"][0]
    worker = unit("kundcenter-worker@.service")["Service"]["ExecStart"][0]
    assert "celery -A kundcenter worker -Q %I" in worker
    assert unit("kundcenter-beat.service")["Service"]["ExecStart"][0].endswith("celery -A kundcenter beat "
                                                                               "--loglevel=INFO")
    migrate = unit("kundcenter-migrate.service")["Service"]
    assert migrate["Type"] == ["oneshot"] and migrate["ExecStart"][0].endswith("manage.py migrate --noinput")


def test_the_nightly_backup_unit_runs_the_backup_script_and_writes_only_the_backups():
    service = unit("kundcenter-backup.service")["Service"]
    assert "scripts/backup.sh /var/backups/kundcenter/" in service["ExecStart"][0]
    assert service["ReadWritePaths"] == ["/var/backups/kundcenter"]
    assert service["User"] == ["kundcenter"] and service["ProtectSystem"] == ["strict"]
    assert unit("kundcenter-backup.timer")["Timer"]["Persistent"] == ["true"]


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("needs systemd-analyze (apt-get install systemd)")
    names = [*UNIT_NAMES, "kundcenter-backup.service", "kundcenter-backup.timer"]
    for name in names:
        shutil.copy(UNITS / name, tmp_path / name)
    units = [str(tmp_path / name.replace("@.", "@celery.")) for name in names]
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True, cwd=tmp_path)
    # The code is not installed under /srv/kundcenter on this machine; anything else is a fault.
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line and not re.search(r"Command /srv/kundcenter/\S+ is not executable", line)]
    assert problems == []


def test_the_health_check_passes_against_gunicorn_with_the_production_settings(tmp_path):
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kundcenter.settings.production",
           "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "kundcenter.example", "KUNDCENTER_VAR_DIR": str(tmp_path)}
    check = [sys.executable, str(DEPLOY / "healthcheck.py"), "--base", f"http://127.0.0.1:{port}"]
    with open(tmp_path / "gunicorn.log", "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "kundcenter.wsgi", "--bind",
                                   f"127.0.0.1:{port}", "--workers", "1"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        up = subprocess.run([*check, "--wait", "60", "/healthz"], env=env, capture_output=True, text=True,
                            timeout=90)
        assert up.returncode == 0, up.stderr + (tmp_path / "gunicorn.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)

    down = subprocess.run([*check, "/healthz"], env=env, capture_output=True, text=True, timeout=30)
    assert down.returncode == 1 and "no answer" in down.stderr
