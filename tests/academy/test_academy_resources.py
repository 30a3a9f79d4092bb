"""Resources: browsing by module and kind, files behind a licence check, the combined search,
and wishes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from academy.forms import ResourceAdminForm
from academy.models import Resource, ResourceKind, Wish, WishStatus
from audit.models import AuditEntry
from knowledgebase.models import Visibility
from tests.factories import ArticleFactory
from tests.factories.academy import ResourceFactory, WishFactory, published_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _file_resource(module, name="guide.pdf", data=b"%PDF-1.4 hello") -> Resource:
    form = ResourceAdminForm(
        data={"module": module.pk, "kind": ResourceKind.GUIDE, "title": "PDF-guide",
              "language": "sv", "is_published": "on"},
        files={"file": SimpleUploadedFile(name, data)})
    assert form.is_valid(), form.errors
    return form.save()


def test_browse_filters_by_module_and_kind(client, world):
    doc = ResourceFactory(module=world.own, title="Handbok fakturering")
    film = ResourceFactory(module=world.own, kind=ResourceKind.FILM, title="Film om fakturor")
    ResourceFactory(module=world.unlicensed, title="Lönehandbok")
    ResourceFactory(module=world.own, title="Opublicerad", is_published=False)
    client.force_login(world.reader)
    url = reverse("academy:resource_list")
    page = client.get(url).content.decode()
    assert doc.title in page and film.title in page
    assert "Lönehandbok" not in page and "Opublicerad" not in page
    films = client.get(url, {"kind": "film", "module": "invoicing"}).content.decode()
    assert film.title in films and doc.title not in films
    # Another module's code is not a choice: ignored, and still nothing of it shown.
    assert "Lönehandbok" not in client.get(url, {"module": "payroll"}).content.decode()


def test_uploads_are_checked_like_case_attachments(world, media):
    form = ResourceAdminForm(
        data={"module": world.own.pk, "kind": "guide", "title": "x", "language": "sv"},
        files={"file": SimpleUploadedFile("evil.pdf", b"<html><script>")})
    assert not form.is_valid() and "file" in form.errors
    form = ResourceAdminForm(data={"module": world.own.pk, "kind": "guide", "title": "x",
                                   "language": "sv"})
    assert not form.is_valid()  # neither link nor file


def test_a_file_of_a_licensed_module_downloads_and_is_logged(client, world, media):
    resource = _file_resource(world.own)
    client.force_login(world.reader)
    response = client.get(reverse("academy:resource_download", args=[resource.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 hello"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="academy_resource.download",
                                     actor=world.reader).count() == 1


def test_a_file_of_an_unlicensed_module_is_a_404(client, world, media):
    resource = _file_resource(world.unlicensed)
    client.force_login(world.reader)
    assert client.get(reverse("academy:resource_download", args=[resource.pk])).status_code == 404
    link = ResourceFactory(module=world.own)
    assert client.get(reverse("academy:resource_download", args=[link.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("academy:resource_download", args=[resource.pk]))
    assert response.status_code == 302


def test_one_search_groups_faq_and_academy(client, world):
    ArticleFactory(question="Hur skickar jag en faktura?", answer="Välj faktura.")
    ArticleFactory(question="Intern fakturafråga om lön?", answer="faktura", module=world.unlicensed,
                   visibility=Visibility.MODULE)
    ResourceFactory(module=world.own, title="Faktura steg för steg")
    ResourceFactory(module=world.own, kind=ResourceKind.FILM, title="Film: din första faktura")
    ResourceFactory(module=world.own, kind=ResourceKind.GUIDE, title="Guide om moms")
    ResourceFactory(module=world.unlicensed, title="Faktura i lönemodulen")
    release = published_release(world.own, body="Ny faktura-layout", version="2026.70")
    published_release(world.unlicensed, body="faktura för lön", version="2026.71")
    client.force_login(world.reader)
    response = client.get(reverse("academy:search"), {"q": "faktura"})
    groups = response.context["groups"]
    by_key = {group["key"]: group for group in groups}
    assert [g["key"] for g in groups] == ["faq", "documentation", "film", "guide", "releases"]
    assert [r.article.question for r in by_key["faq"]["articles"]] == [
        "Hur skickar jag en faktura?"]
    assert [r.title for r in by_key["documentation"]["resources"]] == ["Faktura steg för steg"]
    assert [r.title for r in by_key["film"]["resources"]] == ["Film: din första faktura"]
    assert by_key["guide"]["resources"] == []
    assert [n.release for n in by_key["releases"]["notes"]] == [release]
    html = response.content.decode()
    assert html.count("<h1") == 1 and 'id="results-releases"' in html


def test_search_without_words_shows_no_groups(client, world):
    client.force_login(world.reader)
    response = client.get(reverse("academy:search"), {"q": "  "})
    assert response.status_code == 200 and response.context["groups"] == []


def test_wishes_are_stored_and_only_ones_own_are_listed(client, world):
    colleague_wish = WishFactory(customer=world.reader.customer, text="Kollegans önskan")
    WishFactory(customer=world.other.customer, user=world.other, text="Annans önskan")
    client.force_login(world.reader)
    response = client.post(reverse("academy:wishes"),
                           {"module": world.own.pk, "text": "En film om kreditfakturor"})
    assert response.status_code == 302
    wish = Wish.objects.get(user=world.reader)
    assert wish.customer_id == world.reader.customer_id and wish.module == world.own
    assert wish.status == WishStatus.OPEN
    page = client.get(reverse("academy:wishes")).content.decode()
    assert "En film om kreditfakturor" in page
    assert "Kollegans önskan" not in page and "Annans önskan" not in page
    assert colleague_wish.pk


def test_a_wish_for_an_unlicensed_module_or_empty_is_refused(client, world):
    client.force_login(world.reader)
    assert client.post(reverse("academy:wishes"),
                       {"module": world.unlicensed.pk, "text": "x"}).status_code == 400
    assert client.post(reverse("academy:wishes"), {"text": "   "}).status_code == 400
    assert not Wish.objects.exists()


def test_staff_answer_a_wish_in_admin_and_the_superuser_sees_it(admin_client, client, world):
    wish = WishFactory(customer=world.reader.customer, user=world.reader, text="Guide om lager")
    response = admin_client.post(reverse("admin:academy_wish_change", args=[wish.pk]),
                                 {"status": "done", "staff_note": "Nu finns en guide."})
    assert response.status_code == 302
    wish.refresh_from_db()
    assert wish.status == WishStatus.DONE and wish.handled_at is not None
    client.force_login(world.reader)
    page = client.get(reverse("academy:wishes")).content.decode()
    assert "Nu finns en guide." in page and 'data-status="done"' in page
