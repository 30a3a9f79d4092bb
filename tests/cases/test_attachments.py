"""Attachments as a SuperUser meets them: pictures open in the browser and show a thumbnail
on the case page, everything else downloads, and nothing leaves another customer's case."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from audit.models import AuditEntry
from cases import downloads, services
from cases.models import Attachment
from tests.factories import make_specialist, make_superuser, register_case

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b'<script>alert(document.domain)</script></svg>')
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def picture(format_: str, size: tuple[int, int] = (800, 600), mode: str = "RGB") -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, "#3366aa").save(output, format=format_)
    return output.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(case, name: str, content: bytes, content_type: str) -> Attachment:
    """A row written without the upload check, as an import or an admin might: the serving
    side must not trust that every stored row was checked."""
    attachment = Attachment(case=case, original_name=name, content_type=content_type,
                            size=len(content), uploaded_by=case.reporter,
                            uploaded_at=timezone.now())
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment


def get(client, attachment: Attachment, **params):
    return client.get(reverse("cases:attachment", args=[attachment.pk]), params)


@pytest.mark.parametrize(("name", "format_", "content_type"), [
    ("screen.png", "PNG", "image/png"),
    ("photo.jpg", "JPEG", "image/jpeg"),
    ("anim.gif", "GIF", "image/gif"),
    ("shot.webp", "WEBP", "image/webp"),
])
def test_pictures_open_in_the_browser_with_their_stored_type(client, name, format_, content_type):
    content = picture(format_)
    case = register_case(attachments=[SimpleUploadedFile(name, content)])
    attachment = case.attachments.get()
    client.force_login(case.reporter)
    response = get(client, attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("inline")
    assert name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
    assert AuditEntry.objects.get(action="attachment.download").details == {"inline": True}


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("invoice.pdf", PDF, "application/pdf"),
    ("server.log", b"ERROR payroll export", "text/plain"),
])
def test_other_files_are_always_downloaded(client, name, content, content_type):
    case = register_case(attachments=[SimpleUploadedFile(name, content)])
    client.force_login(case.reporter)
    response = get(client, case.attachments.get())
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("name", "content"), [
    ("logo.svg", SVG), ("page.html", HTML), ("page.htm", HTML),
    ("fake.png", HTML),  # named like a picture, an HTML page inside
])
def test_svg_html_and_disguised_html_are_refused_at_upload(name, content):
    with pytest.raises(ValidationError):
        register_case(attachments=[SimpleUploadedFile(name, content)])
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("logo.svg", SVG, "image/svg+xml"),
    ("page.html", HTML, "text/html"),
    ("fake.png", HTML, "image/png"),  # the row claims a picture; the bytes are a web page
    ("fake.gif", SVG, "image/gif"),
])
def test_stored_svg_html_and_disguised_html_are_never_shown_inline(client, name, content,
                                                                   content_type):
    case = register_case()
    attachment = stored(case, name, content, content_type)
    client.force_login(case.reporter)
    response = get(client, attachment)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    # ... and no thumbnail is made of them: the raw file never goes out as a picture.
    assert get(client, attachment, thumb="1").status_code == 404
    assert not default_storage.exists(downloads.THUMBNAIL_FOLDER)


def test_webp_is_accepted_only_when_it_is_one():
    case = register_case(attachments=[SimpleUploadedFile("shot.webp", picture("WEBP"))])
    assert case.attachments.get().content_type == "image/webp"
    wave = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32
    with pytest.raises(ValidationError, match="does not look like a WEBP file"):
        register_case(attachments=[SimpleUploadedFile("sound.webp", wave)])


def test_thumbnail_is_made_once_and_served_to_the_owner(client, monkeypatch):
    case = register_case(attachments=[SimpleUploadedFile("screen.png", picture("PNG", (1600, 900)))])
    attachment = case.attachments.get()
    client.force_login(case.reporter)

    response = get(client, attachment, thumb="1")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as thumbnail:
        assert thumbnail.format == "WEBP"
        assert thumbnail.size == (320, 180)  # within the box, proportions kept
    assert default_storage.exists(f"thumbnails/{attachment.file.name}.webp")

    # The second request is served from storage: nothing is decoded again.
    monkeypatch.setattr(downloads, "thumbnail_render",
                        lambda *args, **kwargs: pytest.fail("thumbnail made twice"))
    again = get(client, attachment, thumb="1")
    assert again.status_code == 200 and again["Content-Type"] == "image/webp"


def test_another_customers_superuser_gets_neither_file_nor_thumbnail(client):
    case = register_case(attachments=[SimpleUploadedFile("screen.png", picture("PNG"))])
    attachment = case.attachments.get()
    client.force_login(make_superuser())
    assert get(client, attachment).status_code == 404
    assert get(client, attachment, thumb="1").status_code == 404
    assert not default_storage.exists(downloads.THUMBNAIL_FOLDER)


def test_a_message_picture_of_an_internal_note_has_no_thumbnail_for_the_customer(client):
    case = register_case()
    services.case_message_add(case=case, by=make_specialist(support_team=case.team),
                              body="Our trace", is_internal=True, now=timezone.now(),
                              attachments=[SimpleUploadedFile("trace.png", picture("PNG"))])
    client.force_login(case.reporter)
    assert get(client, Attachment.objects.get(), thumb="1").status_code == 404


def test_no_thumbnail_for_a_document_or_a_damaged_picture(client):
    case = register_case(attachments=[
        SimpleUploadedFile("invoice.pdf", PDF),
        SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)])
    document, broken = case.attachments.order_by("original_name").reverse()
    client.force_login(case.reporter)
    assert get(client, document, thumb="1").status_code == 404
    assert get(client, broken, thumb="1").status_code == 404
    # The damaged picture itself can still be downloaded and looked at.
    assert get(client, broken).status_code == 200


def test_huge_pictures_get_no_thumbnail(monkeypatch):
    monkeypatch.setattr(downloads, "THUMBNAIL_MAX_SOURCE_PIXELS", 100 * 100)
    assert downloads.thumbnail_render(io.BytesIO(picture("PNG", (101, 100))),
                                      content_type="image/png") is None
    assert downloads.thumbnail_render(io.BytesIO(picture("PNG", (100, 100))),
                                      content_type="image/png") is not None


def test_transparent_and_palette_pictures_keep_working():
    for mode in ("RGBA", "P", "LA", "L", "CMYK"):
        format_ = "JPEG" if mode == "CMYK" else "PNG"
        content_type = "image/jpeg" if mode == "CMYK" else "image/png"
        data = downloads.thumbnail_render(io.BytesIO(picture(format_, (640, 640), mode)),
                                          content_type=content_type)
        assert data is not None, mode
        with Image.open(io.BytesIO(data)) as thumbnail:
            assert thumbnail.size == (320, 320)


def test_case_page_shows_thumbnails_for_pictures_and_a_paperclip_for_documents(client):
    case = register_case(attachments=[SimpleUploadedFile("screen.png", picture("PNG")),
                                      SimpleUploadedFile("invoice.pdf", PDF)])
    services.case_message_add(case=case, by=case.reporter, body="Another one",
                              attachments=[SimpleUploadedFile("photo.jpg", picture("JPEG"))],
                              now=timezone.now())
    client.force_login(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    thumbs = re.findall(r'<img class="attachment-thumb" src="([^"]+)"', page)
    pictures = Attachment.objects.filter(content_type__startswith="image/").order_by("pk")
    assert thumbs == [reverse("cases:attachment", args=[a.pk]) + "?thumb=1" for a in pictures]
    assert page.count('class="attachment"') == page.count("icon-paperclip") == 3
    assert "📎" not in page
    pdf = Attachment.objects.get(original_name="invoice.pdf")
    assert f'{reverse("cases:attachment", args=[pdf.pk])}?thumb=1' not in page


@pytest.mark.parametrize("url_of", [
    lambda case: reverse("cases:case_create"),
    lambda case: case.get_absolute_url(),  # the reply form
])
def test_forms_tell_the_browser_the_servers_limits(client, settings, url_of):
    settings.CASE_ATTACHMENT_MAX_BYTES = 3 * 1024 * 1024
    settings.CASE_ATTACHMENT_MAX_COUNT = 3
    case = register_case()
    client.force_login(case.reporter)
    with translation.override("en"):
        page = client.get(url_of(case), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    attachment_input = re.search(r'<input type="file" name="attachments"[^>]*>', page).group(0)
    assert 'data-max-bytes="3145728"' in attachment_input
    assert 'data-max-count="3"' in attachment_input
    assert 'data-max-size="3.0\xa0MB"' in attachment_input
    assert "multiple" in attachment_input
    assert 'accept=".csv,.docx,.gif,.jpeg,.jpg,.log,.pdf,.png,.txt,.webp,.xlsx,.zip"' in attachment_input
    assert "data-message-count=\"At most %(count)s files per upload.\"" in attachment_input
    assert "data-upload-zone" in page and "js/upload.js" in page


def test_admin_conversation_uses_the_paperclip_icon_not_an_emoji(client):
    case = register_case(attachments=[SimpleUploadedFile("invoice.pdf", PDF)])
    client.force_login(make_specialist(support_team=case.team))
    page = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert "invoice.pdf" in page
    assert "📎" not in page
    conversation = page[page.index('id="admin-conversation"'):]
    assert "icon-paperclip" in conversation.split("invoice.pdf")[0]
