"""What the API shows of each object: the same fields a customer sees on the portal."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Attachment, Case, Message
from cases.workflows import Category, State, state_display_name
from support_logins.models import Preset
from support_logins.selectors import CONSULTANT


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "download_url"]

    def get_download_url(self, attachment: Attachment) -> str:
        return self.context["request"].build_absolute_uri(
            f"/api/v1/attachments/{attachment.pk}/")


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    from_customer_centre = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(source="visible_attachments", many=True)

    class Meta:
        model = Message
        fields = ["id", "author", "from_customer_centre", "body", "created_at", "attachments"]

    def get_author(self, message: Message) -> str:
        author = message.author
        return (author.get_full_name() or author.email) if author else ""

    def get_from_customer_centre(self, message: Message) -> bool:
        return message.author is None or message.author.is_staff


class CaseSerializer(serializers.ModelSerializer):
    module = serializers.CharField(source="module.display_name")
    state_name = serializers.SerializerMethodField()
    reported_by = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["number", "url", "category", "subject", "module", "state", "state_name",
                  "service_level", "registered_at", "start_deadline", "work_started_at",
                  "resolved_at", "closed_at", "reported_by"]

    def get_state_name(self, case: Case) -> str:
        return state_display_name(case.category, case.state)

    def get_reported_by(self, case: Case) -> str:
        return case.reporter.get_full_name() or case.reporter.email

    def get_url(self, case: Case) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/cases/{case.number}/")


class EstimateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    text = serializers.CharField()
    given_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)


class CaseDetailSerializer(CaseSerializer):
    description = serializers.CharField()
    messages = MessageSerializer(many=True, source="public_messages")
    attachments = AttachmentSerializer(many=True, source="case_attachments")
    estimate = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "description", "messages", "attachments",
                  "estimate"]

    @extend_schema_field(EstimateSerializer(allow_null=True))
    def get_estimate(self, case: Case) -> dict | None:
        """The current cost estimate of an order (accept it by its version), else null."""
        estimate = getattr(case, "current_estimate", None)
        return EstimateSerializer(estimate).data if estimate is not None else None


class CaseListQuerySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    status = serializers.ChoiceField(choices=["open", "resolved"], required=False)
    state = serializers.ChoiceField(choices=State.choices, required=False)
    module = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    mine = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False, max_length=200, allow_blank=True)


class CaseRegisterSerializer(serializers.Serializer):
    """Validated by the portal's own registration form (cases.forms); this only describes
    the fields for the schema."""

    module = serializers.IntegerField(help_text="A module you are trained on (its id).")
    category = serializers.ChoiceField(choices=Category.choices)
    service_level = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                             max_value=5,
                                             help_text="Software bugs only: 1 (critical) to 5.")
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False)


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False)


class OfficeSerializer(serializers.Serializer):
    office = serializers.CharField()
    name = serializers.CharField()
    time_zone = serializers.CharField()
    open_now = serializers.BooleanField()
    next_opening = serializers.DateTimeField(allow_null=True)
    weekly_hours = serializers.ListField(
        child=serializers.ListField(child=serializers.ListField(child=serializers.CharField())),
        help_text="Monday first: each day's opening intervals as [opens, closes].")


class CasePageSerializer(serializers.Serializer):
    """One page of the case list; follow ``next`` (a cursor) for the following page."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseSerializer(many=True)


class SlaSummaryRowSerializer(serializers.Serializer):
    month = serializers.DateField()
    level = serializers.IntegerField()
    bugs = serializers.IntegerField()
    started_in_time = serializers.IntegerField()
    started_late = serializers.IntegerField()
    waiting_in_time = serializers.IntegerField()
    waiting_late = serializers.IntegerField()


class FaqQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Words to look for.")
    language = serializers.ChoiceField(choices=["sv", "fi", "en"], required=False,
                                       help_text="Only articles in this language.")


class FaqArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    question = serializers.CharField()
    language = serializers.CharField()
    url = serializers.CharField()


class UnreadReleasesSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text="Release notes the person has not opened.")


class EstimateAcceptSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1,
                                       help_text="The version you accept (as shown to you).")


class SupportLoginSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    case = serializers.CharField(source="case.number")
    kind = serializers.CharField()
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    active = serializers.BooleanField()


class SupportLoginGrantSerializer(serializers.Serializer):
    preset = serializers.ChoiceField(
        choices=[*Preset.values, CONSULTANT],
        help_text="8 working hours, 24 hours, 72 hours (office-local Fridays only), or the "
                  "consultant's 24 hours on an order with an accepted estimate.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    expires_at = serializers.DateTimeField(
        required=False,
        help_text="The end your user confirmed, as GET on this address gave it. When the end "
                  "would now be a different one (the office closed meanwhile, a new day "
                  "began), nothing is granted and the answer is 422 with the new end.")


class SupportLoginTermsSerializer(serializers.Serializer):
    preset = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    expires_at = serializers.DateTimeField()


class FaqArticleDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    question = serializers.CharField()
    answer = serializers.CharField()
    language = serializers.CharField()
    updated_at = serializers.DateTimeField()


class ReleaseSectionSerializer(serializers.Serializer):
    module = serializers.CharField(source="module.display_name")
    language = serializers.CharField()
    body = serializers.CharField()


class ReleaseNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="release.pk")
    version = serializers.CharField(source="release.version")
    name = serializers.CharField(source="release.name")
    published_at = serializers.DateTimeField(source="release.published_at")
    unread = serializers.BooleanField()
    sections = ReleaseSectionSerializer(many=True)


class QueueSerializer(serializers.Serializer):
    queue = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField()
    count = serializers.IntegerField()


class StaffCaseSerializer(serializers.ModelSerializer):
    customer = serializers.CharField(source="customer.name")
    assignee = serializers.SerializerMethodField()
    state_name = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["number", "customer", "category", "subject", "state", "state_name",
                  "service_level", "team", "assignee", "registered_at", "start_deadline",
                  "work_started_at"]

    def get_assignee(self, case: Case) -> str:
        return case.assignee.get_full_name() or case.assignee.email if case.assignee else ""

    def get_state_name(self, case: Case) -> str:
        return state_display_name(case.category, case.state)


class StaffCasePageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = StaffCaseSerializer(many=True)
