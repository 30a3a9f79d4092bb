"""One way to hand out an attachment, for the portal and the admin alike: audited, as a
download (never rendered inline), with the content type we checked at upload and nosniff."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest

from audit.services import audit_record
from kundcenter.client_ip import client_ip

from .models import Attachment


def attachment_download_response(request: HttpRequest, attachment: Attachment) -> FileResponse:
    """``attachment`` must already be one ``request.user`` may read (scoped or staff)."""
    audit_record(actor=request.user, action="attachment.download", subject=attachment,
                 customer_id=attachment.case.customer_id, ip_address=client_ip(request))
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
