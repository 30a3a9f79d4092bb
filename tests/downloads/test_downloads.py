import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from customers.models import Licence
from downloads.models import ProductVersion
from tests.factories import LicenceFactory, ModuleFactory, StaffFactory, make_superuser
from tests.factories.downloads import ProductFactory, make_product_version

pytestmark = pytest.mark.django_db

CONTENT = b"PK\x03\x04 pretend this is the 2026.2 installer"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    """A licensed customer's SuperUser, another customer's, and a product for each."""
    ledger, payroll = ModuleFactory(code="ledger"), ModuleFactory(code="payroll")
    licensed = make_superuser(licence=LicenceFactory(modules=[ledger]), language="en")
    other = make_superuser(licence=LicenceFactory(modules=[payroll]), language="en")
    client_product = ProductFactory(name="Desktop client", modules=[ledger])
    payroll_product = ProductFactory(name="Payroll client", modules=[payroll])
    old = make_product_version(product=client_product, version="2026.1",
                               release_date=dt.date(2026, 1, 10), content=b"old")
    new = make_product_version(product=client_product, version="2026.2",
                               release_date=dt.date(2026, 3, 1), content=CONTENT,
                               filename="desktop-2026.2.zip",
                               notes="**Fixed** printing\n\n<script>alert(1)</script>")
    payroll_version = make_product_version(product=payroll_product, version="8.4")
    return {"licensed": licensed, "other": other, "old": old, "new": new,
            "payroll": payroll_version}


def test_sha256_is_computed_from_the_stored_file(world):
    new = world["new"]
    assert new.sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert new.size == len(CONTENT)
    assert new.original_name == "desktop-2026.2.zip"
    with new.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == new.sha256


def test_list_shows_licensed_products_newest_first_with_checksum_and_sanitised_notes(client, world):
    client.force_login(world["licensed"])
    page = client.get(reverse("downloads:file_list")).content.decode()
    assert "Desktop client" in page
    assert "Payroll client" not in page
    assert page.index("2026.2") < page.index("2026.1")
    assert hashlib.sha256(CONTENT).hexdigest() in page
    assert "<strong>Fixed</strong>" in page
    assert "<script>alert(1)</script>" not in page
    assert reverse("downloads:file", args=[world["payroll"].pk]) not in page


def test_licensed_customer_downloads_the_file_and_it_is_logged(client, world):
    client.force_login(world["licensed"])
    response = client.get(reverse("downloads:file", args=[world["new"].pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == CONTENT
    assert hashlib.sha256(body).hexdigest() == world["new"].sha256
    assert response["Content-Disposition"].startswith("attachment;")
    assert "desktop-2026.2.zip" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action="download.file")
    assert entry.actor == world["licensed"]
    assert entry.subject_id == str(world["new"].pk)
    assert entry.customer_id == world["licensed"].customer_id


@pytest.mark.parametrize("target", ["payroll", "guessed", "unpublished"])
def test_other_customers_and_unlicensed_products_are_not_found(client, world, target):
    client.force_login(world["licensed"])
    if target == "payroll":
        pk = world["payroll"].pk
    elif target == "guessed":
        pk = max(ProductVersion.objects.values_list("pk", flat=True)) + 1
    else:
        ProductVersion.objects.filter(pk=world["old"].pk).update(is_published=False)
        pk = world["old"].pk
    assert client.get(reverse("downloads:file", args=[pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="download.file").exists()


def test_another_customer_cannot_download_the_licensed_customers_product(client, world):
    client.force_login(world["other"])
    assert client.get(reverse("downloads:file", args=[world["new"].pk])).status_code == 404
    page = client.get(reverse("downloads:file_list")).content.decode()
    assert "Desktop client" not in page and "Payroll client" in page


def test_an_expired_or_inactive_licence_covers_nothing(client, world):
    licence = Licence.objects.get(customer_id=world["licensed"].customer_id)
    licence.valid_until = dt.date(2024, 12, 31)
    licence.save()
    client.force_login(world["licensed"])
    assert client.get(reverse("downloads:file", args=[world["new"].pk])).status_code == 404
    licence.valid_until = None
    licence.is_active = False
    licence.save()
    assert client.get(reverse("downloads:file", args=[world["new"].pk])).status_code == 404


def test_signed_out_people_are_sent_to_log_in(client, world):
    response = client.get(reverse("downloads:file", args=[world["new"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_upload_in_admin_computes_the_checksum_and_limits_the_size(client, settings, world):
    admin_user = StaffFactory(is_superuser=True)
    client.force_login(admin_user)
    product = world["new"].product
    url = reverse("admin:downloads_productversion_add")
    data = {"product": product.pk, "version": "2026.3", "release_date": "2026-04-01",
            "notes": "New", "is_published": "on"}
    settings.DOWNLOAD_MAX_BYTES = 10
    response = client.post(url, {**data, "file": SimpleUploadedFile("big.zip", b"x" * 11)})
    assert response.status_code == 200
    assert not ProductVersion.objects.filter(version="2026.3").exists()
    settings.DOWNLOAD_MAX_BYTES = 1024
    response = client.post(url, {**data, "file": SimpleUploadedFile("new.zip", b"abc")})
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = ProductVersion.objects.get(version="2026.3")
    assert stored.sha256 == hashlib.sha256(b"abc").hexdigest()
    assert stored.original_name == "new.zip" and stored.size == 3
    assert str(settings.MEDIA_ROOT) in stored.file.path


def _licensed_download_kwargs(owner) -> dict:
    """The builder handed over for tests/tenancy/test_isolation.py, checked here the same way."""
    product = ProductFactory(modules=[owner.trainings.first().module])
    return {"pk": make_product_version(product=product).pk}


def test_isolation_builder_owner_gets_it_intruder_gets_404(client):
    owner = make_superuser()
    url = reverse("downloads:file", kwargs=_licensed_download_kwargs(owner))
    client.force_login(make_superuser())
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200
