"""The administrator's pages for users and units, and the coordinator's view of who
belongs to the partnership's units (names without a namespace)."""

from django.urls import path

from accounts import views_users

urlpatterns = [
    path("brugere/", views_users.user_list, name="user_list"),
    path("brugere/ny/", views_users.user_edit, name="user_create"),
    path("brugere/<int:pk>/", views_users.user_edit, name="user_edit"),
    path("brugere/<int:pk>/aktiv/", views_users.user_set_active, name="user_set_active"),
    path("enheder/", views_users.unit_list, name="unit_list"),
    path("enheder/ny/", views_users.unit_edit, name="unit_create"),
    path("enheder/<int:pk>/", views_users.unit_edit, name="unit_edit"),
    path("partnerskaber/<slug:slug>/enheder/", views_users.partnership_units, name="partnership_units"),
]
