"""Every write that changes what `portal.reader_facts` remembers raises the customers'
``portal_version``. Model signals catch the admin, the services and the shell alike;
bulk writes that bypass them (academy.services.releases_mark_read) raise it themselves."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from academy.models import Release, ReleaseRead, ReleaseSection
from customers.models import Licence, Module, TrainingCompletion
from customers.services import portal_version_raise
from superusers.models import SuperUserSeat


def _customer_of_user(user_id: int | None) -> list[int]:
    from accounts.models import User

    return list(User.objects.filter(pk=user_id, customer__isnull=False)
                .values_list("customer_id", flat=True))


def _seat_changed(sender, instance: SuperUserSeat, **kwargs) -> None:
    ids = list(Licence.objects.filter(pk=instance.licence_id).values_list("customer_id", flat=True))
    # A seat also moves its holder's customer (User.customer is set with the seat).
    portal_version_raise(customer_ids=ids + _customer_of_user(instance.user_id))


def _licence_changed(sender, instance: Licence, **kwargs) -> None:
    portal_version_raise(customer_ids=[instance.customer_id])


def _licence_modules_changed(sender, instance, action: str, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Licence):
        portal_version_raise(customer_ids=[instance.customer_id])
    else:  # changed from the module's side
        portal_version_raise(customer_ids=Licence.objects.filter(
            pk__in=pk_set or ()).values_list("customer_id", flat=True))


def _training_changed(sender, instance: TrainingCompletion, **kwargs) -> None:
    portal_version_raise(customer_ids=_customer_of_user(instance.user_id))


def _release_changed(sender, instance, **kwargs) -> None:
    portal_version_raise(customer_ids=None)


def _module_changed(sender, instance: Module, **kwargs) -> None:
    # The facts hold module names; a rename is rare and reaches every customer.
    portal_version_raise(customer_ids=None)


def _read_changed(sender, instance: ReleaseRead, **kwargs) -> None:
    portal_version_raise(customer_ids=_customer_of_user(instance.user_id))


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_seat_changed, sender=SuperUserSeat, dispatch_uid="facts-seat")
        signal.connect(_licence_changed, sender=Licence, dispatch_uid="facts-licence")
        signal.connect(_training_changed, sender=TrainingCompletion, dispatch_uid="facts-training")
        signal.connect(_module_changed, sender=Module, dispatch_uid="facts-module")
        signal.connect(_release_changed, sender=Release, dispatch_uid="facts-release")
        signal.connect(_release_changed, sender=ReleaseSection, dispatch_uid="facts-section")
        signal.connect(_read_changed, sender=ReleaseRead, dispatch_uid="facts-read")
    m2m_changed.connect(_licence_modules_changed, sender=Licence.modules.through,
                        dispatch_uid="facts-licence-modules")
