from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.teams import SupportTeam


class UserManager(DjangoUserManager):
    """Email is the login name; there is no separate username."""

    def _create_user(self, email: str, password: str | None, **extra_fields):  # type: ignore[override]
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):  # type: ignore[override]
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, blank=True,
        help_text=_("The language of pages and emails. Empty: the browser's choice."),
    )
    # Set when staff give the person a SuperUser seat; every customer-facing query is
    # scoped by it (customers.access.scope_to_customer).
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="people",
    )
    # What the person typed at registration; staff confirm it when they assign a seat.
    requested_customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer stated at registration"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    support_team = models.CharField(
        _("support team"), max_length=20, choices=SupportTeam.choices, blank=True,
        help_text=_("For product specialists: the team whose cases they handle."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return f"{full_name} <{self.email}>" if full_name else self.email


class PendingRegistration(models.Model):
    """A registration that waits for its owner to open the link in the confirmation email.

    No User exists until then, so an address nobody confirmed never blocks its owner. The
    password is stored hashed, exactly as it will be on the User; rows older than the link's
    lifetime are deleted by the next registration (accounts.services).
    """

    email = models.EmailField(_("email address"), db_index=True)
    # Not shown to anyone (no admin, no form): the labels stay untranslated.
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES,
                                blank=True)
    password = models.CharField(max_length=128)
    requested_customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("customer stated at registration"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.email


class RegistrationMail(models.Model):
    """One registration mail sent, whatever it said: counts towards the hourly limit per
    address (accounts.services.REGISTRATION_MAILS_PER_HOUR). In the database, so every web
    process sees the same count. The address is kept only as a SHA-256 of it."""

    address_hash = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.address_hash[:12]}… {self.sent_at:%Y-%m-%d %H:%M}"


class NotificationKind(models.TextChoices):
    """The kinds of case email a person can tune; each groups a few outbox templates
    (accounts.rules.TEMPLATE_KINDS). Mail about the account itself is not among them."""

    CASE_PROGRESS = "case_progress", _("Cases registered and their state changes")
    REPLIES = "replies", _("Replies in cases")
    ESTIMATES = "estimates", _("Cost estimates given and accepted")
    SUPPORT_LOGINS = "support_logins", _("Support logins granted, revoked and ended")


class NotificationDelivery(models.TextChoices):
    EVERY = "every", _("Every message")
    DIGEST = "digest", _("A daily digest")
    NONE = "none", _("No email")


class NotificationPreference(models.Model):
    """How one person wants one kind of email. No row: every message, as before the
    setting existed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=10,
                                choices=NotificationDelivery.choices,
                                default=NotificationDelivery.EVERY)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"],
                                               name="one_notification_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class DigestItem(models.Model):
    """One email held back for the person's daily digest: what the outbox row would have
    held. The digest renders each item's subject line then, in the reader's language then
    (a case registered gets its number only at commit, after the email was asked for)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when the item went into a digest email (the outbox row); empty: still waiting.
    digested_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.template} → {self.user_id}"
