"""Personal data in the downloads app (privacy.registry): none. The vendor's products and
version files belong to no person (no owners, so an erasure never reaches them; OnErase.DELETE
only says what would happen to a row and its stored file if one ever did). Who downloaded
what is in the audit log (action "download.file"), which has its own declaration."""

from __future__ import annotations

from privacy.registry import OnErase, declare, not_personal

from .models import Product, ProductVersion

declare(Product, fields=not_personal("id", "code", "name", "name_sv", "name_fi", "name_en",
                                     "is_active"))
declare(ProductVersion, fields=not_personal("id", "product", "version", "release_date", "notes",
                                            "file", "original_name", "size", "sha256",
                                            "uploaded_at", "is_published"),
        on_erase=OnErase.DELETE)
