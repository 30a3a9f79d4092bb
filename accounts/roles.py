"""Staff roles as groups, kept in step with the models after every migrate."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PRODUCT_SPECIALISTS = "Product specialists"
MANAGERS = "Managers"

# (app label, model) pairs each role may manage; managers may also view everything.
_SPECIALIST_MODELS = {
    ("customers", "customer"): ("view",),
    ("customers", "licence"): ("view",),
    ("customers", "module"): ("view",),
    ("customers", "trainingcompletion"): ("view", "add", "change", "delete"),
    ("superusers", "superuserseat"): ("view", "add", "delete"),
    ("accounts", "user"): ("view",),
    ("sla", "supportcalendar"): ("view",),
    ("sla", "closedday"): ("view",),
    ("cases", "case"): ("view", "change"),
    ("cases", "message"): ("view", "add"),
    ("cases", "timeentry"): ("view", "add", "change"),
    ("knowledgebase", "article"): ("view", "add", "change"),
    ("support_logins", "supportlogingrant"): ("view",),
    ("support_logins", "supportloginuse"): ("view",),
    ("feedback", "feedback"): ("view", "change"),
    ("replies", "savedreply"): ("view", "add", "change"),
    ("trainings", "trainingsession"): ("view", "add", "change", "delete"),
    ("trainings", "trainingbooking"): ("view",),
    ("downloads", "product"): ("view", "add", "change"),
    ("downloads", "productversion"): ("view", "add", "change"),
    ("catalogue", "servicecategory"): ("view",),
    ("catalogue", "serviceitem"): ("view", "add", "change"),
}
ROLE_LABELS = {PRODUCT_SPECIALISTS: _("Product specialists"), MANAGERS: _("Managers")}


def roles_ensure(**kwargs) -> None:
    specialists, _created = Group.objects.get_or_create(name=PRODUCT_SPECIALISTS)
    wanted = Q(pk__in=[])
    for (app_label, model), actions in _SPECIALIST_MODELS.items():
        wanted |= Q(content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions])
    specialists.permissions.set(Permission.objects.filter(wanted))

    managers, _created = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.set(
        Permission.objects.filter(wanted | Q(codename__startswith="view_")
                                  | Q(content_type__app_label="sla"))
    )


def is_manager(user) -> bool:
    """Managers (and Django superusers) act on every team's cases. Remembered on the user
    object for the request: list pages ask once per row."""
    remembered = getattr(user, "_is_manager", None)
    if remembered is None:
        remembered = bool(user.is_superuser or (
            user.is_staff and user.groups.filter(name=MANAGERS).exists()))
        user._is_manager = remembered
    return remembered
