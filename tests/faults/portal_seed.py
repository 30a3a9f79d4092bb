"""Run by the fault tests in a subprocess, against a throwaway cluster (DATABASE_URL): the
schema, one SuperUser with a registered case, and a signed-in session of theirs. Prints
what the test needs as JSON on the last line."""

from __future__ import annotations

import json

import django


def main() -> None:
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.factories import make_superuser, register_case

    call_command("migrate", verbosity=0)
    reporter = make_superuser(language="sv")
    case = register_case(reporter=reporter, subject="Before the outage")
    browser = Client()
    browser.force_login(reporter)
    print(json.dumps({"sessionid": browser.cookies["sessionid"].value,
                      "module": case.module_id, "case_url": case.get_absolute_url()}))


if __name__ == "__main__":
    main()
