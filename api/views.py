"""The read API, /api/v1/: every queryset scoped by ``visible_to(user)`` as the pages are.

A token sees exactly what its user sees on the site: partnerships from
``Partnership.objects.visible_to``, answers from ``StatusResponse.objects.visible_to`` and
only approved ones, goal statuses as :func:`indicators.summary.indicator_summaries` computes
them for the pages.
"""

from django.db.models import Prefetch, Q
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework import viewsets
from rest_framework.response import Response

from activities import roles
from activities.models import Activity, Partnership, ReportingRound, StatusResponse, Unit
from api import filters, serializers
from indicators.models import PoliceCount, Population, ReportExport, StatusReport, SurveyResult
from indicators.summary import default_report_years, indicator_summaries


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """GET only, with an ETag of the body: ``If-None-Match`` with the same tag gives 304."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


def visible_partnerships(user):
    return Partnership.objects.visible_to(user)


class PartnershipViewSet(ReadOnlyViewSet):
    serializer_class = serializers.PartnershipSerializer
    filterset_class = filters.PartnershipFilter
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return visible_partnerships(self.request.user)


class UnitViewSet(ReadOnlyViewSet):
    """Units working in the partnerships the user may read."""

    serializer_class = serializers.UnitSerializer
    filterset_class = filters.UnitFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        user = self.request.user
        if roles.is_administrator(user):
            return Unit.objects.all()
        activities = Activity.objects.visible_to(user).order_by()
        return Unit.objects.filter(
            Q(pk__in=activities.values("responsible_units")) | Q(pk__in=activities.values("partner_units"))
        )


class ActivityViewSet(ReadOnlyViewSet):
    """The plan's activities and budget lines, with their budgets per year."""

    serializer_class = serializers.ActivitySerializer
    filterset_class = filters.ActivityFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            Activity.objects.visible_to(self.request.user)
            .select_related("partnership")
            .prefetch_related("responsible_units", "partner_units", "budgets")
            .in_plan_order()
        )


class RoundViewSet(ReadOnlyViewSet):
    """Reporting rounds with their approved answers only: drafts, submitted and returned
    answers are not shared here."""

    serializer_class = serializers.RoundSerializer
    filterset_class = filters.RoundFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        user = self.request.user
        answers = StatusResponse.objects.visible_to(user).approved().select_related("activity")
        return (
            ReportingRound.objects.visible_to(user)
            .select_related("partnership")
            .prefetch_related(Prefetch("responses", queryset=answers, to_attr="approved_answers"))
            .order_by("partnership__name", "-year", "pk")
        )


class PartnershipDataViewSet(ReadOnlyViewSet):
    model = None
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            self.model.objects.filter(partnership__in=visible_partnerships(self.request.user))
            .select_related("partnership")
            .order_by("partnership__name", "year", "pk")
        )


class SurveyResultViewSet(PartnershipDataViewSet):
    """Tryghedsundersøgelsen: the percentages per measure, level and year."""

    model = SurveyResult
    serializer_class = serializers.SurveyResultSerializer
    filterset_class = filters.SurveyResultFilter


class PoliceCountViewSet(PartnershipDataViewSet):
    """The police's counts of reports per category, level and year."""

    model = PoliceCount
    serializer_class = serializers.PoliceCountSerializer
    filterset_class = filters.PoliceCountFilter


class PopulationViewSet(PartnershipDataViewSet):
    model = Population
    serializer_class = serializers.PopulationSerializer
    filterset_class = filters.PopulationFilter


class GoalQuery(drf_serializers.Serializer):
    partnership = drf_serializers.CharField(max_length=50, required=False)
    year = drf_serializers.IntegerField(min_value=2000, max_value=2100, required=False)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "year",
            OpenApiTypes.INT,
            description=_("Rapportåret; uden det året for de nyeste data, som på indikatorsiden."),
        )
    ]
)
class GoalStatusViewSet(ReadOnlyViewSet):
    """The goals of each partnership with their status in a report year, as the indicator
    page and the status report compute them."""

    serializer_class = serializers.GoalStatusesSerializer
    filterset_class = None
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def query(self):
        query = GoalQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data

    def get_queryset(self):
        partnerships = visible_partnerships(self.request.user)
        slug = self.query().get("partnership")
        return partnerships.filter(slug=slug) if slug and self.action == "list" else partnerships

    def _with_summaries(self, partnerships):
        year = self.query().get("year")
        years = default_report_years(partnerships) if year is None else {}
        pairs = [(partnership, year or years[partnership.pk]) for partnership in partnerships]
        return [
            {"partnership": partnership, "summary": summary}
            for (partnership, _year), summary in zip(pairs, indicator_summaries(pairs), strict=True)
        ]

    @extend_schema(
        parameters=[
            OpenApiParameter("partnership", OpenApiTypes.STR, description=_("Partnerskabets kort navn."))
        ]
    )
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(self._with_summaries(page), many=True).data)

    def retrieve(self, request, *args, **kwargs):
        partnership = self.get_object()
        return Response(self.get_serializer(self._with_summaries([partnership])[0]).data)


class FinalReportViewSet(ReadOnlyViewSet):
    """Archived final status reports: their meta block and a link to download the PDF."""

    serializer_class = serializers.FinalReportSerializer
    filterset_class = filters.FinalReportFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        reports = StatusReport.objects.visible_to(self.request.user)
        return (
            ReportExport.objects.filter(report__in=reports)
            .select_related("report__partnership")
            .order_by("report__partnership__name", "report__year", "-version")
        )
