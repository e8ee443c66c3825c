"""What the API returns: the records as the pages show them, read-only."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import Activity, Budget, Partnership, ReportingRound, StatusResponse, Unit
from indicators.models import PoliceCount, Population, ReportExport, SurveyResult


class PartnershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = [
            "slug",
            "name",
            "district",
            "first_year",
            "last_year",
            "baseline_year",
            "comparable_from_year",
        ]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "short_name", "name", "kind"]


class BudgetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Budget
        fields = ["year", "amount"]


class ActivitySerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    responsible_units = serializers.SlugRelatedField(slug_field="short_name", many=True, read_only=True)
    partner_units = serializers.SlugRelatedField(slug_field="short_name", many=True, read_only=True)
    budgets = BudgetSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "partnership",
            "number",
            "title",
            "description",
            "first_year",
            "last_year",
            "responsible_units",
            "partner_units",
            "budgets",
        ]


class ApprovedAnswerSerializer(serializers.ModelSerializer):
    activity = serializers.PrimaryKeyRelatedField(read_only=True)
    activity_number = serializers.IntegerField(source="activity.number", read_only=True, allow_null=True)

    class Meta:
        model = StatusResponse
        fields = [
            "id",
            "activity",
            "activity_number",
            "responsible_text",
            "on_track",
            "on_track_text",
            "deliverables_intro",
            "deliverable_1",
            "deliverable_2",
            "deliverable_3",
            "concerns",
            "concerns_text",
            "adjustments",
            "adjustments_text",
            "version",
            "submitted_at",
        ]


class RoundSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    approved_answers = ApprovedAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "partnership",
            "year",
            "title",
            "period_start",
            "period_end",
            "deadline",
            "is_open",
            "approved_answers",
        ]


class SurveyResultSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = SurveyResult
        fields = ["id", "partnership", "measure", "level", "year", "percent", "respondents", "significant"]


class PoliceCountSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PoliceCount
        fields = ["id", "partnership", "category", "level", "year", "count"]


class PopulationSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Population
        fields = ["id", "partnership", "level", "year", "population"]


class GoalStatusSerializer(serializers.Serializer):
    """One :class:`~indicators.summary.GoalRow` as the summary computed it."""

    id = serializers.IntegerField(source="pk")
    indicator = serializers.CharField()
    category = serializers.CharField(allow_blank=True)
    label = serializers.CharField()
    rule = serializers.CharField()
    rule_text = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    baseline_year = serializers.IntegerField(allow_null=True)
    target_year = serializers.IntegerField(allow_null=True)
    threshold = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    state = serializers.CharField(source="status.state", allow_null=True, default=None)
    state_label = serializers.CharField(source="status.label", allow_null=True, default=None)
    reason = serializers.CharField(source="status.reason", allow_null=True, default=None)


class GoalStatusesSerializer(serializers.Serializer):
    """The goals of one partnership with their statuses for one report year."""

    partnership = serializers.CharField(source="partnership.slug")
    report_year = serializers.IntegerField(source="summary.report_year")
    goals = GoalStatusSerializer(source="summary.goals", many=True)


class FinalReportSerializer(serializers.ModelSerializer):
    partnership = serializers.CharField(source="report.partnership.slug", read_only=True)
    year = serializers.IntegerField(source="report.year", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportExport
        fields = [
            "id",
            "partnership",
            "year",
            "version",
            "report_date",
            "f2_case_number",
            "f2_document_number",
            "edoc_case_number",
            "sha256",
            "size",
            "exported_at",
            "download_url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_download_url(self, export):
        url = reverse("indicators:report_download", args=[export.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
