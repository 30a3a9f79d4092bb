from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from audit.services import audit_record
from kundcenter.client_ip import client_ip


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="user.login", subject=user, customer_id=user.customer_id,
                 ip_address=client_ip(request) if request else None)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action="user.logout", subject=user, customer_id=user.customer_id,
                     ip_address=client_ip(request) if request else None)
