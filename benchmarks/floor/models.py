"""The portal's own tables, read by a bare Django project: unmanaged models over just the
columns the floor pages show, so the floor reads the same rows as the portal."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models


class User(AbstractBaseUser):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_superuser = models.BooleanField(default=False)
    customer = models.ForeignKey("Customer", null=True, on_delete=models.DO_NOTHING)

    USERNAME_FIELD = "email"
    objects = BaseUserManager()

    class Meta:
        managed = False
        db_table = "accounts_user"

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    # What PermissionsMixin would answer for the bench's superuser, without its tables.
    def has_perm(self, perm, obj=None) -> bool:
        return self.is_active and self.is_superuser

    def has_module_perms(self, app_label) -> bool:
        return self.is_active and self.is_superuser


class Customer(models.Model):
    name = models.CharField(max_length=200)

    class Meta:
        managed = False
        db_table = "customers_customer"

    def __str__(self) -> str:
        return self.name


class Module(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        managed = False
        db_table = "customers_module"

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    CATEGORIES = [("support", "Support question"), ("order", "Order"), ("wish", "Wish"),
                  ("bug", "Software bug")]
    number = models.CharField(max_length=16, unique=True)
    customer = models.ForeignKey(Customer, on_delete=models.DO_NOTHING)
    reporter = models.ForeignKey(User, on_delete=models.DO_NOTHING, related_name="+")
    assignee = models.ForeignKey(User, null=True, blank=True, on_delete=models.DO_NOTHING,
                                 related_name="+")
    module = models.ForeignKey(Module, on_delete=models.DO_NOTHING)
    category = models.CharField(max_length=20, choices=CATEGORIES)
    subject = models.CharField(max_length=200)
    description = models.TextField()
    state = models.CharField(max_length=30)
    service_level = models.PositiveSmallIntegerField(null=True, blank=True)
    registered_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "cases_case"

    def __str__(self) -> str:
        return self.number


class Message(models.Model):
    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, related_name="messages")
    author = models.ForeignKey(User, null=True, on_delete=models.DO_NOTHING, related_name="+")
    body = models.TextField()
    is_internal = models.BooleanField()
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "cases_message"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.body[:40]}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, related_name="attachments")
    message = models.ForeignKey(Message, null=True, on_delete=models.DO_NOTHING,
                                related_name="attachments")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()

    class Meta:
        managed = False
        db_table = "cases_attachment"

    def __str__(self) -> str:
        return self.original_name
