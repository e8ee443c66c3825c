from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("partnerskaber/<slug:slug>/", views.partnership_detail, name="partnership"),
]
