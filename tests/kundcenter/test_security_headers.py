"""Security headers: a Content-Security-Policy without 'unsafe-inline' and a
Permissions-Policy on every page; nothing shown to a signed-in person is cached; the admin's
attachment download is never sniffed. The templates keep no inline script or style, so the
policy costs nothing (tests/e2e/test_csp.py checks the pages in Chromium)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cases.models import Attachment
from tests.factories import make_specialist, register_case

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("url", ["/", "/contact/", "/faq/", "/accounts/login/"])
def test_pages_carry_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_pages_carry_a_permissions_policy(client):
    policy = client.get("/contact/")["Permissions-Policy"]
    features = {item.strip() for item in policy.split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= features


def _template_files() -> list[Path]:
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    return [path for d in dirs if ".venv" not in d.parts for path in d.rglob("*.html")]


INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


# Mail is not served under our CSP, and mail clients drop <style> blocks: the HTML part of
# our emails is styled with attributes. Scripts stay forbidden there too.
EMAIL_HTML_MAY_HAVE = {"style attribute"}


def _allowed(path: Path, what: str) -> bool:
    return "email" in path.relative_to(ROOT).parts and what in EMAIL_HTML_MAY_HAVE


def test_templates_have_no_inline_script_or_style():
    files = _template_files()
    assert len(files) > 20
    found = [f"{path.relative_to(ROOT)}: {what}" for path in files
             for what, pattern in INLINE.items()
             if pattern.search(path.read_text()) and not _allowed(path, what)]
    assert found == []


def test_no_admin_makes_django_render_its_inline_changelist_style():
    # Django's admin/change_list.html has one inline <style>, when both action bars are off.
    offenders = [type(model_admin).__name__ for model_admin in admin.site._registry.values()
                 if not model_admin.actions_on_top and not model_admin.actions_on_bottom]
    assert offenders == []


def _assert_private_no_store(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.fixture
def case():
    return register_case(attachments=[SimpleUploadedFile("shot.png", PNG)])


def test_case_pages_are_private_and_not_stored(client, case):
    client.force_login(case.reporter)
    for url in [reverse("cases:case_list"), reverse("cases:case_detail", args=[case.number]),
                reverse("cases:case_create"), reverse("accounts:profile"), reverse("home")]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_private_no_store(response)


def test_attachment_download_and_export_are_private_and_not_stored(client, case):
    client.force_login(case.reporter)
    download = client.get(reverse("cases:attachment", args=[Attachment.objects.get().pk]))
    assert download.status_code == 200
    _assert_private_no_store(download)
    export = client.get(reverse("cases:case_export"))
    assert export.status_code == 200
    _assert_private_no_store(export)


@pytest.fixture
def specialist():
    return make_specialist(support_team="crafts")


@override_settings(SECURE_CONTENT_TYPE_NOSNIFF=False)
def test_admin_attachment_download_is_never_sniffed_nor_stored(client, case, specialist):
    client.force_login(specialist)
    attachment = Attachment.objects.get()
    response = client.get(reverse("admin:cases_case_attachment", args=[case.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    _assert_private_no_store(response)


@pytest.mark.parametrize("url", ["/contact/", "/faq/"])
def test_anonymous_public_pages_are_not_forced_to_no_store(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_view_that_sets_its_own_cache_control_keeps_it(rf, case):
    from django.http import HttpResponse

    from kundcenter.middleware import PrivateNoStoreMiddleware

    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = rf.get("/")
    request.user = case.reporter
    assert PrivateNoStoreMiddleware(view)(request)["Cache-Control"] == "private, max-age=60"
