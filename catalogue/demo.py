"""Demo service catalogue items in the four categories (seeded by migration 0002)."""

from __future__ import annotations

from decimal import Decimal

from customers.models import Module

from .models import PriceUnit, ServiceCategory, ServiceItem

# category, key name (fallback), sv, fi, en, description sv, fi, en, SEK, EUR, unit, module
ITEMS = [
    ("micro", "Uppsättningsjustering fakturamall", "Justering av fakturamall",
     "Laskupohjan säätö", "Invoice template adjustment",
     "Vi anpassar er fakturamall: logotyp, texter och fält.",
     "Mukautamme laskupohjanne: logo, tekstit ja kentät.",
     "We adapt your invoice template: logo, texts and fields.",
     Decimal("2900"), Decimal("260"), PriceUnit.FIXED, "invoicing"),
    ("micro", "Riktad utbildning lön", "Riktad utbildning: lönekörning", "Täsmäkoulutus: palkka-ajo",
     "Targeted training: payroll run",
     "Två timmar på distans med en konsult, för era löneadministratörer.",
     "Kahden tunnin etäkoulutus konsultin kanssa palkanlaskijoillenne.",
     "Two hours online with a consultant, for your payroll administrators.",
     Decimal("3500"), Decimal("320"), PriceUnit.FIXED, "payroll"),
    ("consulting", "Översyn av uppsättning", "Översyn av er uppsättning",
     "Kokoonpanon tarkistus", "Review of your setup",
     "En konsult går igenom er uppsättning och föreslår förbättringar.",
     "Konsultti käy kokoonpanonne läpi ja ehdottaa parannuksia.",
     "A consultant goes through your setup and suggests improvements.",
     Decimal("1250"), Decimal("115"), PriceUnit.HOUR, None),
    ("technical", "API-integrationsanalys", "Analys av API-integrationer",
     "API-integraatioiden analyysi", "API integration analysis",
     "En arkitekt analyserar ert behov av integrationer mot andra system.",
     "Arkkitehti analysoi integraatiotarpeenne muihin järjestelmiin.",
     "An architect analyses your need for integrations with other systems.",
     None, None, PriceUnit.FIXED, "orders"),
    ("advisory", "Förvaltningsabonnemang", "Förvaltningsabonnemang", "Hallintopalvelu",
     "Advisory subscription",
     "Löpande stöd från en affärskonsult som håller er uppsättning optimerad.",
     "Yrityskonsultin jatkuva tuki, joka pitää kokoonpanonne optimoituna.",
     "Ongoing support from a business consultant who keeps your setup optimised.",
     Decimal("4500"), Decimal("400"), PriceUnit.MONTH, None),
]


def load(stdout) -> None:
    categories = {category.code: category for category in ServiceCategory.objects.all()}
    modules = {module.code: module for module in Module.objects.all()}
    for (code, name, sv, fi, en, desc_sv, desc_fi, desc_en, sek, eur, unit,
         module_code) in ITEMS:
        if code not in categories:
            continue
        ServiceItem.objects.update_or_create(
            category=categories[code], name=name,
            defaults={"name_sv": sv, "name_fi": fi, "name_en": en, "description": desc_sv,
                      "description_sv": desc_sv, "description_fi": desc_fi,
                      "description_en": desc_en, "price_sek": sek, "price_eur": eur,
                      "price_unit": unit, "module": modules.get(module_code or "")})
    stdout.write(f"catalogue: {len(ITEMS)} services")
