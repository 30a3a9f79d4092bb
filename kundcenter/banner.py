"""The one banner `make run` prints (`python -m kundcenter.banner`) before the portal
starts: where to go, how to log in, where staff work. The password comes from the demo
data, so the banner never drifts from it."""

from __future__ import annotations

import os

PORTAL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")


def banner() -> str:
    from customers.demo import DEMO_PASSWORD

    lines = [
        f"Kundcenter is starting: {PORTAL}/",
        f"  SuperUser demo login: anna.lind@elektronord.example / {DEMO_PASSWORD}",
        f"  Staff work in {PORTAL}/admin/ (specialist.crafts@kundcenter.example, same password)",
        "  More demo logins: README.md, 'Demo logins'. Ctrl-C stops the web server, worker and beat.",
    ]
    width = max(len(line) for line in lines) + 4
    rule = "=" * width
    return "\n".join([rule, *(f"  {line}" for line in lines), rule])


if __name__ == "__main__":
    import django

    django.setup()
    print(banner(), flush=True)
