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
    language = models.CharField(max_length=5)

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
    licences = models.ManyToManyField("Licence", through="LicenceModule", related_name="+")

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
    start_deadline = models.DateTimeField(null=True)
    work_started_at = models.DateTimeField(null=True)
    last_public_word_at = models.DateTimeField(null=True)
    last_public_word_by_staff = models.BooleanField(null=True)

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


# The rows the home's panels show (templates/floor/dashboard.html).

class Licence(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.DO_NOTHING)
    is_active = models.BooleanField()

    class Meta:
        managed = False
        db_table = "customers_licence"

    def __str__(self) -> str:
        return str(self.pk)


class LicenceModule(models.Model):
    licence = models.ForeignKey(Licence, on_delete=models.DO_NOTHING)
    module = models.ForeignKey(Module, on_delete=models.DO_NOTHING)

    class Meta:
        managed = False
        db_table = "customers_licence_modules"

    def __str__(self) -> str:
        return f"{self.licence_id}:{self.module_id}"


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(User, null=True, on_delete=models.DO_NOTHING, related_name="+")
    kind = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)

    class Meta:
        managed = False
        db_table = "cases_caseevent"

    def __str__(self) -> str:
        return self.kind


class CostEstimate(models.Model):
    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, related_name="estimates")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    given_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True)
    superseded_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "cases_costestimate"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class SupportLoginGrant(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.DO_NOTHING)
    case = models.ForeignKey(Case, on_delete=models.DO_NOTHING, related_name="+")
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "support_logins_supportlogingrant"

    def __str__(self) -> str:
        return str(self.pk)


class Article(models.Model):
    question = models.CharField(max_length=300)
    module = models.ForeignKey(Module, null=True, on_delete=models.DO_NOTHING)
    language = models.CharField(max_length=2)
    is_published = models.BooleanField()
    visibility = models.CharField(max_length=10)
    updated_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "knowledgebase_article"

    def __str__(self) -> str:
        return self.question


class Release(models.Model):
    version = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    published_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "academy_release"

    def __str__(self) -> str:
        return self.version


class ReleaseSection(models.Model):
    release = models.ForeignKey(Release, on_delete=models.DO_NOTHING, related_name="sections")
    module = models.ForeignKey(Module, on_delete=models.DO_NOTHING)
    language = models.CharField(max_length=5)

    class Meta:
        managed = False
        db_table = "academy_releasesection"

    def __str__(self) -> str:
        return f"{self.release_id}:{self.module_id}"


class ReleaseRead(models.Model):
    user = models.ForeignKey(User, on_delete=models.DO_NOTHING)
    release = models.ForeignKey(Release, on_delete=models.DO_NOTHING)

    class Meta:
        managed = False
        db_table = "academy_releaseread"

    def __str__(self) -> str:
        return f"{self.user_id}:{self.release_id}"
