"""Foundation browser test: register, open the confirmation link from the mail, log out, log
in again, switch the language to Finnish.

Runs against pytest-django's live server in Debian's Chromium (see tests/conftest.py). The
browser starts in English (locale and language cookie), so the switch to Finnish is visible.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from accounts.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "erik.esimerkki@example.com"
FIRST_NAME = "Erik"
LAST_NAME = "Esimerkki"
PASSWORD = "Vahva-ja-pitka-salasana-42"


@pytest.fixture
def browser_context_args(browser_context_args):
    # Accept-Language: en-US, so the first pages are English whatever the machine's locale.
    return {**browser_context_args, "locale": "en-US"}


def finnish(message: str) -> str:
    """The Finnish catalogue's wording, so the test follows the translation, not a copy."""
    with translation.override("fi"):
        text = translation.gettext(message)
    assert text != message, f"no Finnish translation of {message!r}: run compilemessages"
    return text


def confirmation_path(message) -> str:
    """The link of the confirmation mail, on the live server (mails link to PORTAL_URL)."""
    url = next(word for word in message.body.split() if "/accounts/register/confirm/" in word)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_register_log_out_log_in_and_switch_to_finnish(page: Page, live_server, artifacts_dir):
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en",
                               "domain": urlsplit(base).hostname, "path": "/"}])
    navbar = page.locator("nav.navbar")

    # The site, then "Create account".
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    navbar.get_by_role("link", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/accounts/register/$"))

    # The registration form; the language select stays empty (the browser's choice).
    page.fill("#id_email", EMAIL)
    page.fill("#id_first_name", FIRST_NAME)
    page.fill("#id_last_name", LAST_NAME)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # No account yet and not logged in: "check your email". The live server runs in this
    # process, so its mails are in Django's locmem outbox.
    expect(page).to_have_url(re.compile(r"/accounts/register/sent/$"))
    expect(page.locator("#register-sent")).to_be_visible()
    expect(navbar.get_by_role("link", name="Log in")).to_be_visible()
    assert not User.objects.filter(email=EMAIL).exists()
    assert [message.to for message in mail.outbox] == [[EMAIL]]

    # The link in the mail; the password chosen above finishes the registration.
    page.goto(base + confirmation_path(mail.outbox[0]))
    expect(page.get_by_role("heading", name="Confirm your account")).to_be_visible()
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Confirm and log in").click()

    # Logged in, on the home page, with the person's name in the navbar.
    expect(page).to_have_url(base + "/")
    expect(page.get_by_role("alert").filter(has_text="Welcome! Your account is ready.")).to_be_visible()
    expect(navbar.get_by_role("link", name=f"{FIRST_NAME} {LAST_NAME}")).to_be_visible()

    # Log out with the navbar's POST button.
    navbar.get_by_role("button", name="Log out").click()
    expect(navbar.get_by_role("link", name="Log in")).to_be_visible()
    expect(navbar.get_by_text(f"{FIRST_NAME} {LAST_NAME}")).to_have_count(0)

    # Log in again through the login page.
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(base + "/")
    expect(navbar.get_by_role("link", name=f"{FIRST_NAME} {LAST_NAME}")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Switch to Finnish with the navbar's language form.
    page.select_option("#language-select", "fi")
    page.locator("#language-form button[type=submit]").click()

    expect(page.locator("html[lang=fi]")).to_have_count(1)
    expect(navbar.get_by_role("button", name=finnish("Log out"))).to_be_visible()
    welcome = finnish("Welcome to the Customer Centre")
    expect(page.get_by_role("heading", name=welcome)).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "registration_language_fi.png"), full_page=True)

    # The choice is saved on the person, so it follows them to every device.
    assert User.objects.get(email=EMAIL).language == "fi"
