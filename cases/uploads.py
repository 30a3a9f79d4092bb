"""What files a case accepts: size and type are checked on the content, not the name alone."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

FILE_TOO_LARGE = _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
FILE_TYPE_REFUSED = _("“%(name)s” is not a file type we accept. Accepted: %(types)s.")
FILE_CONTENT_MISMATCH = _("“%(name)s” does not look like a %(ext)s file.")
TOO_MANY_FILES = _("At most %(count)s files per upload.")

# extension -> (content type served, magic prefixes; None = text checked as UTF-8/latin-1)
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             (b"PK\x03\x04",)),
    "zip": ("application/zip", (b"PK\x03\x04",)),
    "txt": ("text/plain", None),
    "log": ("text/plain", None),
    "csv": ("text/csv", None),
}


def _looks_like_text(head: bytes) -> bool:
    return b"\x00" not in head


def attachment_check(upload: UploadedFile) -> str:
    """Validate one upload; return the content type it will be served with."""
    name = PurePath(upload.name or "").name
    limit = settings.CASE_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(FILE_TOO_LARGE, code="too_large", params={
            "name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES:
        raise ValidationError(FILE_TYPE_REFUSED, code="type", params={
            "name": name, "types": ", ".join(sorted(ALLOWED_TYPES))})
    content_type, signatures = ALLOWED_TYPES[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    matches = _looks_like_text(head) if signatures is None else head.startswith(signatures)
    if not matches:
        raise ValidationError(FILE_CONTENT_MISMATCH, code="content", params={
            "name": name, "ext": extension.upper()})
    return content_type


def attachments_check(uploads: list[UploadedFile]) -> list[str]:
    if len(uploads) > settings.CASE_ATTACHMENT_MAX_COUNT:
        raise ValidationError(TOO_MANY_FILES, code="count",
                              params={"count": settings.CASE_ATTACHMENT_MAX_COUNT})
    errors: list[ValidationError] = []
    types: list[str] = []
    for upload in uploads:
        try:
            types.append(attachment_check(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return types


@contextmanager
def stored_files_removed_on_error() -> Iterator[list[FieldFile]]:
    """Collects the files a service stores; if the service fails after storing some, they
    are deleted again, so a rolled-back registration or reply leaves no orphan on disk."""
    stored: list[FieldFile] = []
    try:
        yield stored
    except BaseException:
        for file in stored:
            try:
                file.storage.delete(file.name)
            except OSError:
                log.warning("could not remove %s after a failed save", file.name)
        raise
