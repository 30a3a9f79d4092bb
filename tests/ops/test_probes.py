"""/healthz and /readyz as a load balancer sees them: real database, Redis and storage."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
import time_machine
from django.db import connection
from django.test import override_settings

from ops.tasks import beat_heartbeat
from tests.pg_cluster import database_url, free_port

BEAT_AT = dt.datetime(2026, 2, 11, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media").mkdir()


@pytest.fixture
def beat_seen(db):
    """Beat's task ran at BEAT_AT (the real task; inline in the test settings)."""
    with time_machine.travel(BEAT_AT, tick=False):
        beat_heartbeat.delay("beat-host")


def _ready_at(client, moment: dt.datetime):
    with time_machine.travel(moment, tick=False):
        return client.get("/readyz")


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_200_when_everything_answers(client, postgres_only, redis_url, media, beat_seen):
    response = _ready_at(client, BEAT_AT + dt.timedelta(seconds=30))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "broker", "storage", "beat"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_naming_the_broker_when_redis_does_not_answer(client, redis_url, media, beat_seen):
    port = free_port()
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0"):
        response = _ready_at(client, BEAT_AT + dt.timedelta(seconds=30))
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]
    assert str(port) not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_503_naming_beat_once_its_heartbeat_is_stale(client, redis_url, media, beat_seen,
                                                                settings):
    settings.OPS_BEAT_STALE_SECONDS = 180
    assert _ready_at(client, BEAT_AT + dt.timedelta(seconds=180)).status_code == 200
    response = _ready_at(client, BEAT_AT + dt.timedelta(seconds=181))
    assert response.status_code == 503 and response.json()["failing"] == ["beat"]


@pytest.mark.django_db
def test_readyz_is_503_before_beat_ever_ran(client, redis_url, media):
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["beat"]


@pytest.mark.django_db
def test_a_new_heartbeat_replaces_the_old_one_of_the_same_beat(client, redis_url, media, beat_seen):
    from ops.models import Heartbeat

    later = BEAT_AT + dt.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        beat_heartbeat.delay("beat-host")
    assert list(Heartbeat.objects.values_list("name", "beat_at")) == [("beat-host", later)]
    assert _ready_at(client, later + dt.timedelta(seconds=5)).status_code == 200


@pytest.mark.django_db
def test_with_the_database_down_healthz_is_200_and_readyz_a_503_naming_it(postgres_only, redis_url,
                                                                          gunicorn, tmp_path):
    down = {**connection.settings_dict, "PORT": str(free_port())}
    url = gunicorn(DATABASE_URL=database_url(down), CELERY_BROKER_URL=redis_url,
                   MEDIA_ROOT=str(tmp_path))
    health = requests.get(f"{url}/healthz", timeout=10)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    ready = requests.get(f"{url}/readyz", timeout=30)
    assert ready.status_code == 503
    assert ready.json()["failing"] == ["database", "beat"]
    assert ready.headers["Content-Type"] == "application/json"
