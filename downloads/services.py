"""Writes of version files: the file's checksum and size are taken from the bytes stored."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from .models import ProductVersion
from .rules import sha256_hex


@transaction.atomic
def product_version_save(*, version: ProductVersion, upload: UploadedFile | None,
                         now: dt.datetime) -> ProductVersion:
    """Save ``version``; with a new ``upload``, store it and record its name, size and
    SHA-256 (computed here, never typed in by staff)."""
    if upload is not None:
        upload.seek(0)
        version.sha256 = sha256_hex(upload.chunks())
        upload.seek(0)
        version.size = upload.size
        version.original_name = PurePath(upload.name or "download").name[:255]
        version.file = upload
        version.uploaded_at = now
    version.full_clean(exclude=["file"])
    version.save()
    return version
