"""What is waiting: each Celery queue's length on the broker, and the email outbox's
backlog (`manage.py queue_status`). Reads only; nothing is taken off a queue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kombu.transport.redis import PRIORITY_STEPS

from cases.models import OutboxEmail

from .checks import is_redis_url

DEFAULT_QUEUES = ("celery",)
# kombu's Redis transport: a queue is a list per priority step, named "<queue><sep><step>"
# (the lowest step is the bare name); reserved messages wait in one hash until acknowledged.
REDIS_PRIORITY_SEPARATOR = "\x06\x16"
REDIS_UNACKED_KEY = "unacked"


@dataclass(frozen=True)
class BrokerQueues:
    lengths: dict[str, int]
    # Taken by a worker and not yet acknowledged (Redis only; None elsewhere).
    unacknowledged: int | None = None


@dataclass(frozen=True)
class OutboxBacklog:
    unsent: int
    oldest_id: int | None = None
    oldest_created_at: datetime | None = None
    oldest_age: timedelta | None = None


def queue_names(configured: Iterable | None) -> list[str]:
    """The names from CELERY_TASK_QUEUES (kombu Queues, names, or a dict keyed by name)."""
    if not configured:
        return list(DEFAULT_QUEUES)
    return [entry if isinstance(entry, str) else entry.name for entry in configured]


def broker_queues(url: str, names: list[str], *, transport_options: dict) -> BrokerQueues:
    if is_redis_url(url):
        return _redis_queues(url, names, transport_options)
    if url.startswith("filesystem"):
        return _filesystem_queues(Path(transport_options.get("data_folder_in", ".")), names)
    raise ValueError("queue lengths are read from Redis or the filesystem broker only")


def _redis_queues(url: str, names: list[str], options: dict) -> BrokerQueues:
    import redis

    prefix = options.get("global_keyprefix", "")
    separator = options.get("sep", REDIS_PRIORITY_SEPARATOR)
    steps = options.get("priority_steps", PRIORITY_STEPS)
    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        lengths = {}
        for name in names:
            keys = [f"{prefix}{name}{separator}{step}" if step else f"{prefix}{name}" for step in steps]
            lengths[name] = sum(client.llen(key) for key in keys)
        unacknowledged = client.hlen(prefix + options.get("unacked_key", REDIS_UNACKED_KEY))
    finally:
        client.close()
    return BrokerQueues(lengths, unacknowledged)


def _filesystem_queues(folder: Path, names: list[str]) -> BrokerQueues:
    # kombu names each message "<ms>_<uuid>.<queue>.msg".
    files = [entry.name.partition(".")[2] for entry in folder.iterdir()] if folder.is_dir() else []
    return BrokerQueues({name: files.count(f"{name}.msg") for name in names})


def outbox_backlog(*, now: datetime) -> OutboxBacklog:
    unsent = OutboxEmail.objects.filter(sent_at__isnull=True)
    oldest = unsent.order_by("created_at", "pk").values("pk", "created_at").first()
    if oldest is None:
        return OutboxBacklog(unsent=0)
    return OutboxBacklog(unsent=unsent.count(), oldest_id=oldest["pk"],
                         oldest_created_at=oldest["created_at"], oldest_age=now - oldest["created_at"])


def age_text(age: timedelta) -> str:
    """'2 d 03:04:05', '00:12:30': days apart, so a week-old mail does not read as 168 hours."""
    seconds = max(int(age.total_seconds()), 0)
    days, seconds = divmod(seconds, 86400)
    clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{days} d {clock}" if days else clock


def queue_status_as_dict(queues: BrokerQueues, outbox: OutboxBacklog) -> dict:
    return {
        "queues": queues.lengths,
        "unacknowledged": queues.unacknowledged,
        "outbox": {
            "unsent": outbox.unsent,
            "oldest_id": outbox.oldest_id,
            "oldest_created_at": outbox.oldest_created_at.isoformat() if outbox.oldest_created_at else None,
            "oldest_age_seconds": int(outbox.oldest_age.total_seconds()) if outbox.oldest_age else None,
        },
    }


def queue_status_as_table(queues: BrokerQueues, outbox: OutboxBacklog) -> str:
    width = max([len("queue"), *(len(name) for name in queues.lengths)])
    lines = [f"{'queue':<{width}}  messages"]
    lines += [f"{name:<{width}}  {length:>8}" for name, length in queues.lengths.items()]
    if queues.unacknowledged is not None:
        lines.append(f"taken by workers, not yet acknowledged: {queues.unacknowledged}")
    lines.append("")
    if outbox.unsent == 0:
        lines.append("outbox: nothing unsent")
    else:
        lines.append(f"outbox: {outbox.unsent} unsent; oldest #{outbox.oldest_id}, "
                     f"created {outbox.oldest_created_at:%Y-%m-%d %H:%M:%S %Z}, "
                     f"waiting {age_text(outbox.oldest_age)}")
    return "\n".join(lines)
