"""Attachments on S3-compatible object storage (AWS_STORAGE_BUCKET_NAME), against moto's S3
server on a port of its own: the storage the settings build from the environment keeps an
uploaded file private, and it still leaves only through the view that checks access."""

from __future__ import annotations

import io

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cases.models import Attachment
from kundcenter.settings.base import s3_storage
from tests.factories import make_superuser
from tests.pg_cluster import free_port

pytestmark = pytest.mark.django_db

BUCKET = "kundcenter-attachments"
ALL_USERS = {"http://acs.amazonaws.com/groups/global/AllUsers",
             "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket, and the default storage as the environment below configures it."""
    environ = {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_endpoint,
               "AWS_S3_REGION_NAME": "us-east-1", "AWS_ACCESS_KEY_ID": "testing",
               "AWS_SECRET_ACCESS_KEY": "testing"}
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(environ)}
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _picture() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (640, 360), "#3366aa").save(output, format="PNG")
    return output.getvalue()


def _private(bucket, key: str) -> bool:
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return [grant["Permission"] for grant in grants] == ["FULL_CONTROL"] and not [
        grant for grant in grants if grant["Grantee"].get("URI") in ALL_USERS]  # the owner only


def test_no_bucket_configured_keeps_the_local_file_system():
    assert s3_storage({"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000"}) is None


def test_an_uploaded_attachment_is_a_private_object_served_only_through_the_checked_view(
        bucket, client, django_capture_on_commit_callbacks):
    reporter = make_superuser(language="en")
    picture = _picture()
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:case_create"), {
            "module": reporter.trainings.first().module.pk, "category": "bug",
            "service_level": "2", "subject": "Payroll export fails",
            "description": "Error 500 on export.",
            "attachments": [SimpleUploadedFile("shot.png", picture)]})
    assert response.status_code == 302
    attachment = Attachment.objects.get()

    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{attachment.file.name}"]

    url = reverse("cases:attachment", args=[attachment.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == picture
    # The case page's thumbnail is made on first request and kept in the bucket too.
    thumbnail = client.get(url, {"thumb": "1"})
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/webp"
    assert b"".join(thumbnail.streaming_content)[8:12] == b"WEBP"
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert len(keys) == 2 and all(_private(bucket, key) for key in keys)

    client.force_login(make_superuser())  # a SuperUser of another customer
    assert client.get(url).status_code == 404
    assert client.get(url, {"thumb": "1"}).status_code == 404
