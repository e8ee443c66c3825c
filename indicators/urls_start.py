"""The start page, under the name "home" without a namespace."""

from django.urls import path

from indicators import views_start

urlpatterns = [
    path("", views_start.home, name="home"),
]
