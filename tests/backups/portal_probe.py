"""Run as a separate process against a restored database: sign in as a SuperUser through the
login form and fetch what they would (the case list, each case page, one attachment); write
what the portal answered as JSON into OUTPUT (a file: settings may log to stdout). A process
of its own, so nothing of the test's own database connection or media folder can stand in
for the restored ones.

    python tests/backups/portal_probe.py OUTPUT '{"email": ..., "password": ..., "cases": [...],
                                                  "attachment": pk}'
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def probe(request: dict) -> dict:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # the test client's host "testserver" in ALLOWED_HOSTS
    client = Client()
    login = client.post(reverse("accounts:login"),
                        {"username": request["email"], "password": request["password"]})
    listing = client.get(reverse("cases:case_list"))
    pages = {number: client.get(reverse("cases:case_detail", args=[number]))
             for number in request["cases"]}
    attachment = client.get(reverse("cases:attachment", args=[request["attachment"]]))
    content = b"".join(attachment.streaming_content) if attachment.status_code == 200 else b""
    return {
        "login_status": login.status_code,
        "list_status": listing.status_code,
        "list": listing.content.decode(),
        "pages": {number: {"status": page.status_code, "html": page.content.decode()}
                  for number, page in pages.items()},
        "attachment_status": attachment.status_code,
        "attachment_sha256": hashlib.sha256(content).hexdigest(),
    }


if __name__ == "__main__":
    Path(sys.argv[1]).write_text(json.dumps(probe(json.loads(sys.argv[2]))), encoding="utf-8")
