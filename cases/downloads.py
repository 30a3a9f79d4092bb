"""One way to hand out an attachment, for the portal and the admin alike: audited, with the
content type we checked at upload and nosniff; shown in the browser only when it is a raster
picture (cases.uploads.is_inline_safe), downloaded otherwise. Pictures also get a thumbnail,
made on first request and kept in storage next to the uploads."""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import PurePath
from typing import BinaryIO

from django.core.files.base import ContentFile
from django.http import FileResponse, Http404, HttpRequest
from PIL import Image, ImageOps, UnidentifiedImageError

from audit.services import audit_record
from kundcenter.client_ip import client_ip

from .models import Attachment
from .uploads import HEAD_BYTES, is_inline_safe

log = logging.getLogger(__name__)

# Shown at up to 160 CSS pixels; twice that stays sharp on high-density screens.
THUMBNAIL_BOX = (320, 320)
THUMBNAIL_CONTENT_TYPE = "image/webp"
# A 10 MB PNG can decode to gigabytes: pictures larger than this get no thumbnail.
THUMBNAIL_MAX_SOURCE_PIXELS = 40_000_000
THUMBNAIL_FOLDER = "thumbnails"

# Pillow may read a file only as the format its content type names, never guess another.
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF",
                  "image/webp": "WEBP"}


def _nosniff(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download_response(request: HttpRequest, attachment: Attachment) -> FileResponse:
    """``attachment`` must already be one ``request.user`` may read (scoped or staff)."""
    file = attachment.file.open("rb")
    head = file.read(HEAD_BYTES)
    file.seek(0)
    inline = is_inline_safe(attachment.content_type, head)
    audit_record(actor=request.user, action="attachment.download", subject=attachment,
                 customer_id=attachment.case.customer_id, ip_address=client_ip(request),
                 details={"inline": inline})
    return _nosniff(FileResponse(file, as_attachment=not inline,
                                 filename=attachment.original_name,
                                 content_type=attachment.content_type))


def thumbnail_render(source: BinaryIO, *, content_type: str) -> bytes | None:
    """A small WebP of the picture in ``source``, or None when it is not one we can show
    (not a raster picture, damaged, or too large to decode safely)."""
    pillow_format = PILLOW_FORMATS.get(content_type)
    if pillow_format is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source, formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > THUMBNAIL_MAX_SOURCE_PIXELS:
                    return None
                # The first frame of an animation; phone photos turned the way they were taken.
                image.thumbnail(THUMBNAIL_BOX)
                picture = ImageOps.exif_transpose(image)
                if picture.mode not in ("RGB", "RGBA"):
                    has_alpha = "A" in picture.getbands() or "transparency" in picture.info
                    picture = picture.convert("RGBA" if has_alpha else "RGB")
                output = io.BytesIO()
                picture.save(output, format="WEBP", quality=80)
                return output.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombWarning,
            Image.DecompressionBombError, OSError, ValueError, SyntaxError) as error:
        # Pillow reports damaged files as any of these; the file itself can still be downloaded.
        log.info("no thumbnail for %s: %s", content_type, error)
        return None


def _thumbnail_name(attachment: Attachment) -> str:
    # Keyed on the stored file's name, which the storage keeps unique, not on the row's id.
    return f"{THUMBNAIL_FOLDER}/{attachment.file.name}.webp"


def attachment_thumbnail_response(attachment: Attachment) -> FileResponse:
    """The thumbnail of a picture ``attachment``, which must already be one the requester
    may read; made and stored on first request. Http404 for anything that is not a picture
    we show inline: the raw upload never goes out through this door.

    Not audited per request: thumbnails are part of the case page, like the file names on it;
    opening the file itself is (attachment_download_response)."""
    if not attachment.is_image:
        raise Http404
    storage = attachment.file.storage
    name = _thumbnail_name(attachment)
    if not storage.exists(name):
        with attachment.file.open("rb") as file:
            head = file.read(HEAD_BYTES)
            file.seek(0)
            data = (thumbnail_render(file, content_type=attachment.content_type)
                    if is_inline_safe(attachment.content_type, head) else None)
        if data is None:
            raise Http404
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            # Another request stored the same thumbnail meanwhile; keep one of them.
            storage.delete(saved)
    stem = PurePath(attachment.original_name).stem or "thumbnail"
    return _nosniff(FileResponse(storage.open(name, "rb"), filename=f"{stem}-thumbnail.webp",
                                 content_type=THUMBNAIL_CONTENT_TYPE))
