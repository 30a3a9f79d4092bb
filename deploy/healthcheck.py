"""Ask the portal on this machine whether it is up (/healthz) or ready to serve (/readyz);
exit 0 on HTTP 200, 1 otherwise. Standard library only: it runs in the container's and the
server's Python without Django.

    python deploy/healthcheck.py /readyz              (compose's healthcheck of web)
    python deploy/healthcheck.py --wait 60 /healthz   (systemd: started means serving)

The request comes as the reverse proxy would send it: to a name in ALLOWED_HOSTS, marked as
HTTPS by X-Forwarded-Proto (production redirects plain HTTP, and refuses other host names).
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import time
import urllib.error
import urllib.request

DEFAULT_BASE = "http://127.0.0.1:8000"


def host_header(allowed_hosts: str) -> str:
    """A concrete name the portal accepts: the first of ALLOWED_HOSTS, a leading-dot domain
    made into a name of it; localhost when any host is allowed or none is set."""
    for entry in (item.strip() for item in allowed_hosts.split(",")):
        if entry and entry != "*":
            return f"www{entry}" if entry.startswith(".") else entry
    return "localhost"


def probe(url: str, *, host: str, timeout: float) -> tuple[int, str]:
    """The status and the start of the body; (0, reason) when nothing answered."""
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our own URL
            return response.status, response.read(500).decode(errors="replace")
    except urllib.error.HTTPError as error:  # 503 from /readyz carries the failing checks
        return error.code, error.read(500).decode(errors="replace")
    except (OSError, http.client.HTTPException) as error:
        return 0, str(error)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", choices=["/healthz", "/readyz"])
    parser.add_argument("--base", default=DEFAULT_BASE, help="where gunicorn listens")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per request")
    parser.add_argument("--wait", type=float, default=0.0, help="keep asking this many seconds")
    options = parser.parse_args(argv)
    host = host_header(os.environ.get("ALLOWED_HOSTS", ""))
    deadline = time.monotonic() + options.wait
    while True:
        status, body = probe(options.base.rstrip("/") + options.path, host=host, timeout=options.timeout)
        if status == 200:
            return 0
        if time.monotonic() >= deadline:
            print(f"{options.path}: {status or 'no answer'} {body}", file=sys.stderr)
            return 1
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main())
