"""Demo version files: a desktop client for the finance modules, a payroll client and an
integration server for stock and orders. Idempotent: versions are keyed on product and
version; the demo file's bytes are made up, its SHA-256 is the real one of those bytes."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from customers.models import Module

from .models import Product, ProductVersion
from .services import product_version_save

# code, fallback name, sv, fi, en, module codes
PRODUCTS = [
    ("go-desktop", "SoftOne GO Desktop", "SoftOne GO Skrivbordsklient",
     "SoftOne GO Työpöytäsovellus", "SoftOne GO Desktop client", ["ledger", "invoicing"]),
    ("payroll-client", "SoftOne Lön klient", "Lön klient", "Palkat-asiakasohjelma",
     "Payroll client", ["payroll"]),
    ("integration-server", "SoftOne Integrationsserver", "Integrationsserver",
     "Integraatiopalvelin", "Integration server", ["stock", "orders"]),
]

# product code, version, release date, notes (Markdown)
VERSIONS = [
    ("go-desktop", "2026.1", dt.date(2026, 1, 20),
     "**Nyheter**\n\n- Snabbare fakturautskrift\n- Stöd för e-faktura Peppol BIS 3.0.3"),
    ("go-desktop", "2026.2", dt.date(2026, 3, 3),
     "**Rättningar**\n\n- Verifikationslistan sorteras rätt igen\n- Se även "
     "[releasenyheterna](https://www.softone.se/)."),
    ("payroll-client", "8.4.1", dt.date(2026, 2, 14),
     "- Nya skattetabeller för 2026\n- Uusi verotaulukko 2026"),
    ("integration-server", "3.2.0", dt.date(2026, 2, 2),
     "Integration with webshops: order status is sent back every five minutes."),
]


def load(stdout) -> None:
    products = {}
    for code, name, sv, fi, en, module_codes in PRODUCTS:
        product, _ = Product.objects.update_or_create(
            code=code, defaults={"name": name, "name_sv": sv, "name_fi": fi, "name_en": en})
        product.modules.set(Module.objects.filter(code__in=module_codes))
        products[code] = product
    created = 0
    for code, version, released, notes in VERSIONS:
        existing = ProductVersion.objects.filter(product=products[code], version=version).first()
        if existing is not None:
            existing.notes, existing.release_date = notes, released
            existing.save(update_fields=["notes", "release_date"])
            continue
        content = f"Demo installer of {code} {version}\n".encode()
        filename = f"{code}-{version}-setup.zip"
        product_version_save(
            version=ProductVersion(product=products[code], version=version,
                                   release_date=released, notes=notes),
            upload=ContentFile(content, name=filename), now=timezone.now())
        created += 1
    stdout.write(f"downloads: {len(products)} products, {created} new versions")
