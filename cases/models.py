from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.teams import SupportTeam
from kundcenter.addresses import address_parts

from .uploads import INLINE_IMAGE_TYPES
from .workflows import Category, State

SERVICE_LEVEL_CHOICES = [
    (1, _("1 – Critical: the service cannot start or essential parts are unavailable, no workaround")),
    (2, _("2 – Serious: the business is severely hampered, the service is usable")),
    (3, _("3 – Moderate: part of the business is hampered, or a workaround exists")),
    (4, _("4 – Important to us, but it can be worked around")),
    (5, _("5 – Standard")),
]
DEFAULT_SERVICE_LEVEL = 5


class CaseNumberSequence(models.Model):
    """The last case number handed out per year; rows are locked while a number is taken."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Channel(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("Email")
    API = "api", _("API")


LAST_WORD_FIELDS = ("last_public_word_at", "last_public_word_by_staff")


def case_detail_address() -> tuple[str, str]:
    """What comes before and after the number in a case page's address: a list of cases
    asks once and writes each row's link itself."""
    return address_parts("cases:case_detail", argument="number", stand_in="1970-000001")


def case_detail_url(number: str) -> str:
    """The case page's address (pages list tens of cases: one reverse() for them all)."""
    before, after = case_detail_address()
    return f"{before}{number}{after}"


class Case(models.Model):
    CUSTOMER_PATH = "customer_id"

    # Empty only inside the registering transaction: the number is taken last, so the
    # year's sequence row is locked for as short a time as possible.
    number = models.CharField(_("case number"), max_length=16, unique=True, null=True,
                              editable=False)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"),
                                 on_delete=models.PROTECT, related_name="cases")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                 on_delete=models.PROTECT, related_name="reported_cases")
    module = models.ForeignKey("customers.Module", verbose_name=_("module"),
                               on_delete=models.PROTECT, related_name="cases")
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    service_level = models.PositiveSmallIntegerField(
        _("service level"), choices=SERVICE_LEVEL_CHOICES, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    team = models.CharField(_("team"), max_length=20, choices=SupportTeam.choices)
    office = models.CharField(_("office"), max_length=2)
    # The start-of-work target's result in opening hours (seconds from registration to the
    # start of work, counted on the office's calendar), stored when work starts and
    # recomputed by `manage.py sla_targets_recompute` after a calendar change.
    start_open_seconds = models.PositiveIntegerField(_("time to start (open seconds)"),
                                                     null=True, blank=True, editable=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_cases")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices,
                               default=Channel.PORTAL)
    registered_at = models.DateTimeField(_("registered"), db_index=True)
    work_started_at = models.DateTimeField(_("work started"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # When retention anonymised the case's texts and files (privacy.retention); once is enough.
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True,
                                                   blank=True)
    start_deadline = models.DateTimeField(_("work must start by"), null=True, blank=True)
    # When 75 % of the start window (in open time) is used: from then on the case is at risk.
    start_at_risk_from = models.DateTimeField(_("at risk from"), null=True, blank=True)
    resolution_goal = models.DateTimeField(_("resolution goal"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A follow-up registered after the reopening window of a delivered/closed case.
    follow_up_of = models.ForeignKey("self", verbose_name=_("follow-up of"), null=True,
                                     blank=True, on_delete=models.SET_NULL,
                                     related_name="follow_ups")
    # A duplicate merged into another case of the same customer (cases.hygiene.case_merge):
    # its messages and attachments live on that case now. PROTECT: the target's conversation
    # holds the duplicate's messages, so it must not vanish from under the duplicate's page.
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="merged_cases")
    # Who had the last public word in the conversation, and when (portal-written events are
    # not words): "waiting for your reply" on the home and the desk's queues read these
    # rather than a subquery per open case. Written only by `cases.last_word.refresh`, from
    # the messages, whenever a message is saved, deleted or moved; never by a full save.
    last_public_word_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_public_word_by_staff = models.BooleanField(null=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_at"]
        indexes = [
            # The SuperUser's list order, with the key last: a deep page's keys come from
            # this index alone (cases.listing.DeferredJoinPaginator).
            models.Index(fields=["customer", "category", "-registered_at", "-id"],
                         name="case_customer_list_order"),
            models.Index(fields=["team", "state"]),
            models.Index(fields=["customer", "-last_public_word_at"],
                         name="case_customer_last_word"),
            models.Index(fields=["state", "start_deadline"]),
            # The breach watch (cases.breach_watch): cases still waiting for work, by the
            # instants at which their start promise becomes at risk and is breached.
            # Only still-open cases: the watch's query repeats this condition word for word
            # (sorted states), which is how PostgreSQL knows the index covers it.
            models.Index(fields=["start_at_risk_from"], name="case_risk_watch_open",
                         condition=models.Q(work_started_at__isnull=True)
                         & ~models.Q(state__in=["closed", "delivered"])),
            models.Index(fields=["start_deadline"], name="case_breach_watch_open",
                         condition=models.Q(work_started_at__isnull=True)
                         & ~models.Q(state__in=["closed", "delivered"])),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category=Category.SOFTWARE_BUG, service_level__isnull=False)
                | (~models.Q(category=Category.SOFTWARE_BUG) & models.Q(service_level__isnull=True)),
                name="case_level_only_and_always_for_bugs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    def save(self, *args, **kwargs) -> None:
        # A full save of a case read before a message arrived (an admin form, a service that
        # locked the case first) must not write back the last word it read.
        if kwargs.get("update_fields") is None and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in deferred
                and field.name not in LAST_WORD_FIELDS]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return case_detail_url(self.number)

    @property
    def is_closed(self) -> bool:
        return self.state == State.CLOSED

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class CaseEvent(models.Model):
    """The case history: who did what, when. Written only by services."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        STATE_CHANGED = "state_changed", _("State changed")
        PUBLIC_REPLY = "public_reply", _("Reply")
        LEVEL_CHANGED = "level_changed", _("Service level changed")
        ASSIGNED = "assigned", _("Assigned")
        ESTIMATE_GIVEN = "estimate_given", _("Cost estimate given")
        ESTIMATE_ACCEPTED = "estimate_accepted", _("Cost estimate accepted")
        TRANSFERRED = "transferred", _("Transferred to another team")
        # "Work started" in the SLA sense: the first move out of the first state or the first
        # public reply. For an order that is the cost estimate, not yet billable work.
        WORK_STARTED = "work_started", _("Handling started")
        REOPENED = "reopened", _("Reopened")
        FOLLOW_UP_REGISTERED = "follow_up", _("Follow-up case registered")
        RATED = "rated", _("Customer rated the result")
        MERGED_INTO = "merged_into", _("Merged into another case")
        MERGED_FROM = "merged_from", _("A duplicate case was merged into this one")
        LINKED = "linked", _("Linked to a related case")
        UNLINKED = "unlinked", _("Link to a related case removed")

    CUSTOMER_PATH = "case__customer_id"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        # The dashboard's latest activity of a customer walks this backwards.
        indexes = [models.Index(fields=["at"], name="caseevent_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"


class Message(models.Model):
    CUSTOMER_PATH = "case__customer_id"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"),
                               null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), blank=True)
    # A message the portal writes into the conversation (e.g. a support login granted) is
    # stored as a kind and its parameters, and worded in each reader's language when shown.
    event_kind = models.CharField(_("portal event"), max_length=40, blank=True)
    event_params = models.JSONField(default=dict, blank=True)
    is_internal = models.BooleanField(
        _("internal note"), default=False,
        help_text=_("Internal notes are never shown to the customer."))
    created_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["case", "is_internal", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.body[:40]}"


class CaseRating(models.Model):
    """The customer's answer to "did this solve it?" after delivery: one per case, which the
    customer may change while the reopening window is open. Read by the managers' reports."""

    CUSTOMER_PATH = "case__customer_id"

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="rating")
    solved = models.BooleanField(_("solved"))
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    rated_at = models.DateTimeField(_("rated"))
    updated_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("customer rating")
        verbose_name_plural = _("customer ratings")
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5),
                                   name="case_rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.score}"


class Attachment(models.Model):
    CUSTOMER_PATH = "case__customer_id"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="attachments")
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        """A picture type that gets a thumbnail and opens in the browser (its content is
        checked again when served, cases.downloads)."""
        return self.content_type in INLINE_IMAGE_TYPES


class TimeEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="time_entries")
    specialist = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("specialist"),
                                   on_delete=models.PROTECT, related_name="+")
    minutes = models.PositiveIntegerField(_("minutes"), validators=[MinValueValidator(1)])
    billable = models.BooleanField(_("billable"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    worked_on = models.DateField(_("date"))

    class Meta:
        ordering = ["worked_on", "pk"]
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")

    def __str__(self) -> str:
        return f"{self.worked_on} {self.minutes} min"


class CostEstimateQuerySet(models.QuerySet):
    def current_for(self, case: Case) -> CostEstimate | None:
        """The estimate the customer is asked about now: the newest version."""
        return self.filter(case=case).order_by("-version").first()


class CostEstimate(models.Model):
    """For orders: what the work will cost. Billable work waits for the customer's yes.

    A row is never changed once given, except to record its acceptance: a new price or text
    is a new version, so an acceptance always names exactly what the customer saw."""

    CUSTOMER_PATH = "case__customer_id"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="estimates")
    version = models.PositiveIntegerField(_("version"), default=1)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="SEK")
    text = models.TextField(_("what is included"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                 related_name="+")
    given_at = models.DateTimeField(_("given"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("replaced by a new version"), null=True, blank=True)

    objects = CostEstimateQuerySet.as_manager()

    class Meta:
        ordering = ["case", "version"]
        verbose_name = _("cost estimate")
        verbose_name_plural = _("cost estimates")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="estimate_version_unique"),
        ]

    def __str__(self) -> str:
        return f"v{self.version}: {self.amount} {self.currency}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class CaseLink(models.Model):
    """Two related cases of the same customer ("see also"). One row per pair: the case with
    the smaller pk is stored as ``case``, whichever side the link was made from."""

    CUSTOMER_PATH = "case__customer_id"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_as_case")
    other = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_as_other")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("linked"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="case_link_unique_pair"),
            # Also refuses a self link, and the same pair stored the other way round.
            models.CheckConstraint(condition=models.Q(case__lt=models.F("other")),
                                   name="case_link_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ↔ {self.other_id}"


class CaseWatch(models.Model):
    """A specialist following a case, typically of another team: told of every new
    message. Staff-only data, never shown in the portal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("watched by"),
                             on_delete=models.CASCADE, related_name="case_watches",
                             limit_choices_to={"is_staff": True})
    created_at = models.DateTimeField(_("watching since"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case watch")
        verbose_name_plural = _("case watches")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_watch_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id}"


class OutboxEmail(models.Model):
    """An email the portal owes someone. Written in the same transaction as the change it
    reports, so a broker outage delays it but never loses it (see cases.notifications)."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    recipient = models.EmailField()
    language = models.CharField(max_length=5)
    template = models.CharField(max_length=100)
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the next try is due after a failure (backoff); empty: send as soon as possible.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due_idx")]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self) -> str:
        return f"{self.template} → {self.recipient}"


class SlaWarning(models.Model):
    """The breach watch's memory: one row per case, target and threshold, written when the
    threshold is crossed (so a case is warned about once, however often the watch runs or
    however long it was down) and marked when the team has been told, which waits for the
    office's opening hours."""

    class Target(models.TextChoices):
        START = "start", _("start of work")

    class Threshold(models.TextChoices):
        AT_RISK = "at_risk", _("at risk")
        BREACHED = "breached", _("breached")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sla_warnings")
    target = models.CharField(_("target"), max_length=20, choices=Target.choices)
    threshold = models.CharField(_("threshold"), max_length=20, choices=Threshold.choices)
    # When the threshold was crossed (the case's own instant), and when the watch saw it.
    reached_at = models.DateTimeField(_("reached"))
    recorded_at = models.DateTimeField(_("recorded"))
    notified_at = models.DateTimeField(_("team notified"), null=True, blank=True)
    # True when, by the time the office opened, work had started or the case was closed:
    # the row is kept for the reports, but nobody is woken up for it.
    suppressed = models.BooleanField(_("not sent: no longer needed"), default=False)

    class Meta:
        verbose_name = _("SLA warning")
        verbose_name_plural = _("SLA warnings")
        ordering = ["-reached_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "target", "threshold"],
                                    name="sla_warning_once_per_threshold"),
        ]
        indexes = [
            models.Index(fields=["recorded_at"], name="sla_warning_pending",
                         condition=models.Q(notified_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.target} {self.threshold}"
