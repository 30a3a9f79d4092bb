"""Demo Academy: two published release notes with sections per module in sv/fi/en, and a
resource of each kind. Idempotent (fixed versions and titles)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from customers.models import Module

from .models import Release, ReleaseSection, Resource, ResourceKind

RELEASES = [
    ("2026.23", "Höstrelease", 16),
    ("2026.24", "Vinterrelease", 2),
]
SECTION_TEXT = {
    "sv": "**Nytt:** snabbare sökning och en ny rapport.\n\n- Export till Excel\n- Färre klick",
    "fi": "**Uutta:** nopeampi haku ja uusi raportti.\n\n- Vienti Exceliin\n- Vähemmän "
          "klikkauksia",
    "en": "**New:** faster search and a new report.\n\n- Export to Excel\n- Fewer clicks",
}
RESOURCES = [
    (ResourceKind.DOCUMENTATION, "sv", "Användarhandbok", "https://example.com/docs"),
    (ResourceKind.FILM, "fi", "Opastusvideo: ensimmäinen lasku", "https://example.com/film"),
    (ResourceKind.GUIDE, "en", "Quick start guide", "https://example.com/guide"),
]


def load(stdout) -> None:
    now = timezone.now()
    modules = list(Module.objects.order_by("name"))
    for version, name, days_ago, in RELEASES:
        release, _created = Release.objects.get_or_create(
            version=version, defaults={"name": name, "published_at": now - timedelta(days=days_ago),
                                       "notified_at": now - timedelta(days=days_ago)})
        for module in modules:
            for language, text in SECTION_TEXT.items():
                ReleaseSection.objects.get_or_create(
                    release=release, module=module, language=language,
                    defaults={"body": f"{text}\n\n({module.name}, {version})"})
    for module in modules[:4]:
        for kind, language, title, url in RESOURCES:
            Resource.objects.get_or_create(module=module, kind=kind, title=title,
                                           defaults={"language": language, "url": url})
    stdout.write(f"Academy: {len(RELEASES)} releases, resources for {min(4, len(modules))} "
                 "modules.")
