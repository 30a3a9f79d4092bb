from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from audit.services import audit_record
from customers.models import Customer

from .models import (
    NotificationDelivery,
    NotificationKind,
    NotificationPreference,
    PendingRegistration,
    RegistrationMail,
    User,
)

log = logging.getLogger(__name__)

# The confirmation link works this long; the emails say "24 hours".
REGISTRATION_LINK_MAX_AGE = dt.timedelta(hours=24)
# Registration mails to one address (whatever they say) per hour; the rest are not sent.
REGISTRATION_MAILS_PER_HOUR = 3
REGISTRATION_MAIL_WINDOW = dt.timedelta(hours=1)
_TOKEN_SALT = "accounts.registration.confirm"


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def user_profile_update(*, user: User, changed_by: User, fields: dict, ip_address: str | None) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    audit_record(
        actor=changed_by, action="user.update", subject=user, customer_id=user.customer_id,
        ip_address=ip_address, details={"fields": sorted(fields)},
    )
    return user


@transaction.atomic
def user_password_change(*, user: User, password: str, ip_address: str | None) -> User:
    """Set a new password the person chose themselves (the form checked the old one)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=user, action="user.password_change", subject=user,
                 customer_id=user.customer_id, ip_address=ip_address)
    return user


@transaction.atomic
def notification_preferences_set(*, user: User, deliveries: dict[str, str],
                                 ip_address: str | None) -> None:
    """Store how the person wants each kind of email; only changed kinds are audited."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    changed = {}
    for kind, delivery in deliveries.items():
        kind, delivery = NotificationKind(kind), NotificationDelivery(delivery)
        if stored.get(kind, NotificationDelivery.EVERY) == delivery:
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery})
        changed[kind.value] = delivery.value
    if changed:
        audit_record(actor=user, action="user.notifications_update", subject=user,
                     customer_id=user.customer_id, ip_address=ip_address,
                     details={"deliveries": changed})


# Registration. The answer to the browser never depends on existing data (see views.register):
# whether the address has an account and whether the customer details match is told only to
# the address itself, by email.


@dataclass(frozen=True)
class RegistrationRequest:
    """A registration form that passed every check that does not look at existing data."""

    email: str
    first_name: str
    last_name: str
    phone: str
    language: str
    password: str
    customer_number: str
    company_name: str


@transaction.atomic
def registration_request(*, registration: RegistrationRequest, page_language: str,
                         now: dt.datetime) -> None:
    """Answer a registration by email, doing the same work whatever the answer is.

    - a new address, with matching or no customer details: a link to confirm the address
      (``registration_confirm``), and a PendingRegistration; no User yet;
    - an address that has an account: "someone tried to register with your address", with
      the login and password-reset links; nothing is created;
    - customer details that match no customer: "we could not match them", nothing created.

    At most REGISTRATION_MAILS_PER_HOUR mails go to one address; the rest are dropped.
    """
    # Hash in every branch, so the time taken does not tell the branches apart.
    password_hash = make_password(registration.password)
    existing = User.objects.filter(email__iexact=registration.email).first()
    customer = None
    customer_matches = True
    if registration.customer_number:
        customer = Customer.objects.filter(customer_number=registration.customer_number).first()
        customer_matches = (customer is not None and customer.name.strip().casefold()
                            == registration.company_name.strip().casefold())
    PendingRegistration.objects.filter(created_at__lt=now - REGISTRATION_LINK_MAX_AGE).delete()
    RegistrationMail.objects.filter(sent_at__lt=now - REGISTRATION_MAIL_WINDOW).delete()

    if not _registration_mail_allowed(registration.email, now=now):
        log.info("registration mail to one address throttled")
        return
    language = registration.language or page_language
    if existing is not None:
        _registration_mail(
            "register_exists", to=existing.email,
            language=existing.language or page_language,
            login_url=settings.PORTAL_URL + reverse("accounts:login"),
            reset_url=_password_reset_url(existing))
    elif not customer_matches:
        _registration_mail("register_no_match", to=registration.email, language=language,
                           register_url=settings.PORTAL_URL + reverse("accounts:register"),
                           contact_url=settings.PORTAL_URL + reverse("contact"))
    else:
        pending = PendingRegistration.objects.create(
            email=registration.email, first_name=registration.first_name,
            last_name=registration.last_name, phone=registration.phone,
            language=registration.language, password=password_hash,
            requested_customer=customer, created_at=now)
        _registration_mail("register_confirm", to=registration.email, language=language,
                           confirm_url=registration_confirm_url(pending))


def registration_confirm_url(pending: PendingRegistration) -> str:
    token = signing.dumps({"id": pending.pk, "email": pending.email}, salt=_TOKEN_SALT)
    return f"{settings.PORTAL_URL}{reverse('accounts:register_confirm')}?token={token}"


def registration_pending_get(*, token: str) -> PendingRegistration | None:
    """The registration a confirmation link stands for, or None if the link is forged,
    older than REGISTRATION_LINK_MAX_AGE, used already, or the address has an account now."""
    try:
        data = signing.loads(token, salt=_TOKEN_SALT,
                             max_age=REGISTRATION_LINK_MAX_AGE.total_seconds())
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(data, dict):
        return None
    pending = PendingRegistration.objects.filter(pk=data.get("id"), email=data.get("email")).first()
    if pending is None or User.objects.filter(email__iexact=pending.email).exists():
        return None
    return pending


def registration_password_matches(*, pending: PendingRegistration, password: str) -> bool:
    return check_password(password, pending.password)


@transaction.atomic
def registration_confirm(*, pending: PendingRegistration, ip_address: str | None) -> User | None:
    """Create the account of a confirmed registration. None if the address got an account
    in the meantime (another link of the same address, or staff)."""
    try:
        with transaction.atomic():
            user = User(email=pending.email, first_name=pending.first_name,
                        last_name=pending.last_name, phone=pending.phone,
                        language=pending.language, password=pending.password,
                        requested_customer=pending.requested_customer)
            user.save()
    except IntegrityError:
        user = None
    PendingRegistration.objects.filter(email__iexact=pending.email).delete()
    if user is not None:
        audit_record(actor=user, action="user.register", subject=user, ip_address=ip_address)
    return user


def _registration_mail_allowed(email: str, *, now: dt.datetime) -> bool:
    """At most REGISTRATION_MAILS_PER_HOUR in the last hour to one address; counts this one."""
    address_hash = hashlib.sha256(email.lower().encode()).hexdigest()
    recent = RegistrationMail.objects.filter(address_hash=address_hash,
                                             sent_at__gt=now - REGISTRATION_MAIL_WINDOW)
    if recent.count() >= REGISTRATION_MAILS_PER_HOUR:
        return False
    RegistrationMail.objects.create(address_hash=address_hash, sent_at=now)
    return True


def _password_reset_url(user: User) -> str:
    """The owner's own reset link, as the reset form would mail it; the reset page if the
    account cannot use one (inactive, or no password)."""
    if not (user.is_active and user.has_usable_password()):
        return settings.PORTAL_URL + reverse("accounts:password_reset")
    return settings.PORTAL_URL + reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})


def _registration_mail(template: str, *, to: str, language: str, **context) -> None:
    with translation.override(language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])
