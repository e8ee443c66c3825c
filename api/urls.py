from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("units", views.UnitViewSet, basename="unit")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("survey-results", views.SurveyResultViewSet, basename="survey-result")
router.register("police-counts", views.PoliceCountViewSet, basename="police-count")
router.register("populations", views.PopulationViewSet, basename="population")
router.register("goal-statuses", views.GoalStatusViewSet, basename="goal-status")
router.register("final-reports", views.FinalReportViewSet, basename="final-report")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
