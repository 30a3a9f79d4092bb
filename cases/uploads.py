"""What files a case accepts: size and type are checked on the content, not the name alone."""

from __future__ import annotations

import errno
import logging
import os
import re
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
STORAGE_FULL_CASE = _("“%(name)s” could not be stored: our file storage is full. Your case has "
                      "not been registered; what you wrote is still in the form. Send it again "
                      "without the file, or try again later.")
STORAGE_FULL_REPLY = _("“%(name)s” could not be stored: our file storage is full. Your reply "
                       "has not been sent; what you wrote is still in the form. Send it again "
                       "without the file, or try again later.")

# The disk (or the user's quota on it) is full: the upload may fit later, nothing is broken.
STORAGE_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})

Signature = bytes | re.Pattern[bytes]

# extension -> (content type served, magic prefixes or patterns matched at the start;
# None = text checked as UTF-8/latin-1)
ALLOWED_TYPES: dict[str, tuple[str, tuple[Signature, ...] | None]] = {
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    # A RIFF container is also WAV or AVI: the form tag at offset 8 says WebP.
    "webp": ("image/webp", (re.compile(rb"RIFF.{4}WEBP", re.DOTALL),)),
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


# Raster pictures a browser shows without running anything: only these open in the browser
# and get a thumbnail. SVG and HTML can carry scripts, so they never do, whatever is stored.
INLINE_IMAGE_TYPES: frozenset[str] = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})

# Enough of a file's start for every signature above.
HEAD_BYTES = 2048


def _accepted_types_label() -> str:
    return ", ".join(sorted(ALLOWED_TYPES))


def _looks_like_text(head: bytes) -> bool:
    return b"\x00" not in head


def _starts_with_any(head: bytes, signatures: tuple[Signature, ...]) -> bool:
    return any(head.startswith(sig) if isinstance(sig, bytes) else sig.match(head)
               for sig in signatures)


def is_inline_safe(content_type: str, head: bytes) -> bool:
    """Whether a stored file may be shown in the browser rather than downloaded: a raster
    picture type whose bytes really start like one. The content is checked again here, not
    only at upload, so a row written some other way (admin, an import) cannot turn an HTML
    page named .png into something the browser renders on our origin."""
    if content_type not in INLINE_IMAGE_TYPES:
        return False
    return any(_starts_with_any(head, signatures)
               for served, signatures in ALLOWED_TYPES.values()
               if served == content_type and signatures is not None)


def upload_limit_attrs() -> dict[str, str]:
    """The limits of attachments_check as attributes of the file input, so that the browser
    refuses what the server would before anything is sent (static/js/upload.js reads them),
    in the server's own wording."""
    limit = settings.CASE_ATTACHMENT_MAX_BYTES
    return {
        "accept": ",".join(f".{extension}" for extension in sorted(ALLOWED_TYPES)),
        "data-max-bytes": str(limit),
        "data-max-size": str(filesizeformat(limit)),
        "data-max-count": str(settings.CASE_ATTACHMENT_MAX_COUNT),
        "data-types": _accepted_types_label(),
        "data-message-too-large": str(FILE_TOO_LARGE),
        "data-message-type": str(FILE_TYPE_REFUSED),
        "data-message-count": str(TOO_MANY_FILES),
    }


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
            "name": name, "types": _accepted_types_label()})
    content_type, signatures = ALLOWED_TYPES[extension]
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    matches = _looks_like_text(head) if signatures is None else _starts_with_any(head, signatures)
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


class StorageFullError(Exception):
    """The storage had no room for an upload; no part of it is left behind."""


def upload_store(file: FieldFile, upload: UploadedFile) -> None:
    """Write ``upload`` to ``file``'s storage under a new name, before its row is saved.

    The name gets a random part first, so it is known before anything is written: a write
    that fails half-way (disk full) is removed again by that name, and no other upload can
    have taken it in between."""
    storage = file.storage
    root, extension = os.path.splitext(file.field.generate_filename(file.instance, upload.name))
    max_length = file.field.max_length
    # get_available_name shortens a name that is too long; save() then keeps it as it is.
    name = storage.get_available_name(storage.get_alternative_name(root, extension),
                                      max_length=max_length)
    try:
        file.name = storage.save(name, upload, max_length=max_length)
    except OSError as error:
        try:
            storage.delete(name)
        except OSError:
            log.warning("could not remove the partly written %s", name)
        if error.errno in STORAGE_FULL_ERRNOS:
            raise StorageFullError(name) from error
        raise
    file._committed = True


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
