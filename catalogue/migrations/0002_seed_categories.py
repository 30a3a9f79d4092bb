"""The brochure's four groups of services ("Andra tjänster" / "Muut palvelut")."""

from django.db import migrations

CATEGORIES = [
    # code, position, fallback name, sv, fi, en; description sv, fi, en
    ("micro", 10, "Mikrotjänster", "Mikrotjänster", "Mikropalvelut", "Micro-services",
     "Paketerade mikrotjänster för engångsuppdrag i form av uppsättningsjusteringar eller "
     "riktade utbildningsinsatser, och tillbehör för att utnyttja SoftOne GO på bästa sätt.",
     "Mikropalvelupaketteja kertatoimeksiantoihin, kuten asetusten säätöihin ja "
     "täsmäkoulutuksiin, sekä lisävarusteita SoftOne GOn hyödyntämiseen.",
     "Packaged micro-services for one-off assignments such as adjustments to your setup or "
     "targeted training, and accessories to get the most out of SoftOne GO."),
    ("consulting", 20, "Konsulttjänster", "Konsulttjänster", "Konsulttipalvelut",
     "Consulting",
     "Våra konsulter ser över er systemuppsättning, gör större justeringar eller "
     "skräddarsyr en tjänst för era specifika behov.",
     "Konsulttimme tarkistavat tai säätävät järjestelmäasennustanne ja räätälöivät "
     "palvelun erityisten tarpeidenne pohjalta.",
     "Our consultants review your setup, make larger adjustments or tailor a service to "
     "your specific needs."),
    ("technical", 30, "Tekniska konsulttjänster", "Tekniska konsulttjänster",
     "Tekniset konsulttipalvelut", "Technical consulting",
     "Våra arkitekter kan bokas för bland annat analys av er verksamhets behov av "
     "API-integrationer och andra konfigurationer.",
     "Arkkitehtimme ovat tilattavissa muun muassa analysoimaan yrityksenne tarvetta "
     "API-integraatioille ja muille konfiguraatioille.",
     "Book our architects to analyse, among other things, your need for API integrations "
     "and other configurations."),
    ("advisory", 40, "Rådgivningstjänster", "Rådgivningstjänster", "Hallinnolliset palvelut",
     "Advisory subscriptions",
     "Löpande tjänster för ett mer långsiktigt stöd och nära samarbete: kunden avtalar en "
     "prenumeration på olika typer av stöd.",
     "Yrityskonsulttiemme johtama hallintopalvelu on helppo tapa varmistaa, että "
     "kokoonpanonne on optimoitu toimintaanne varten.",
     "Ongoing services for longer-term support and close cooperation: a subscription to "
     "the kind of support you need."),
]


def seed(apps, schema_editor):
    ServiceCategory = apps.get_model("catalogue", "ServiceCategory")
    for code, position, name, sv, fi, en, desc_sv, desc_fi, desc_en in CATEGORIES:
        ServiceCategory.objects.get_or_create(code=code, defaults={
            "position": position, "name": name, "name_sv": sv, "name_fi": fi, "name_en": en,
            "description": desc_sv, "description_sv": desc_sv, "description_fi": desc_fi,
            "description_en": desc_en})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
