from django.urls import path

from activities import views, views_plan, views_rounds

app_name = "activities"

urlpatterns = [
    path("partnerskaber/<slug:slug>/", views.partnership_detail, name="partnership"),
    # The tryghedsplan: activities, budgets and the plan upload.
    path("partnerskaber/<slug:slug>/forlaeng/", views.partnership_extend, name="partnership_extend"),
    path("partnerskaber/<slug:slug>/plan/", views_plan.plan, name="plan"),
    path("partnerskaber/<slug:slug>/plan/budgetter/", views_plan.budget_grid, name="budget_grid"),
    path("partnerskaber/<slug:slug>/plan/import/", views_plan.plan_import_view, name="plan_import"),
    path(
        "partnerskaber/<slug:slug>/plan/import/skabelon.<str:fmt>",
        views_plan.plan_import_template,
        name="plan_import_template",
    ),
    path("partnerskaber/<slug:slug>/plan/ny/", views_plan.activity_create, name="activity_create"),
    path("aktiviteter/<int:pk>/", views_plan.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:pk>/rediger/", views_plan.activity_edit, name="activity_edit"),
    # Midtvejsstatus: rounds, the coordinator's overview and the response page.
    path("partnerskaber/<slug:slug>/runder/", views_rounds.round_list, name="round_list"),
    path("partnerskaber/<slug:slug>/runder/ny/", views_rounds.round_create, name="round_create"),
    path("runder/<int:pk>/", views_rounds.round_overview, name="round_overview"),
    path("runder/<int:pk>/eksport.xlsx", views_rounds.round_export, name="round_export"),
    path("runder/<int:pk>/godkend/", views_rounds.round_bulk_approve, name="round_bulk_approve"),
    path("runder/<int:pk>/tilfoej/", views_rounds.round_add_activities, name="round_add_activities"),
    path("runder/<int:pk>/slet/", views_rounds.round_delete, name="round_delete"),
    path("runder/<int:pk>/luk/", views_rounds.round_close, name="round_close"),
    path("runder/<int:pk>/paamind/", views_rounds.round_remind, name="round_remind"),
    path("runder/<int:pk>/aaben/", views_rounds.round_set_open, name="round_set_open"),
    path("konto/e-mail/", views_rounds.mail_preferences, name="mail_preferences"),
    path("svar/<int:pk>/", views_rounds.response_detail, name="response"),
    path("svar/<int:pk>/<slug:action>/", views_rounds.response_action, name="response_action"),
]
