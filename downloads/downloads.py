"""Handing out a version file: only after the permission check, always as a download."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest

from audit.services import audit_record
from kundcenter.client_ip import client_ip

from .models import ProductVersion


def version_download_response(request: HttpRequest, version: ProductVersion) -> FileResponse:
    """``version`` must already be one ``request.user`` may download (selectors)."""
    file = version.file.open("rb")
    audit_record(actor=request.user, action="download.file", subject=version,
                 customer_id=getattr(request.user, "customer_id", None),
                 ip_address=client_ip(request),
                 details={"product": version.product.code, "version": version.version})
    response = FileResponse(file, as_attachment=True, filename=version.original_name,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
